"""Residents' rights over their personal information (PIPL): a copy of their own data (Art. 45), deletion on
request (Art. 47), and no longer than necessary (Art. 19): a moved-out resident is anonymised after
settings.LINLI_MOVED_OUT_RETENTION_DAYS.

Anonymising keeps the row, its residency history and its events (the counts of past years stay true) and
removes what identifies the person: the name becomes “已匿名”, 身份证号 and mobile number (and their search
hashes) are emptied, the birth date keeps only its year, the link to a log-in account is cut and that
account is disabled, notes on the person's tags are emptied."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from linli.audit import services as audit
from linli.audit.models import AccessEntry, Action
from linli.core import policy
from linli.core.exceptions import Conflict, DomainError

from . import rules
from .choices import DeletionStatus, PersonEventKind
from .models import DeletionRequest, Person, PersonEvent, Residency, TagAssignment

ANONYMOUS = "已匿名"


def own_person(user) -> Person | None:
    """The ledger record of a logged-in resident (None when the account is not linked to one)."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user, anonymised_at__isnull=True).select_related("household").first()


def _event(person: Person, actor, kind: str, note: str) -> None:
    PersonEvent.objects.create(
        person=person,
        actor=actor,
        role=policy.acting_role(actor, rules.HANDLE_DELETION) if actor else "",
        kind=kind,
        note=note[:300],
    )


# --- a copy of one's own data ---------------------------------------------------------------------


def own_data(user) -> dict:
    """Everything Linli holds about the resident behind ``user``, in full (it is their own data): the ledger
    record with its history and tags, their appeals, the visits to their household, their volunteer and
    points records, the votes they were called to (whether they voted, never how), their account."""
    from linli.appeals.models import Appeal
    from linli.visits.models import Visit
    from linli.volunteers.models import Volunteer

    person = own_person(user)
    data: dict = {
        "说明": "这是邻里平台保存的您本人的个人信息副本（《个人信息保护法》第四十五条）。请妥善保管。",
        "导出时间": timezone.localtime().isoformat(timespec="seconds"),
        "平台账号": {"姓名": user.name, "手机号": user.phone, "注册时间": _iso(user.date_joined)},
        "居民登记": None,
        "诉求": [
            {
                "编号": a.number or "",
                "标题": a.title,
                "内容": a.text,
                "状态": a.get_status_display(),
                "提交时间": _iso(a.submitted_at),
                "答复": a.reply,
            }
            for a in Appeal.objects.filter(reporter=user).order_by("submitted_at")
        ],
    }
    if person is not None:
        data["居民登记"] = {
            "姓名": person.name,
            "性别": person.get_gender_display(),
            "出生日期": _iso(person.birth_date),
            "身份证号": person.id_number,
            "手机号": person.mobile,
            "所在户": f"{person.household.name}（{person.household.code}）",
            "与户主关系": person.get_relation_display(),
            "居住类型": person.get_residence_type_display(),
            "业主": "是" if person.is_owner else "否",
            "迁入日期": _iso(person.moved_in_on),
            "迁出日期": _iso(person.moved_out_on),
            "居住记录": [
                {"户": r.household.name, "迁入": _iso(r.moved_in_on), "迁出": _iso(r.moved_out_on)}
                for r in Residency.objects.filter(person=person).select_related("household").order_by("id")
            ],
            "标签": [
                {"标签": t.tag.name, "起始": _iso(t.since), "结束": _iso(t.until)}
                for t in TagAssignment.objects.filter(person=person).select_related("tag").order_by("since")
            ],
            "变更记录": [
                {"时间": _iso(e.at), "事件": e.get_kind_display(), "涉及字段": e.fields}
                for e in person.events.order_by("at", "id")
            ],
            "走访本户": [
                {"时间": _iso(v.visited_at), "类型": v.get_kind_display(), "结果": v.get_outcome_display()}
                for v in Visit.objects.filter(household=person.household).order_by("visited_at")
            ],
        }
    volunteer = Volunteer.objects.filter(user=user).select_related("place").first()
    if volunteer is not None:
        from linli.points.models import Entry

        data["志愿服务"] = {
            "服务地": volunteer.place.name,
            "积分明细": [
                {"日期": _iso(e.day), "类别": e.get_kind_display(), "积分": e.amount, "说明": e.reason}
                for e in Entry.objects.filter(account__volunteer=volunteer).order_by("at", "id")
            ],
        }
    if person is not None:
        from linli.votes.models import Elector

        data["表决"] = [
            {"表决": e.poll.title, "是否已投票": "是" if e.ballots.exists() else "否"}
            for e in Elector.objects.filter(person=person).select_related("poll")
        ]
    return data


def _iso(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat(timespec="seconds")
    return value.isoformat()


@transaction.atomic
def own_data_download(*, user) -> dict:
    """The copy for a download: at most LINLI_OWN_DATA_DOWNLOADS_PER_DAY a day, and audited."""
    limit = settings.LINLI_OWN_DATA_DOWNLOADS_PER_DAY
    since = timezone.now() - timedelta(days=1)
    used = AccessEntry.objects.filter(
        actor=user, action=Action.EXPORT_FULL, object_type="本人信息", at__gte=since
    ).count()
    if used >= limit:
        raise DomainError(f"24小时内最多下载 {limit} 次本人信息，请明天再试。")
    person = own_person(user)
    audit.record(
        actor=user,
        permission=rules.VIEW_PERSON,
        action=Action.EXPORT_FULL,
        object_type="本人信息",
        object_id=str(person.pk) if person else "",
        object_label=person.masked_name if person else user.name,
        place_code=person.household.code if person else "",
        fields=["身份证号", "手机号", "姓名"] if person else ["姓名", "手机号"],
        reason="本人下载个人信息副本",
    )
    return own_data(user)


# --- deletion on request ----------------------------------------------------------------------------


def own_deletion_requests(user, *, limit: int = 5) -> list[DeletionRequest]:
    """The user's own latest deletion requests, newest first."""
    return list(DeletionRequest.objects.filter(requested_by=user).order_by("-requested_at")[:limit])


def deletion_pending(person: Person | None) -> bool:
    """Whether ``person`` has a deletion request waiting for an answer (at most one may)."""
    return (
        person is not None
        and DeletionRequest.objects.filter(person=person, status=DeletionStatus.PENDING).exists()
    )


@transaction.atomic
def deletion_request(*, user, reason: str) -> DeletionRequest:
    person = own_person(user)
    if person is None:
        raise DomainError("平台上没有与您账号关联的居民登记信息，无需申请删除。")
    reason = (reason or "").strip()
    if not 2 <= len(reason) <= 300:
        raise DomainError("请写明申请删除的理由（2至300个字）。", field="reason")
    if deletion_pending(person):
        raise Conflict("您已有一份待处理的删除申请。")
    request = DeletionRequest.objects.create(person=person, requested_by=user, reason=reason)
    _event(person, user, PersonEventKind.DELETION_REQUESTED, "本人申请删除个人信息")
    return request


def deletion_requests_visible_to(user):
    return policy.visible(
        user, rules.HANDLE_DELETION, DeletionRequest.objects.select_related("person__household")
    )


#: A request older than this (days) is flagged: PIPL asks for a timely answer.
ANSWER_WITHIN_DAYS = 15


def deletion_queue(user, status: str, *, limit: int = 200) -> list[DeletionRequest]:
    """The requests of ``status`` that ``user`` answers, each with ``age_days`` and ``late`` (pending
    for longer than ANSWER_WITHIN_DAYS)."""
    rows = list(deletion_requests_visible_to(user).filter(status=status)[:limit])
    now = timezone.now()
    for r in rows:
        r.age_days = (now - r.requested_at).days
        r.late = r.status == DeletionStatus.PENDING and r.age_days > ANSWER_WITHIN_DAYS
    return rows


@transaction.atomic
def deletion_answer(*, actor, request: DeletionRequest, carry_out: bool, reply: str) -> DeletionRequest:
    policy.require(actor, rules.HANDLE_DELETION, request)
    reply = (reply or "").strip()
    if not carry_out and len(reply) < 2:
        raise DomainError("不予删除时须写明理由（例如法定保存义务），申请人会看到。", field="reply")
    if len(reply) > 300:
        raise DomainError("答复不能超过300个字。", field="reply")
    claimed = DeletionRequest.objects.filter(pk=request.pk, status=DeletionStatus.PENDING).update(
        status=DeletionStatus.DONE if carry_out else DeletionStatus.REFUSED,
        handled_by=actor,
        handled_at=timezone.now(),
        reply=reply or "已按您的申请删除（匿名化）个人信息。",
    )
    if claimed != 1:
        raise Conflict("该申请已由他人处理。")
    if carry_out:
        anonymise_person(person=request.person, actor=actor, reason=f"依本人申请删除：{request.reason}")
    request.refresh_from_db()
    return request


# --- anonymisation ------------------------------------------------------------------------------------


@transaction.atomic
def anonymise_person(*, person: Person, actor=None, reason: str, today: date | None = None) -> bool:
    """Remove what identifies ``person`` (see the module's docstring); False if it was done before.
    A current resident (not moved out) is never anonymised: the ledger needs them."""
    today = today or timezone.localdate()
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at is not None:
        return False
    if person.moved_out_on is None:
        raise DomainError("该居民仍在册：请先办理迁出，或驳回申请并说明法定保存理由。")
    user = person.user
    Person.objects.filter(pk=person.pk).update(
        name=ANONYMOUS,
        id_number="",
        id_number_hash="",
        mobile="",
        mobile_hash="",
        birth_date=date(person.birth_date.year, 1, 1) if person.birth_date else None,
        user=None,
        anonymised_at=timezone.now(),
    )
    TagAssignment.objects.filter(person=person).update(note="")
    if user is not None and user.is_active:
        type(user).objects.filter(pk=user.pk).update(is_active=False)
    _event(person, actor, PersonEventKind.ANONYMISED, reason)
    if actor is not None:
        audit.record(
            actor=actor,
            permission=rules.HANDLE_DELETION,
            action=Action.CHANGE,
            object_type="居民",
            object_id=str(person.pk),
            object_label=person.masked_name,
            place_code=person.household.code,
            fields=["姓名", "身份证号", "手机号", "出生日期"],
            reason=reason[:200],
        )
    return True


def moved_out_due(*, today: date | None = None):
    """Moved-out residents whose retention period has passed and who are not anonymised yet."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.LINLI_MOVED_OUT_RETENTION_DAYS)
    return Person.objects.filter(moved_out_on__lt=cutoff, anonymised_at__isnull=True).order_by()


def anonymise_moved_out(*, today: date | None = None, limit: int = 5000) -> int:
    """The periodic job: anonymise up to ``limit`` residents whose retention ended; returns how many."""
    done = 0
    days = settings.LINLI_MOVED_OUT_RETENTION_DAYS
    for person in moved_out_due(today=today)[:limit]:
        if anonymise_person(person=person, reason=f"迁出满 {days} 天，保存期限届满", today=today):
            done += 1
    return done

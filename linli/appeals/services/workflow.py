"""The closed loop: 受理 → 派单 → 签收 → 办理 → 反馈 → 核查办结 → 回访 → 评价, with 回退, 延期, 缓办/挂账,
重办, 上报 and 接单. Each function is keyword-only, atomic, applies one transition through
``apply_transition`` (compare-and-set + event) and tells the people concerned through the outbox."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError

from .. import clock, rules
from ..choices import Flow, Level, Satisfaction, Status
from ..models import Appeal, HandlingUnit
from . import notices
from ._apply import apply_transition
from .photos import attach, check_photos

_WIDTH_LEVEL = {6: Level.DISTRICT, 9: Level.STREET, 12: Level.COMMUNITY}


def _required(text: str, what: str, *, minimum: int = 2) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(f"请填写{what}。", field="note")
    if len(text) < minimum:
        raise DomainError(f"{what}太简短，请至少写 {minimum} 个字。", field="note")
    return text


def actor_level(actor, appeal: Appeal, permission: str) -> int | None:
    """The highest level (smallest number) at which ``actor`` holds ``permission`` over the appeal."""
    best = None
    for a in actor.active_assignments():
        if a.role not in policy.roles_granting(permission):
            continue
        if a.place_code is None and a.grid_code is None:
            return 0
        if a.place_code and appeal.place_code.startswith(a.place_code):
            level = _WIDTH_LEVEL.get(len(a.place_code), Level.COMPOUND)
        elif a.grid_code and appeal.grid_code.startswith(a.grid_code):
            level = Level.COMMUNITY
        else:
            continue
        best = level if best is None else min(best, level)
    return best


def _require_level(actor, appeal: Appeal, permission: str) -> None:
    level = actor_level(actor, appeal, permission)
    if level is None or level > appeal.level:
        raise DomainError(f"该诉求已由{Level(appeal.level).label}层级办理，您所在层级不能处理。")


def _clear_dispatch() -> dict:
    return {
        "unit": None,
        "assignee": None,
        "dispatched_at": None,
        "signed_at": None,
        "replied_at": None,
        "sign_due": None,
        "handle_due": None,
        "yellow_card_at": None,
        "red_card_at": None,
        "extension_requested_days": None,
        "extension_reason": "",
    }


def _dues(appeal: Appeal, at) -> dict:
    if appeal.category_id is None:
        raise DomainError("请先为诉求选择分类，再派单。", field="category")
    category = appeal.category
    return {
        "sign_due": clock.due(at, category.sign_limit),
        "handle_due": clock.due(at, category.handle_limit),
    }


@transaction.atomic
def appeal_receive(*, appeal: Appeal, actor, category=None, note: str = "") -> Appeal:
    changes = {"received_at": timezone.now()}
    if category is not None:
        if not category.is_active or not category.is_leaf:
            raise DomainError("请选择一个二级分类。", field="category")
        changes["category"] = category
        if not appeal.escalation_count:  # the category decides where it is handled (属地/属主, 层级)
            level = min(
                category.default_level,
                appeal.level if appeal.place_code and len(appeal.place_code) < 15 else 4,
            )
            changes.update(level=level, flow=Flow.COMMUNITY if level == Level.COMPOUND else Flow.STANDARD)
    apply_transition(appeal=appeal, name="receive", actor=actor, changes=changes, note=note)
    return appeal


@transaction.atomic
def appeal_reject(*, appeal: Appeal, actor, reason: str) -> Appeal:
    """不予受理 — the reason is the reply the resident receives (件件有回应)."""
    reason = _required(reason, "不予受理的理由（将答复居民）", minimum=5)
    apply_transition(appeal=appeal, name="reject", actor=actor, changes={"reply": reason}, note=reason)
    notices.replied_to_resident(appeal, what="rejected")
    return appeal


@transaction.atomic
def appeal_merge(*, appeal: Appeal, into: Appeal, actor, note: str = "") -> Appeal:
    """Merge a duplicate into the appeal that will be handled; its reporter hears the result of that one."""
    if into.pk == appeal.pk or into.status in (Status.MERGED, Status.INVALID) or into.merged_into_id:
        raise DomainError("只能合并到另一条有效的诉求。")
    if not policy.may(actor, rules.RECEIVE_APPEAL, into):
        raise DomainError("只能合并到您管辖范围内的诉求。")
    apply_transition(
        appeal=appeal,
        name="merge",
        actor=actor,
        changes={"merged_into": into},
        note=note,
        data={"into": into.pk, "into_number": into.number},
    )
    return appeal


@transaction.atomic
def appeal_dispatch(
    *, appeal: Appeal, actor, unit: HandlingUnit | None = None, assignee=None, note: str = ""
) -> Appeal:
    """派单 to a handling unit or a person; starts the signing and handling clocks."""
    if (unit is None) == (assignee is None):
        raise DomainError("请选择一个承办单位或一位承办人。", field="unit")
    if unit is not None and not unit.is_active:
        raise DomainError("该承办单位已停用。", field="unit")
    if unit is not None and not appeal.place_code.startswith(unit.place.code):
        raise DomainError("该承办单位不负责这个地点，请从列表中选择。", field="unit")
    if assignee is not None:
        from ..selectors import assignable_people

        if not assignable_people(appeal=appeal).filter(pk=assignee.pk).exists():
            raise DomainError("只能指派给负责该地点的党员、志愿者或网格员。", field="assignee")
    _require_level(actor, appeal, rules.DISPATCH_APPEAL)
    now = timezone.now()
    changes = {
        "unit": unit,
        "assignee": assignee,
        "dispatched_at": now,
        "signed_at": None,
        **_dues(appeal, now),
    }
    apply_transition(
        appeal=appeal,
        name="dispatch",
        actor=actor,
        changes=changes,
        note=note,
        data={"unit": unit.name if unit else "", "assignee": assignee.name if assignee else ""},
    )
    notices.dispatched(appeal)
    return appeal


@transaction.atomic
def appeal_claim(*, appeal: Appeal, actor) -> Appeal:
    """接单: a party member or volunteer takes a 小区-level appeal of the community flow."""
    if appeal.flow != Flow.COMMUNITY or appeal.level != Level.COMPOUND:
        raise DomainError("只有“居民点单、小区派单、党员接单”流程中小区层级的诉求可以接单。")
    now = timezone.now()
    changes = {"assignee": actor, "unit": None, "dispatched_at": now, "signed_at": now, **_dues(appeal, now)}
    apply_transition(appeal=appeal, name="claim", actor=actor, changes=changes)
    return appeal


@transaction.atomic
def appeal_sign(*, appeal: Appeal, actor) -> Appeal:
    apply_transition(appeal=appeal, name="sign", actor=actor, changes={"signed_at": timezone.now()})
    return appeal


@transaction.atomic
def appeal_return(*, appeal: Appeal, actor, reason: str) -> Appeal:
    """回退: not this unit's job — only within the limit after dispatch, with a reason."""
    reason = _required(reason, "回退理由", minimum=4)
    limit = settings.LINLI_APPEAL_RETURN_LIMIT_DAYS
    if appeal.dispatched_at and clock.working_days_between(appeal.dispatched_at, timezone.now()) > limit:
        raise DomainError(f"派单已超过 {limit:g} 个工作日，不能再回退；如确非本单位职责，请联系派单人。")
    changes = {**_clear_dispatch(), "return_count": appeal.return_count + 1}
    apply_transition(appeal=appeal, name="return", actor=actor, changes=changes, note=reason)
    return appeal


@transaction.atomic
def appeal_request_extension(*, appeal: Appeal, actor, days: int, reason: str) -> Appeal:
    reason = _required(reason, "延期理由", minimum=4)
    if appeal.extension_requested_days:
        raise Conflict("已有一项延期申请待审批。")
    if not 1 <= days <= 10:
        raise DomainError("延期天数应为 1–10 个工作日。", field="days")
    changes = {"extension_requested_days": days, "extension_reason": reason}
    apply_transition(
        appeal=appeal,
        name="request_extension",
        actor=actor,
        changes=changes,
        note=reason,
        data={"days": days},
    )
    return appeal


@transaction.atomic
def appeal_decide_extension(*, appeal: Appeal, actor, approve: bool, note: str = "") -> Appeal:
    days = appeal.extension_requested_days
    if not days:
        raise Conflict("没有待审批的延期申请。")
    changes = {"extension_requested_days": None, "extension_reason": ""}
    if approve:
        changes.update(
            handle_due=clock.add_working_days(appeal.handle_due, days),
            extension_count=appeal.extension_count + 1,
            yellow_card_at=None,
            red_card_at=None,
        )
    name = "grant_extension" if approve else "deny_extension"
    apply_transition(appeal=appeal, name=name, actor=actor, changes=changes, note=note, data={"days": days})
    return appeal


@transaction.atomic
def appeal_reply(*, appeal: Appeal, actor, reply: str, internal_note: str = "", photos=()) -> Appeal:
    """反馈: the handler reports the result (with photos of the work, if any) and writes the reply the
    resident will read."""
    reply = _required(reply, "给居民的答复", minimum=5)
    check_photos(photos, already=appeal.photos.count())
    event = apply_transition(
        appeal=appeal,
        name="reply",
        actor=actor,
        changes={"reply": reply, "replied_at": timezone.now()},
        note=internal_note,
        internal=bool(internal_note),
    )
    attach(appeal=appeal, event=event, photos=photos)
    return appeal


@transaction.atomic
def appeal_close(*, appeal: Appeal, actor, note: str = "") -> Appeal:
    """核查办结: the desk checks the result; the resident (and merged reporters) are asked to rate."""
    if not appeal.reply.strip():
        raise DomainError("没有答复居民的内容，不能办结（件件有回应）。")
    now = timezone.now()
    visit_due = clock.due(now, appeal.category.visit_limit) if appeal.category_id else None
    changes = {"closed_at": now, "closed_level": appeal.level, "visit_due": visit_due}
    apply_transition(appeal=appeal, name="close", actor=actor, changes=changes, note=note)
    notices.replied_to_resident(appeal, what="closed")
    return appeal


@transaction.atomic
def appeal_send_back(*, appeal: Appeal, actor, reason: str) -> Appeal:
    reason = _required(reason, "返工理由", minimum=4)
    apply_transition(appeal=appeal, name="send_back", actor=actor, changes={"replied_at": None}, note=reason)
    return appeal


def _rating_changes(satisfaction: str, resolved: bool | None, comment: str) -> dict:
    if satisfaction not in Satisfaction.values:
        raise DomainError("请选择满意、基本满意或不满意。", field="satisfaction")
    return {
        "satisfaction": satisfaction,
        "resolved": resolved,
        "rating_comment": (comment or "").strip()[:300],
        "rated_at": timezone.now(),
    }


def _maybe_rework(appeal: Appeal) -> None:
    """After an unsatisfied rating the same unit handles it again, up to the configured number of times."""
    if (
        appeal.satisfaction != Satisfaction.UNSATISFIED
        or appeal.rework_count >= settings.LINLI_APPEAL_MAX_REWORK
    ):
        return
    if appeal.unit_id is None and appeal.assignee_id is None:
        return
    now = timezone.now()
    changes = {
        "dispatched_at": now,
        "signed_at": None,
        "replied_at": None,
        "closed_at": None,
        "closed_level": None,
        "rated_at": None,
        "satisfaction": "",
        "resolved": None,
        "yellow_card_at": None,
        "red_card_at": None,
        "rework_count": appeal.rework_count + 1,
        **_dues(appeal, now),
    }
    apply_transition(
        appeal=appeal, name="rework", actor=None, changes=changes, system=True, note="居民不满意，重办"
    )
    notices.dispatched(appeal)


@transaction.atomic
def appeal_rate(
    *, appeal: Appeal, actor, satisfaction: str, resolved: bool | None, comment: str = ""
) -> Appeal:
    """评价 by the resident: 满意/基本满意/不满意 and 已解决/未解决; unsatisfied leads to 重办."""
    changes = _rating_changes(satisfaction, resolved, comment)
    apply_transition(
        appeal=appeal,
        name="rate",
        actor=actor,
        changes=changes,
        note=changes["rating_comment"],
        data={"satisfaction": satisfaction, "resolved": resolved, "source": "resident"},
    )
    _maybe_rework(appeal)
    return appeal


@transaction.atomic
def appeal_visit(
    *, appeal: Appeal, actor, note: str, satisfaction: str = "", resolved: bool | None = None
) -> Appeal:
    """回访: a staff member calls back; they may record the resident's rating."""
    note = _required(note, "回访情况")
    now = timezone.now()
    if satisfaction:
        changes = {**_rating_changes(satisfaction, resolved, ""), "visited_at": now}
        apply_transition(
            appeal=appeal,
            name="rate_on_visit",
            actor=actor,
            changes=changes,
            note=note,
            data={"satisfaction": satisfaction, "resolved": resolved, "source": "visit"},
        )
        _maybe_rework(appeal)
    else:
        apply_transition(appeal=appeal, name="visit", actor=actor, changes={"visited_at": now}, note=note)
    return appeal


@transaction.atomic
def appeal_reopen(*, appeal: Appeal, actor, reason: str) -> Appeal:
    """The resident reopens a closed appeal within the configured window."""
    reason = _required(reason, "重新打开的理由", minimum=4)
    window = timedelta(days=settings.LINLI_APPEAL_REOPEN_DAYS)
    if appeal.closed_at is None or timezone.now() - appeal.closed_at > window:
        raise DomainError(
            f"办结超过 {settings.LINLI_APPEAL_REOPEN_DAYS} 天的诉求不能重新打开，请提交新的诉求。"
        )
    changes = {
        **_clear_dispatch(),
        "closed_at": None,
        "closed_level": None,
        "rated_at": None,
        "satisfaction": "",
        "resolved": None,
        "received_at": timezone.now(),
    }
    apply_transition(appeal=appeal, name="reopen", actor=actor, changes=changes, note=reason)
    return appeal


@transaction.atomic
def appeal_escalate(*, appeal: Appeal, actor, reason: str) -> Appeal:
    """上报: 社区发现、街道呼叫 — the appeal goes one level up for central dispatch."""
    reason = _required(reason, "上报理由", minimum=4)
    if appeal.level == Level.DISTRICT:
        raise DomainError("已是区级，不能再上报。")
    if appeal.status != Status.RECEIVED:
        _require_level(actor, appeal, rules.DISPATCH_APPEAL)
    elif actor_level(actor, appeal, rules.DISPATCH_APPEAL) is None:
        raise DomainError("您无权上报该诉求。")
    new_level = appeal.level - 1
    changes = {**_clear_dispatch(), "level": new_level, "escalation_count": appeal.escalation_count + 1}
    if new_level < Level.COMPOUND:
        changes["flow"] = Flow.STANDARD
    apply_transition(
        appeal=appeal,
        name="escalate",
        actor=actor,
        changes=changes,
        note=reason,
        data={"from_level": appeal.level, "to_level": new_level},
    )
    return appeal


@transaction.atomic
def appeal_postpone(*, appeal: Appeal, actor, reason: str, shelve: bool = False) -> Appeal:
    """缓办 (wait for a condition) or 挂账 (cannot be solved now); both leave the measures' denominators."""
    reason = _required(reason, "挂账理由" if shelve else "缓办理由", minimum=4)
    apply_transition(
        appeal=appeal,
        name="shelve" if shelve else "postpone",
        actor=actor,
        changes=_clear_dispatch(),
        note=reason,
    )
    return appeal


@transaction.atomic
def appeal_resume(*, appeal: Appeal, actor, note: str = "") -> Appeal:
    apply_transition(
        appeal=appeal, name="resume", actor=actor, changes={"received_at": timezone.now()}, note=note
    )
    return appeal

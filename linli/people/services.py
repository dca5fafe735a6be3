"""Every write to the household ledger: register, change, move, tag, record occasions, reveal.

Each service takes ``actor``, checks the policy (edit rights follow scope: a 信息员 their own 楼道, a
网格员 their grid …), validates (身份证号 by GB 11643, consistency of birth date and gender, mobile
numbers), writes atomically and records a ``PersonEvent`` naming the fields — never their values.
Seeing a full 身份证号 or mobile number goes through :func:`person_reveal`: permission, a reason, a rate
limit and an audit entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from linli.audit import services as audit
from linli.audit.models import Action
from linli.core import crypto, policy, validators
from linli.core.exceptions import Conflict, DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules
from .choices import Gender, OccasionKind, PersonEventKind, Relation, ResidenceType, TagTarget
from .models import Occasion, Person, PersonEvent, Residency, Tag, TagAssignment

#: Field labels used in events and audit entries (names only).
LABELS = {f.name: str(f.verbose_name) for f in Person._meta.concrete_fields}
EDITABLE = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "mobile",
    "relation",
    "residence_type",
    "is_owner",
)


@dataclass(frozen=True)
class Identity:
    id_number: str
    mobile: str
    birth_date: date | None
    gender: str


def check_identity(
    *, id_number: str = "", mobile: str = "", birth_date: date | None = None, gender: str = ""
) -> Identity:
    """Validate and normalise; the birth date and gender come from the 身份证号 when not given, and must
    agree with it when given. Empty 身份证号 or mobile are allowed (not everyone gives them)."""
    number = ""
    if validators.normalize_id_number(id_number):
        parsed = validators.check_consistency(
            validators.validate_id_number(id_number), birth_date=birth_date, gender=gender or None
        )
        number, birth_date, gender = parsed.number, parsed.birth_date, parsed.gender
    phone = validators.validate_mobile(mobile) if validators.normalize_mobile(mobile) else ""
    if gender and gender not in Gender.values:
        raise DomainError("性别只能是“男”或“女”。", field="gender")
    if birth_date and birth_date > timezone.localdate():
        raise DomainError("出生日期不能晚于今天。", field="birth_date")
    return Identity(id_number=number, mobile=phone, birth_date=birth_date, gender=gender)


def id_number_hash(number: str) -> str:
    return crypto.search_hash(number, purpose="id_number")


def mobile_hash(number: str) -> str:
    return crypto.search_hash(number, purpose="mobile")


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("请填写姓名。", field="name")
    if len(name) > 50:
        raise DomainError("姓名不能超过50个字。", field="name")
    return name


def _household(place: Place) -> Place:
    if place is None or place.level != PlaceLevel.HOUSEHOLD:
        raise DomainError("请选择到户（门牌）。", field="household")
    return place


def _event(person: Person, actor, kind: str, fields=(), note: str = "") -> None:
    PersonEvent.objects.create(
        person=person,
        actor=actor,
        role=policy.acting_role(actor, rules.CHANGE_PERSON) if actor else "",
        kind=kind,
        fields="、".join(LABELS.get(f, f) for f in fields),
        note=note[:300],
    )


def _check_unique(number: str, *, exclude_pk: int | None = None) -> None:
    if not number:
        return
    clash = Person.objects.filter(id_number_hash=id_number_hash(number))
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    other = clash.select_related("household").first()
    if other is not None:
        raise Conflict(
            f"该身份证号已登记（{other.masked_name}，{other.household.name}），请勿重复登记；"
            "人员迁移请用“迁移”。",
            # field for the forms
        )


@transaction.atomic
def person_create(
    *,
    actor,
    household: Place,
    name: str,
    gender: str = "",
    birth_date: date | None = None,
    id_number: str = "",
    mobile: str = "",
    relation: str = Relation.OTHER,
    residence_type: str = ResidenceType.RESIDENT,
    is_owner: bool = False,
    moved_in_on: date | None = None,
    note: str = "",
) -> Person:
    household = _household(household)
    policy.require(actor, rules.CHANGE_PERSON, household)
    name = _clean_name(name)
    ident = check_identity(id_number=id_number, mobile=mobile, birth_date=birth_date, gender=gender)
    if not ident.gender:
        raise DomainError("请选择性别（填写身份证号时自动识别）。", field="gender")
    if relation not in Relation.values:
        raise DomainError("与户主关系无效。", field="relation")
    if residence_type not in ResidenceType.values:
        raise DomainError("居住类型无效。", field="residence_type")
    _check_unique(ident.id_number)
    person = Person(
        household=household,
        name=name,
        gender=ident.gender,
        birth_date=ident.birth_date,
        id_number=ident.id_number,
        id_number_hash=id_number_hash(ident.id_number),
        mobile=ident.mobile,
        mobile_hash=mobile_hash(ident.mobile),
        relation=relation,
        residence_type=residence_type,
        is_owner=is_owner,
        moved_in_on=moved_in_on,
    )
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise Conflict("该身份证号已登记，请勿重复登记。") from None
    Residency.objects.create(person=person, household=household, moved_in_on=moved_in_on, note=note[:200])
    _event(person, actor, PersonEventKind.CREATED, note=note)
    return person


@transaction.atomic
def person_update(*, actor, person: Person, **changes) -> list[str]:
    """Change the given fields; returns the names of the fields that really changed."""
    policy.require(actor, rules.CHANGE_PERSON, person)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError(f"不能修改的字段：{'、'.join(sorted(unknown))}。")
    current = Person.objects.get(pk=person.pk)
    merged = {f: changes.get(f, getattr(current, f)) for f in EDITABLE}
    merged["name"] = _clean_name(merged["name"])
    ident = check_identity(
        id_number=merged["id_number"] or "",
        mobile=merged["mobile"] or "",
        birth_date=merged["birth_date"],
        gender=merged["gender"],
    )
    merged.update(
        id_number=ident.id_number, mobile=ident.mobile, birth_date=ident.birth_date, gender=ident.gender
    )
    if merged["relation"] not in Relation.values or merged["residence_type"] not in ResidenceType.values:
        raise DomainError("与户主关系或居住类型无效。")
    changed = [f for f in EDITABLE if merged[f] != getattr(current, f)]
    if not changed:
        return []
    if "id_number" in changed:
        _check_unique(ident.id_number, exclude_pk=person.pk)
    for f in changed:
        setattr(current, f, merged[f])
    current.id_number_hash = id_number_hash(ident.id_number)
    current.mobile_hash = mobile_hash(ident.mobile)
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:
        raise Conflict("该身份证号已登记，请勿重复登记。") from None
    _event(current, actor, PersonEventKind.CHANGED, fields=changed)
    for f in EDITABLE:
        setattr(person, f, getattr(current, f))
    return changed


def _open_residency(person: Person) -> Residency | None:
    return Residency.objects.filter(person=person, moved_out_on__isnull=True).first()


@transaction.atomic
def person_move(*, actor, person: Person, household: Place, on: date, note: str = "") -> Person:
    """Move a person to another household (or back in after moving out); the old stay is kept."""
    household = _household(household)
    policy.require(actor, rules.CHANGE_PERSON, household)
    if person.moved_out_on is None:
        policy.require(actor, rules.CHANGE_PERSON, person)
    # Someone who left and comes back: whoever keeps the new household's ledger registers the return.
    if person.moved_out_on is None and household.pk == person.household_id:
        raise DomainError("已经住在这一户，无需迁移。", field="household")
    stay = _open_residency(person)
    if stay is not None:
        if stay.moved_in_on and on < stay.moved_in_on:
            raise DomainError("迁移日期不能早于迁入日期。", field="on")
        Residency.objects.filter(pk=stay.pk, moved_out_on__isnull=True).update(moved_out_on=on)
    Residency.objects.create(person=person, household=household, moved_in_on=on, note=note[:200])
    came_back = person.moved_out_on is not None
    updated = Person.objects.filter(pk=person.pk, household_id=person.household_id).update(
        household=household, moved_out_on=None, moved_in_on=on, updated_at=timezone.now()
    )
    if updated != 1:
        raise Conflict("该居民的信息刚被他人修改，请刷新后重试。")
    kind = PersonEventKind.MOVED_IN if came_back else PersonEventKind.MOVED
    _event(person, actor, kind, note=f"迁至{household.name}" + (f"：{note}" if note else ""))
    person.refresh_from_db()
    return person


@transaction.atomic
def person_move_out(*, actor, person: Person, on: date, note: str = "") -> Person:
    """The person left the area: the stay ends, the record stays (history can be browsed)."""
    policy.require(actor, rules.CHANGE_PERSON, person)
    if person.moved_out_on is not None:
        raise Conflict("该居民已迁出。")
    stay = _open_residency(person)
    if stay is not None:
        if stay.moved_in_on and on < stay.moved_in_on:
            raise DomainError("迁出日期不能早于迁入日期。", field="on")
        Residency.objects.filter(pk=stay.pk).update(moved_out_on=on)
    if on > timezone.localdate():
        raise DomainError("迁出日期不能晚于今天。", field="on")
    if Person.objects.filter(pk=person.pk, moved_out_on__isnull=True).update(moved_out_on=on) != 1:
        raise Conflict("该居民已迁出。")
    TagAssignment.objects.filter(person=person, until__isnull=True).update(until=on)
    _event(person, actor, PersonEventKind.MOVED_OUT, note=note)
    person.refresh_from_db()
    return person


#: The longest contact interval a care tag may carry (days).
CONTACT_DAYS_MAX = 90


@transaction.atomic
def tag_add(
    *,
    actor,
    tag: Tag,
    person: Person | None = None,
    household: Place | None = None,
    since: date,
    note: str = "",
    contact_days: int | None = None,
) -> TagAssignment:
    """Put ``tag`` on a person (or a household). On a care tag ``contact_days`` (1–90) sets how often the
    person must be seen or called; empty: the global LINLI_CARE_CONTACT_DAYS."""
    if not tag.is_active:
        raise DomainError(f"标签“{tag.name}”已停用。")
    if contact_days is not None:
        if not tag.care:
            raise DomainError(f"“{tag.name}”不是关爱对象标签，不需要走访联系间隔。", field="contact_days")
        if not 1 <= contact_days <= CONTACT_DAYS_MAX:
            raise DomainError(f"走访联系间隔应为 1–{CONTACT_DAYS_MAX} 天。", field="contact_days")
    if tag.target == TagTarget.PERSON:
        if person is None:
            raise DomainError(f"“{tag.name}”是居民标签，请选择居民。")
        policy.require(actor, rules.CHANGE_PERSON, person)
        if person.moved_out_on is not None:
            raise DomainError("该居民已迁出，不能再加标签。")
        household = None
    else:
        household = _household(household or (person.household if person else None))
        policy.require(actor, rules.CHANGE_PERSON, household)
        person = None
    if since > timezone.localdate():
        raise DomainError("起始日期不能晚于今天。", field="since")
    try:
        with transaction.atomic():
            assignment = TagAssignment.objects.create(
                tag=tag,
                person=person,
                household=household,
                since=since,
                note=note[:200],
                contact_days=contact_days,
                created_by=actor,
            )
    except IntegrityError:
        raise Conflict(f"已有未结束的“{tag.name}”标签。") from None
    if person is not None:
        _event(person, actor, PersonEventKind.TAGGED, note=f"{tag.name}（自{since:%Y-%m-%d}）")
    return assignment


@transaction.atomic
def tag_end(*, actor, assignment: TagAssignment, on: date) -> TagAssignment:
    target = assignment.person or assignment.household
    policy.require(actor, rules.CHANGE_PERSON, target)
    if on < assignment.since:
        raise DomainError("结束日期不能早于起始日期。", field="until")
    if not TagAssignment.objects.filter(pk=assignment.pk, until__isnull=True).update(until=on):
        raise Conflict("该标签已结束。")
    if assignment.person is not None:
        _event(
            assignment.person,
            actor,
            PersonEventKind.UNTAGGED,
            note=f"{assignment.tag.name}（至{on:%Y-%m-%d}）",
        )
    assignment.refresh_from_db()
    return assignment


@transaction.atomic
def occasion_record(*, actor, household: Place, kind: str, title: str, on: date, note: str = "") -> Occasion:
    household = _household(household)
    policy.require(actor, rules.CHANGE_PERSON, household)
    if kind not in OccasionKind.values:
        raise DomainError("请选择喜事或丧事。", field="kind")
    title = " ".join((title or "").split())
    if not title:
        raise DomainError("请填写事项，例如“婚礼”“老人过世”。", field="title")
    return Occasion.objects.create(
        household=household, kind=kind, title=title[:100], on=on, note=note[:300], created_by=actor
    )


def person_reveal(*, actor, person: Person, reason: str) -> dict[str, str]:
    """The full 身份证号 and mobile of ``person`` for ``actor``: permission, reason, rate limit, audit."""
    if not policy.may(actor, rules.REVEAL_PERSON, person):
        raise PermissionDenied
    reason = audit.require_reason(reason)
    with transaction.atomic():
        audit.check_reveal_rate(actor=actor)
        audit.record(
            actor=actor,
            permission=rules.REVEAL_PERSON,
            action=Action.REVEAL,
            object_type="people.person",
            object_id=str(person.pk),
            object_label=f"{person.masked_name}（{person.household.name}）",
            place_code=person.household.code,
            grid_code=person.household.grid.code if person.household.grid_id else "",
            fields=[LABELS["id_number"], LABELS["mobile"]],
            reason=reason,
        )
    fresh = Person.objects.get(pk=person.pk)
    return {"id_number": fresh.id_number, "mobile": fresh.mobile}

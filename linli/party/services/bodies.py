"""Bodies people are appointed to (支部班子, 业委会, 物管会, 监事会, 物业公司, the three levels of property
guidance) and their seats (交叉任职).

Invariants: a body sits at the place level its kind requires (街道 / 社区 / 小区); one body of a kind per
place; an elected body (业委会, 物管会, 监事会) has a term of at most five years that ends after it starts;
a 支部班子 belongs to the 党支部 covering its 小区; a personal phone is a valid mobile number; a seat is
never deleted, it ends (离任) on a date, so the history of who sat where stays."""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.db.models import Q

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.core.validators import validate_mobile
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from ..choices import OWNERS_BODIES, BodyKind, OrgLevel, SeatKind
from ..models import Body, Membership, PartyOrg
from ..rules import MANAGE_BODY
from .events import record, text

#: The place level a body of each kind sits at.
BODY_PLACE_LEVEL = {
    BodyKind.STREET_GUIDANCE: PlaceLevel.STREET,
    BodyKind.COMMUNITY_GUIDANCE: PlaceLevel.COMMUNITY,
}
MAX_TERM_YEARS = 5
_OFFICE_PHONE = re.compile(r"^[0-9][0-9-]{5,18}[0-9]$")


def place_level_for(kind: str) -> int:
    return BODY_PLACE_LEVEL.get(kind, PlaceLevel.COMPOUND)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _term(kind: str, term_start: date | None, term_end: date | None) -> None:
    if kind in OWNERS_BODIES and (term_start is None or term_end is None):
        raise DomainError(f"{BodyKind(kind).label}请填写本届任期的开始和届满日期。", field="term_end")
    if term_start and term_end:
        if term_end <= term_start:
            raise DomainError("届满日期应晚于本届开始日期。", field="term_end")
        if kind in OWNERS_BODIES and term_end > _years_later(term_start, MAX_TERM_YEARS):
            raise DomainError(f"每届任期不超过 {MAX_TERM_YEARS} 年。", field="term_end")


def _office_phone(value: str) -> str:
    value = (value or "").strip()
    if value and not _OFFICE_PHONE.match(value):
        raise DomainError("办公电话只能包含数字和连字符，例如 0730-8123456。", field="office_phone")
    return value


@transaction.atomic
def body_create(
    *,
    actor,
    kind: str,
    place: Place,
    name: str = "",
    party_org: PartyOrg | None = None,
    formed_on: date | None = None,
    term_start: date | None = None,
    term_end: date | None = None,
    office_phone: str = "",
) -> Body:
    """Register a body at ``place``. Raises DomainError for bad input or when the place already has one."""
    if kind not in BodyKind.values:
        raise DomainError("请选择机构类别。", field="kind")
    label = BodyKind(kind).label
    if place.level != place_level_for(kind):
        raise DomainError(f"{label}应设在{PlaceLevel(place_level_for(kind)).label}。", field="place")
    if not policy.may(actor, MANAGE_BODY, place):
        raise DomainError(f"{place.name}不在您的管辖范围内。", field="place")
    default = f"{place.name}{'支部班子' if kind == BodyKind.BRANCH else label}"
    name = text(name or default, label="名称", field="name", max_length=80)
    _term(kind, term_start, term_end)
    if kind == BodyKind.BRANCH:
        party_org = place.covering_orgs.filter(level=OrgLevel.BRANCH).first()
        if party_org is None:
            raise DomainError(f"{place.name}尚无党支部，请先由社区建立党支部。", field="place")
    if Body.objects.filter(kind=kind, place=place).exists():
        raise DomainError(f"{place.name}已登记{label}，换届请修改本届任期。", field="kind")
    body = Body.objects.create(
        kind=kind,
        name=name,
        place=place,
        party_org=party_org,
        formed_on=formed_on,
        term_start=term_start,
        term_end=term_end,
        office_phone=_office_phone(office_phone),
    )
    record(
        actor=actor,
        permission=MANAGE_BODY,
        verb="body_created",
        place_code=place.code,
        summary=f"登记{'支部班子' if kind == BodyKind.BRANCH else label}：{name}",
        body=body,
        org=party_org,
    )
    return body


@transaction.atomic
def body_update(
    *,
    actor,
    body: Body,
    name: str,
    formed_on: date | None,
    term_start: date | None,
    term_end: date | None,
    office_phone: str = "",
) -> Body:
    """Correct a body or start its new term (换届: new term dates; a new reminder follows before its end)."""
    policy.require(actor, MANAGE_BODY, body)
    name = text(name, label="名称", field="name", max_length=80)
    _term(body.kind, term_start, term_end)
    reelected = body.term_end is not None and term_end != body.term_end
    body.name, body.formed_on, body.term_start, body.term_end = name, formed_on, term_start, term_end
    body.office_phone = _office_phone(office_phone)
    body.save()
    record(
        actor=actor,
        permission=MANAGE_BODY,
        verb="body_reelected" if reelected else "body_updated",
        place_code=body.place.code,
        summary=(f"{name}换届，本届 {term_start} 至 {term_end}" if reelected else f"修改{name}"),
        body=body,
    )
    return body


@transaction.atomic
def seat_add(
    *,
    actor,
    body: Body,
    name: str,
    role: str,
    duty: str = "",
    seat_kind: str = "",
    phone: str = "",
    phone_is_office: bool = False,
    is_party_member: bool = False,
    term_start: date | None = None,
) -> Membership:
    """Appoint a person to ``body``. The 五类人员 / 三个层级 seat kinds only exist in a 支部班子."""
    policy.require(actor, MANAGE_BODY, body)
    name = text(name, label="姓名", field="name", max_length=40)
    role = text(role, label="职务", field="role", max_length=40)
    duty = text(duty, label="分工", field="duty", max_length=120, required=False)
    if seat_kind not in SeatKind.values:
        raise DomainError("请选择席位类别。", field="seat_kind")
    if seat_kind and body.kind != BodyKind.BRANCH:
        raise DomainError("“五类人员”“三个层级”席位只用于支部班子。", field="seat_kind")
    phone = (phone or "").strip()
    if phone:
        if phone_is_office:
            phone = _office_phone(phone)
        else:
            try:
                phone = validate_mobile(phone)
            except DomainError as exc:
                raise DomainError(
                    exc.message + "办公电话请勾选“办公电话（可公开）”。", field="phone"
                ) from None
    seat = Membership.objects.create(
        body=body,
        name=name,
        role=role,
        duty=duty,
        seat_kind=seat_kind,
        phone=phone,
        phone_is_office=phone_is_office and bool(phone),
        is_party_member=is_party_member,
        term_start=term_start,
    )
    record(
        actor=actor,
        permission=MANAGE_BODY,
        verb="seat_added",
        place_code=body.place.code,
        summary=f"{body.name}新增{role}：{name}",
        body=body,
    )
    return seat


@transaction.atomic
def seat_end(*, actor, seat: Membership, on: date) -> Membership:
    """The person leaves the body on ``on`` (离任); the seat stays in the history."""
    policy.require(actor, MANAGE_BODY, seat.body)
    if on is None:
        raise DomainError("请填写离任日期。", field="on")
    if seat.term_start and on < seat.term_start:
        raise DomainError("离任日期不能早于任职开始日期。", field="on")
    still = Q(term_end__isnull=True) | Q(term_end__gt=on)
    updated = Membership.objects.filter(still, pk=seat.pk).update(term_end=on)
    if updated != 1:
        raise DomainError(f"{seat.name}已离任。")
    seat.refresh_from_db()
    record(
        actor=actor,
        permission=MANAGE_BODY,
        verb="seat_ended",
        place_code=seat.body.place.code,
        summary=f"{seat.name}于 {on} 离任{seat.body.name}{seat.role}",
        body=seat.body,
    )
    return seat

"""Party organisations (the tree 大工委 → 大党委 → 党支部 → 党小组 and the places each covers), party
members (流动党员 with where they went or came from), and activity records (三亮三带头 …).

Invariants: an organisation's level matches its place's level and its parent is one level up; it covers
places of its own level under its parent's place; a 小区 has at most one 党支部 and a building at most one
党小组; formation follows the coverage (联合组建 = more than one 小区). A 流动党员 names where."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from ..choices import ActivityKind, Formation, MemberStatus, OrgLevel, OrgType
from ..models import Activity, PartyMember, PartyOrg
from ..rules import MANAGE_MEMBER, MANAGE_ORG, RECORD_ACTIVITY, VIEW_PARTY
from .events import not_future, record, text

#: The place level each organisation level sits at and covers.
PLACE_LEVEL = {
    OrgLevel.STREET: PlaceLevel.STREET,
    OrgLevel.COMMUNITY: PlaceLevel.COMMUNITY,
    OrgLevel.BRANCH: PlaceLevel.COMPOUND,
    OrgLevel.GROUP: PlaceLevel.BUILDING,
}


def _check_covers(*, actor, level: int, parent: PartyOrg | None, covers: Sequence[Place], exclude=None):
    if not covers:
        raise DomainError("请选择覆盖范围。", field="covers")
    parent_codes = (
        [] if parent is None else [parent.place.code, *parent.covers.values_list("code", flat=True)]
    )
    for place in covers:
        if place.level != PLACE_LEVEL[level]:
            raise DomainError(
                f"{OrgLevel(level).label}只能覆盖{PlaceLevel(PLACE_LEVEL[level]).label}。", field="covers"
            )
        if not policy.may(actor, MANAGE_ORG, place):
            raise DomainError(f"{place.name}不在您的管辖范围内。", field="covers")
        if parent is not None and not any(place.code.startswith(c) for c in parent_codes):
            raise DomainError(f"{place.name}不在上级组织{parent.name}的范围内。", field="covers")
        if level in (OrgLevel.BRANCH, OrgLevel.GROUP):
            other = place.covering_orgs.filter(level=level).exclude(pk=getattr(exclude, "pk", None)).first()
            if other is not None:
                raise DomainError(f"{place.name}已有{OrgLevel(level).label}：{other.name}。", field="covers")


@transaction.atomic
def org_create(
    *,
    actor,
    name: str,
    level: int,
    parent: PartyOrg | None,
    covers: Sequence[Place],
    org_type: str = OrgType.ENTITY,
) -> PartyOrg:
    """Found an organisation seated at the first covered place. Raises DomainError for bad input."""
    policy.require(actor, MANAGE_ORG)
    name = text(name, label="组织名称", field="name", max_length=80)
    if level not in OrgLevel.values:
        raise DomainError("请选择组织层级。", field="level")
    if org_type not in OrgType.values:
        raise DomainError("请选择组织类型。", field="org_type")
    if level == OrgLevel.STREET:
        parent = None
    elif parent is None or parent.level != level - 1:
        raise DomainError(f"请选择上级组织（{OrgLevel(level - 1).label}）。", field="parent")
    elif not policy.may(actor, VIEW_PARTY, parent):
        raise DomainError("上级组织不在您的管辖范围内。", field="parent")
    covers = sorted(set(covers), key=lambda p: p.code)
    _check_covers(actor=actor, level=level, parent=parent, covers=covers)
    org = PartyOrg.objects.create(
        name=name,
        level=level,
        org_type=org_type,
        formation=Formation.JOINT if len(covers) > 1 else Formation.SINGLE,
        parent=parent,
        place=covers[0],
    )
    org.covers.set(covers)
    record(
        actor=actor,
        permission=MANAGE_ORG,
        verb="org_created",
        place_code=org.place.code,
        summary=f"建立{org.get_level_display()}：{org.name}（覆盖{'、'.join(p.name for p in covers)}）",
        org=org,
    )
    return org


@transaction.atomic
def org_update(*, actor, org: PartyOrg, name: str, org_type: str, covers: Sequence[Place]) -> PartyOrg:
    """Rename, retype or re-cover an organisation (its seat place stays among the covered places)."""
    policy.require(actor, MANAGE_ORG, org)
    name = text(name, label="组织名称", field="name", max_length=80)
    if org_type not in OrgType.values:
        raise DomainError("请选择组织类型。", field="org_type")
    covers = sorted(set(covers), key=lambda p: p.code)
    _check_covers(actor=actor, level=org.level, parent=org.parent, covers=covers, exclude=org)
    before = sorted(org.covers.values_list("name", flat=True))
    org.name, org.org_type = name, org_type
    org.formation = Formation.JOINT if len(covers) > 1 else Formation.SINGLE
    if org.place not in covers:
        org.place = covers[0]
    org.save()
    org.covers.set(covers)
    after = [p.name for p in covers]
    record(
        actor=actor,
        permission=MANAGE_ORG,
        verb="org_updated",
        place_code=org.place.code,
        summary=f"修改{org.name}" + ("" if before == sorted(after) else f"，覆盖改为{'、'.join(after)}"),
        org=org,
    )
    return org


def _floating(status: str, where: str, since: date | None) -> tuple[str, date | None]:
    if status not in MemberStatus.values:
        raise DomainError("请选择党员状态。", field="status")
    if status != MemberStatus.FLOATING:
        return "", None
    where = text(
        where, label="流动去向或来源（如：外出务工至广东省深圳市）", field="floating_where", max_length=80
    )
    not_future(since, label="流动开始日期", field="floating_since")
    return where, since


@transaction.atomic
def member_create(
    *,
    actor,
    name: str,
    status: str,
    home: Place,
    held_at: PartyOrg | None = None,
    held_elsewhere: str = "",
    floating_where: str = "",
    floating_since: date | None = None,
) -> PartyMember:
    """Register a party member living in ``home`` (a 小区 in the actor's scope). Membership is held at an
    organisation of the platform or, named in words, outside it."""
    if home.level != PlaceLevel.COMPOUND:
        raise DomainError("请选择党员居住的小区。", field="home")
    if not policy.may(actor, MANAGE_MEMBER, home):
        raise DomainError(f"{home.name}不在您的管辖范围内。", field="home")
    name = text(name, label="姓名", field="name", max_length=40)
    floating_where, floating_since = _floating(status, floating_where, floating_since)
    held_elsewhere = text(
        held_elsewhere, label="组织关系所在", field="held_elsewhere", max_length=80, required=False
    )
    if held_at is not None:
        if not policy.may(actor, VIEW_PARTY, held_at):
            raise DomainError("所选党组织不在您的管辖范围内，请填写组织名称。", field="held_at")
        held_elsewhere = ""
    member = PartyMember.objects.create(
        name=name,
        status=status,
        home=home,
        held_at=held_at,
        held_elsewhere=held_elsewhere,
        floating_where=floating_where,
        floating_since=floating_since,
    )
    record(
        actor=actor,
        permission=MANAGE_MEMBER,
        verb="member_created",
        place_code=home.code,
        summary=f"登记党员 {name}（{member.get_status_display()}）",
        member=member,
    )
    return member


@transaction.atomic
def member_update(
    *, actor, member: PartyMember, name: str, status: str, floating_where: str = "", floating_since=None
) -> PartyMember:
    """Correct the name or change the status (在职/退休/流动). Membership moves only by transfer."""
    policy.require(actor, MANAGE_MEMBER, member)
    name = text(name, label="姓名", field="name", max_length=40)
    floating_where, floating_since = _floating(status, floating_where, floating_since)
    before = member.get_status_display()
    member.name, member.status = name, status
    member.floating_where, member.floating_since = floating_where, floating_since
    member.save(update_fields=["name", "status", "floating_where", "floating_since"])
    after = member.get_status_display()
    record(
        actor=actor,
        permission=MANAGE_MEMBER,
        verb="member_updated",
        place_code=member.home.code,
        summary=f"修改党员 {name}"
        + (f"：{before} → {after}" if before != after else "")
        + (f"（{floating_where}）" if floating_where else ""),
        member=member,
    )
    return member


@transaction.atomic
def activity_record(
    *, actor, org: PartyOrg, kind: str, title: str, held_on: date, member: PartyMember | None = None
) -> Activity:
    """Record an activity of ``org`` (三亮三带头 names the member who led)."""
    policy.require(actor, RECORD_ACTIVITY, org)
    if kind not in ActivityKind.values:
        raise DomainError("请选择活动类别。", field="kind")
    title = text(title, label="活动内容", field="title", max_length=120)
    if held_on is None:
        raise DomainError("请填写活动日期。", field="held_on")
    not_future(held_on, label="活动日期", field="held_on")
    activity = Activity.objects.create(org=org, kind=kind, title=title, held_on=held_on, member=member)
    record(
        actor=actor,
        permission=RECORD_ACTIVITY,
        verb="activity_recorded",
        place_code=org.place.code,
        summary=f"记录{activity.get_kind_display()}：{title}",
        org=org,
        member=member,
    )
    return activity

"""Demo party organisations in the first street: a 街道大工委, a 社区大党委 per community, a 党支部 for
most 小区 (one joint branch covering two), 党小组 in some buildings, members with 双报到 pending and
confirmed, branch committees with 五类人员 complete in one 小区 and one kind missing in another, and two
共建 units of which one falls behind on '三个一'. Skipped when party organisations exist."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from linli.core.demo import DemoContext
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .choices import (
    FIVE_KINDS,
    THREE_LEVELS,
    BodyKind,
    Formation,
    MemberStatus,
    OrgLevel,
    RecordKind,
    UnitKind,
)
from .models import Agreement, Body, CoBuildingRecord, CoBuildingUnit, Membership, PartyMember, PartyOrg

_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
_GIVEN = ["建国", "秀英", "志强", "丽华", "海涛", "红梅", "德明", "玉兰", "晓东", "春燕"]


def _name(rng) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _mobile(rng) -> str:
    return f"13{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def build(ctx: DemoContext) -> None:
    if PartyOrg.objects.exists():
        ctx.say("党组织已存在，跳过生成。")
    else:
        _build_orgs(ctx)
    from .demo_more import build_more

    build_more(ctx)


def _build_orgs(ctx: DemoContext) -> None:
    street = Place.objects.filter(level=PlaceLevel.STREET).order_by("code").first()
    if street is None:
        return
    today = timezone.localdate()
    top = PartyOrg.objects.create(name=f"{street.name}大工委", level=OrgLevel.STREET, place=street)
    top.covers.set([street])
    branches = 0
    for community in Place.objects.filter(parent=street).order_by("code"):
        committee = PartyOrg.objects.create(
            name=f"{community.name}大党委", level=OrgLevel.COMMUNITY, place=community, parent=top
        )
        committee.covers.set([community])
        compounds = list(Place.objects.filter(parent=community, level=PlaceLevel.COMPOUND).order_by("code"))
        skip = compounds[-1:] if len(compounds) > 3 else []  # one 小区 per community still without a branch
        i = 0
        while i < len(compounds):
            compound = compounds[i]
            if compound in skip:
                i += 1
                continue
            covered = [compound]
            if branches == 1 and i + 1 < len(compounds) and compounds[i + 1] not in skip:
                covered.append(compounds[i + 1])  # one joint branch over two small 小区
            branch = PartyOrg.objects.create(
                name=f"{'、'.join(c.name for c in covered)}{'联合' if len(covered) > 1 else ''}党支部",
                level=OrgLevel.BRANCH,
                place=compound,
                parent=committee,
                formation=Formation.JOINT if len(covered) > 1 else Formation.SINGLE,
            )
            branch.covers.set(covered)
            for c in covered:
                _populate(ctx, branch, c, index=branches, today=today)
            branches += 1
            i += len(covered)
    ctx.say(f"党组织：{branches} 个小区党支部")


def _populate(ctx: DemoContext, branch: PartyOrg, compound: Place, *, index: int, today: date) -> None:
    rng = ctx.rng
    buildings = list(Place.objects.filter(parent=compound, level=PlaceLevel.BUILDING).order_by("code")[:3])
    for b in buildings[: 1 + index % 2]:
        group = PartyOrg.objects.create(name=f"{b.name}党小组", level=OrgLevel.GROUP, place=b, parent=branch)
        group.covers.set([b])
    for k in range(4):
        m = PartyMember.objects.create(
            name=_name(rng),
            status=[MemberStatus.RETIRED, MemberStatus.EMPLOYED, MemberStatus.FLOATING][k % 3],
            home=compound,
            held_elsewhere="区直机关党委" if k % 3 == 1 else "",
            floating_where="外出务工至广东省深圳市" if k % 3 == 2 else "",
        )
        if k < 2:
            m.registered_at, m.registration = branch, "confirmed" if k == 0 else "requested"
            m.requested_at = timezone.now() - timedelta(days=10)
            m.confirmed_at = timezone.now() if k == 0 else None
            m.save()
    committee = Body.objects.create(
        kind=BodyKind.BRANCH, name=f"{compound.name}支部班子", place=compound, party_org=branch
    )
    managed = bool(getattr(getattr(compound, "compound", None), "managed", True))
    kinds = list(FIVE_KINDS if managed else THREE_LEVELS)
    if index == 1:
        kinds = kinds[:-1]  # one 小区 misses a kind
    secretary = _name(rng)
    Membership.objects.create(
        body=committee, name=secretary, role="书记", duty="全面工作", phone=_mobile(rng), is_party_member=True
    )
    for kind in kinds:
        Membership.objects.create(
            body=committee,
            name=_name(rng),
            role="委员",
            seat_kind=kind,
            phone=_mobile(rng),
            is_party_member=True,
        )
    if index % 5 != 4:
        owners = Body.objects.create(
            kind=BodyKind.OWNERS_COMMITTEE,
            name=f"{compound.name}业主委员会",
            place=compound,
            formed_on=date(today.year - 4, 6, 1),
            term_start=date(today.year - 4, 6, 1),
            term_end=today + timedelta(days=45) if index == 0 else date(today.year + 1, 6, 1),
            office_phone="0730-8" + f"{rng.randint(0, 999999):06d}",
        )
        Membership.objects.create(
            body=owners, name=secretary, role="主任", phone=_mobile(rng), is_party_member=True
        )
        for _ in range(4):
            Membership.objects.create(
                body=owners,
                name=_name(rng),
                role="委员",
                phone=_mobile(rng),
                is_party_member=rng.random() < 0.5,
            )
    if index < 2 and not Agreement.objects.filter(branch=branch).exists():
        unit = CoBuildingUnit.objects.create(
            name=["市第一中学", "岳阳供电公司"][index], kind=[UnitKind.SCHOOL, UnitKind.ENTERPRISE][index]
        )
        agreement = Agreement.objects.create(
            unit=unit,
            branch=branch,
            compound=compound,
            signed_on=date(today.year - 1, 1, 5),
            commitments=[
                "每季度进小区开展一次义诊和法律咨询；结对帮扶 5 户困难家庭。",
                "负责小区线路改造技术指导；每年组织一次用电安全进社区。",
            ][index],
        )
        for year in (today.year - 1, today.year):
            for q in range(1, 5):
                day = date(year, 3 * q - 1, 15)
                if day > today or (index == 1 and q % 2 == 0):
                    continue  # the second unit skips every other quarter
                CoBuildingRecord.objects.create(
                    agreement=agreement, kind=RecordKind.ACTIVITY, title="共建主题党日", held_on=day
                )
                CoBuildingRecord.objects.create(
                    agreement=agreement, kind=RecordKind.DEED, title="为小区办实事", held_on=day
                )
            if index == 0:
                CoBuildingRecord.objects.create(
                    agreement=agreement,
                    kind=RecordKind.MEDIATION,
                    title="邻里纠纷调解",
                    held_on=date(year, 5, 20),
                )

"""Demo appeals: handling units for every 小区, community and department, and a few months of appeals in
every state, made through the real services with the clock set back (so deadlines, cards, events and
notifications are what the loop itself produces)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from linli.accounts.demo import SERVING_SINCE
from linli.accounts.models import RoleAssignment, User
from linli.core.demo import DEMO_PASSWORD, DemoContext
from linli.core.frozen_time import frozen_at as clock_at
from linli.core.roles import Role
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .choices import AppealType, Channel, Satisfaction, Status, UnitKind
from .corpus import generate
from .models import Appeal, Category, HandlingUnit
from .services import intake
from .services import workflow as wf
from .services.supervision import supervise

# Target states and their shares of the demo appeals.
_STATES = [
    (Status.SUBMITTED, 5),
    (Status.RECEIVED, 7),
    (Status.DISPATCHED, 8),
    (Status.IN_PROGRESS, 12),
    (Status.REPLIED, 5),
    (Status.CLOSED, 12),
    (Status.RATED, 40),
    (Status.POSTPONED, 2),
    (Status.SHELVED, 2),
    (Status.INVALID, 3),
    ("returned", 2),
    ("escalated", 2),
]
_CHANNELS = [
    (Channel.ON_BEHALF, 30),
    (Channel.HOTLINE, 25),
    (Channel.PATROL, 15),
    (Channel.VISIT, 10),
    (Channel.RECEPTION_DAY, 8),
    (Channel.FORUM, 4),
]
_TYPES = [
    (AppealType.HELP, 40),
    (AppealType.COMPLAINT, 30),
    (AppealType.CONSULT, 12),
    (AppealType.SUGGESTION, 10),
    (AppealType.REPORT, 5),
    (AppealType.PRAISE, 3),
]
_UNIT_FOR_KIND = {
    UnitKind.PROPERTY: "property",
    UnitKind.COMMUNITY: "community",
    UnitKind.STREET_OFFICE: "street",
    UnitKind.DEPARTMENT: "department",
    UnitKind.UTILITY: "utility",
    UnitKind.PARTY: "community",
    UnitKind.OTHER: "community",
}


def _pick(rng, table):
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


class _People:
    """Desk and handler accounts for the demo (the printed demo log-ins for community A; quiet helper
    accounts elsewhere, all with the demo password)."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.password = make_password(DEMO_PASSWORD)
        self.seq = User.objects.filter(phone__startswith="1390000").count()
        self.desks: dict[str, User] = {}

    def _user(self, name: str) -> User:
        self.seq += 1
        return User.objects.create(phone=f"1390000{self.seq:04d}", name=name, password=self.password)

    def desk(self, community: Place) -> User:
        if community.code not in self.desks:
            worker = User.objects.filter(phone="13800000005").first()
            if worker and RoleAssignment.objects.active().filter(user=worker, place=community).exists():
                self.desks[community.code] = worker
            else:
                user = self._user(f"{community.name}值班")
                RoleAssignment.objects.create(
                    user=user, role=Role.COMMUNITY_WORKER, place=community, valid_from=SERVING_SINCE
                )
                self.desks[community.code] = user
        return self.desks[community.code]

    def desk_for(self, appeal: Appeal, community: Place) -> User:
        """Who dispatches at the appeal's level: the community desk, the street's command centre, the district."""
        if appeal.level >= 3:
            return self.desk(community)
        if appeal.level == 2:
            street = community.parent
            key = street.code
            if key not in self.desks:
                user = self._user(f"{street.name}指挥中心")
                RoleAssignment.objects.create(
                    user=user, role=Role.STREET_OFFICIAL, place=street, valid_from=SERVING_SINCE
                )
                self.desks[key] = user
            return self.desks[key]
        return User.objects.get(phone="13800000002")

    def handler(self, unit: HandlingUnit) -> User:
        member = unit.members.first()
        if member is None:
            member = self._user(f"{unit.name[:10]}承办人")
            role = Role.PROPERTY_STAFF if unit.kind == UnitKind.PROPERTY else Role.DEPARTMENT_HANDLER
            RoleAssignment.objects.create(user=member, role=role, place=unit.place, valid_from=SERVING_SINCE)
            unit.members.add(member)
        return member


def _units(ctx, district, streets, communities, compounds) -> dict:
    units: dict = {"property": {}, "community": {}, "street": {}, "department": [], "utility": []}
    for c in compounds:
        if getattr(c, "compound", None) is None or c.compound.managed:
            units["property"][c.code], _ = HandlingUnit.objects.get_or_create(
                place=c, name=f"{c.name}物业服务中心", defaults={"kind": UnitKind.PROPERTY}
            )
    for c in communities:
        units["community"][c.code], _ = HandlingUnit.objects.get_or_create(
            place=c, name=f"{c.name}居委会", defaults={"kind": UnitKind.COMMUNITY}
        )
    for s in streets:
        units["street"][s.code], _ = HandlingUnit.objects.get_or_create(
            place=s, name=f"{s.name}城管中队", defaults={"kind": UnitKind.STREET_OFFICE}
        )
    for name in ["区住房和城乡建设局", "区城市管理和综合执法局", "区市场监督管理局"]:
        units["department"].append(
            HandlingUnit.objects.get_or_create(
                place=district, name=name, defaults={"kind": UnitKind.DEPARTMENT}
            )[0]
        )
    for name in ["市自来水公司", "国网供电公司", "燃气集团"]:
        units["utility"].append(
            HandlingUnit.objects.get_or_create(
                place=district, name=name, defaults={"kind": UnitKind.UTILITY}
            )[0]
        )
    # The demo handler accounts work in the first 小区's property company and the first street's 城管中队.
    staff, handler = (
        User.objects.filter(phone="13800000013").first(),
        User.objects.filter(phone="13800000017").first(),
    )
    first_compound = compounds[0].code
    if staff and first_compound in units["property"]:
        units["property"][first_compound].members.add(staff)
    if handler:
        units["street"][streets[0].code].members.add(handler)
    return units


def _unit_for(appeal: Appeal, units: dict, rng) -> HandlingUnit:
    kind = _UNIT_FOR_KIND.get(appeal.category.default_unit_kind, "community")
    code = appeal.place_code
    if kind == "property" and code[:15] in units["property"]:
        return units["property"][code[:15]]
    if kind in ("department", "utility"):
        return rng.choice(units[kind])
    if kind == "street":
        return units["street"][code[:9]]
    return units["community"][code[:12]]


#: Demo stories that are not a status of their own (the appeal ends up in one).
_STORY_LABELS = {"returned": "退回重派", "escalated": "上报处置"}


def build(ctx: DemoContext) -> None:
    if Appeal.objects.exists():
        ctx.say("诉求已存在，跳过生成。")
        return
    rng = ctx.rng
    district = Place.objects.filter(level=PlaceLevel.DISTRICT).order_by("code").first()
    streets = list(Place.objects.filter(level=PlaceLevel.STREET).order_by("code"))
    communities = list(Place.objects.filter(level=PlaceLevel.COMMUNITY).order_by("code"))
    compounds = list(
        Place.objects.filter(level=PlaceLevel.COMPOUND).select_related("compound").order_by("code")
    )
    units = _units(ctx, district, streets, communities, compounds)
    people = _People(ctx)
    leaves = list(Category.objects.filter(parent__isnull=False, is_active=True))
    resident = User.objects.filter(phone="13800000020").first()
    resident_home = resident.person.household if resident and hasattr(resident, "person") else None
    count = 150 if ctx.scale.name == "small" else 3000
    now = timezone.now()
    logging.getLogger("linli.notifications").setLevel(logging.WARNING)
    made = {}
    for i in range(count):
        own = resident_home is not None and i % 12 == 0
        home = (
            resident_home
            if own
            else _random_household(rng, compounds, first_community=communities[0] if i % 3 == 0 else None)
        )
        category = rng.choice(leaves)
        state = _pick(rng, _STATES)
        start = now - timedelta(days=rng.uniform(0.2, 75), hours=rng.uniform(0, 8))
        _one(ctx, people, units, home, category, state, start, own and resident)
        made[state] = made.get(state, 0) + 1
    _hotspot_and_duplicates(ctx, people, compounds, now)
    raised = supervise(now=now)
    ctx.say(
        f"生成诉求：{count} 件（"
        + "，".join(
            f"{Status(k).label if k in Status.values else _STORY_LABELS.get(k, k)} {v}"
            for k, v in made.items()
        )
        + f"）；督办黄牌 {raised['yellow']}、红牌 {raised['red']}。"
    )


def _random_household(rng, compounds, first_community=None):
    pool = [
        c for c in compounds if first_community is None or c.code.startswith(first_community.code)
    ] or compounds
    compound = rng.choice(pool)
    homes = Place.objects.filter(
        code__gte=compound.code, code__lt=compound.code + "~", level=PlaceLevel.HOUSEHOLD
    )
    total = homes.count()
    return homes.order_by("code")[rng.randrange(total)] if total else compound


def _one(ctx, people, units, home, category, state, start, resident_user):  # noqa: C901 — a recipe, step by step
    rng = ctx.rng
    community = Place.objects.get(code=home.code[:12])
    desk = people.desk(community)
    step = [start]

    def later(hours_low=1.0, hours_high=30.0):
        step[0] = step[0] + timedelta(hours=rng.uniform(hours_low, hours_high))
        return min(step[0], timezone.now() - timedelta(minutes=5))

    text = generate(category.code, rng)
    with clock_at(step[0]):
        if resident_user:
            appeal = intake.appeal_submit(
                actor=resident_user,
                channel=Channel.SELF_SERVICE,
                text=text,
                place=home,
                appeal_type=_pick(rng, _TYPES),
                is_public=rng.random() < 0.3,
            )
        else:
            person = home.members.first() if home.level == PlaceLevel.HOUSEHOLD else None
            appeal = intake.appeal_submit(
                actor=desk,
                channel=_pick(rng, _CHANNELS),
                text=text,
                place=home,
                category=category,
                appeal_type=_pick(rng, _TYPES),
                reporter_name=person.name if person else "",
                reporter_phone=f"13{rng.randint(100000000, 999999999)}",
            )
    if state == Status.SUBMITTED:
        return appeal
    if appeal.status == Status.SUBMITTED:
        with clock_at(later(0.5, 6)):
            if state == Status.INVALID:
                wf.appeal_reject(
                    appeal=appeal,
                    actor=desk,
                    reason="经核实，该事项属于业主家庭内部维修，已告知可联系物业有偿服务。",
                )
                return appeal
            wf.appeal_receive(appeal=appeal, actor=desk, category=category)
    if state == Status.INVALID:
        with clock_at(later(0.5, 4)):
            wf.appeal_reject(
                appeal=appeal, actor=desk, reason="经核实，该问题已由供电公司统一处理，无需重复办理。"
            )
        return appeal
    if state == Status.RECEIVED:
        return appeal
    if state in (Status.POSTPONED, Status.SHELVED):
        with clock_at(later(2, 20)):
            wf.appeal_postpone(
                appeal=appeal,
                actor=desk,
                reason="需等待小区维修资金审批后实施",
                shelve=state == Status.SHELVED,
            )
        return appeal
    if state == "escalated":
        with clock_at(later(2, 20)):
            wf.appeal_escalate(appeal=appeal, actor=desk, reason="涉及多个部门，需街道统一协调")
        return appeal
    desk = people.desk_for(appeal, community)
    unit = _unit_for(appeal, units, rng)
    handler = people.handler(unit)
    with clock_at(later(0.5, 8)):
        wf.appeal_dispatch(appeal=appeal, actor=desk, unit=unit)
    if state == Status.DISPATCHED:
        return appeal
    if state == "returned":
        with clock_at(later(1, 6)):
            wf.appeal_return(appeal=appeal, actor=handler, reason="该问题属于供水公司管网，不属于本单位职责")
        return appeal
    with clock_at(later(0.3, 10)):
        wf.appeal_sign(appeal=appeal, actor=handler)
    if state == Status.IN_PROGRESS:
        return appeal
    with clock_at(later(4, 90)):
        wf.appeal_reply(appeal=appeal, actor=handler, reply=_reply_for(category, rng))
    if state == Status.REPLIED:
        return appeal
    with clock_at(later(1, 20)):
        wf.appeal_close(appeal=appeal, actor=desk)
    if state == Status.CLOSED or appeal.reporter_id is None and rng.random() < 0.1:
        return appeal
    satisfaction = rng.choices(list(Satisfaction), [70, 20, 10])[0]
    with clock_at(later(2, 48)):
        if appeal.reporter_id:
            wf.appeal_rate(
                appeal=appeal,
                actor=appeal.reporter,
                satisfaction=satisfaction,
                resolved=satisfaction != Satisfaction.UNSATISFIED,
            )
        else:
            wf.appeal_visit(
                appeal=appeal,
                actor=desk,
                note="电话回访，居民反馈情况属实",
                satisfaction=satisfaction,
                resolved=satisfaction != Satisfaction.UNSATISFIED,
            )
    return appeal


_REPLIES = [
    "您好，您反映的问题已安排人员现场处理完毕，感谢您对社区工作的支持。",
    "经现场核实，已于当天完成维修，后续将加强日常巡查。",
    "已联系相关责任单位整改到位，如仍有问题请随时联系网格员。",
    "您反映的情况已转交物业跟进处理，目前已恢复正常。",
]


def _reply_for(category, rng) -> str:
    return f"关于“{category.name}”的问题：" + rng.choice(_REPLIES)


def _hotspot_and_duplicates(ctx, people, compounds, now):
    """Four 电梯 faults in one building this month (a 未诉先办 hotspot) and a duplicate merged into another."""
    compound = compounds[0]
    building = (
        Place.objects.filter(code__startswith=compound.code, level=PlaceLevel.BUILDING)
        .order_by("code")
        .first()
    )
    homes = list(
        Place.objects.filter(code__startswith=building.code, level=PlaceLevel.HOUSEHOLD).order_by("code")[:4]
    )
    desk = people.desk(Place.objects.get(code=compound.code[:12]))
    lift = Category.objects.get(code="0103")
    first = None
    for n, home in enumerate(homes):
        with clock_at(now - timedelta(days=20 - n * 5)):
            appeal = intake.appeal_submit(
                actor=desk,
                channel=Channel.HOTLINE,
                text=generate(lift.code, ctx.rng),
                place=home,
                category=lift,
                reporter_name=home.members.first().name if home.members.exists() else "",
            )
        first = first or appeal
    with clock_at(now - timedelta(hours=3)):
        dup = intake.appeal_submit(
            actor=desk,
            channel=Channel.ON_BEHALF,
            text=first.text,
            place=homes[-1],
            category=lift,
        )
        wf.appeal_merge(appeal=dup, into=first, actor=desk, note="同一部电梯的重复反映")

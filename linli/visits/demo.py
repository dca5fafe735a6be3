"""Demo visits, patrols and hazards in the demo's first community, made through the real services with
the clock set back: last month nearly every household visited, this month most of them (the demo 楼道
keeps a few on its to-do list), the homes of the ledger's 关爱对象 (care tags: 独居老人 …) within the last
two days except two elders living alone left overdue, two weeks of 一日三巡 for the demo grid workers
with one day missed each, hazards in every status, and one visit whose need became an appeal. Skipped
when visits exist."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta

from django.utils import timezone

from linli.accounts.models import User
from linli.core.demo import DemoContext
from linli.core.frozen_time import frozen_at
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import services
from .alerts import alerts_raise
from .choices import ContactReason, Outcome, VisitKind
from .demo_care import cared_in, shorter_intervals, tag_elders_living_alone
from .demo_field import hazards, patrols
from .models import Visit
from .selectors import month_bounds, month_of

_CARE_NOTES = [
    "独居老人，身体尚可，叮嘱天冷添衣。",
    "空巢老人，老两口精神不错，留了楼道长电话。",
    "孩子在家写作业，爷爷奶奶照看，提醒注意用电安全。",
    "行动不便，帮忙联系了社区助餐服务。",
    "血压平稳，提醒按时服药、定期复查。",
]
_NOTES = [
    "身体状况良好，家中整洁。",
    "子女在外地工作，老人独自生活，叮嘱注意用电安全。",
    "住户对小区停车管理有意见，已记录。",
    "新搬入的租户，已登记联系方式。",
    "家中有小孩，宣传了防溺水知识。",
    "了解了近期就业情况，介绍了社区招聘信息。",
    "老人血压偏高，提醒按时服药。",
    "",
]


def _moment(rng, start: datetime, end: datetime) -> datetime:
    """A daytime moment (08:30–19:30) between start and end, or None when there is no room."""
    if end <= start:
        return None
    day_count = max(1, (end.date() - start.date()).days + 1)
    for _ in range(10):
        day = start.date() + timedelta(days=rng.randrange(day_count))
        moment = datetime.combine(day, time(8, 30), tzinfo=start.tzinfo) + timedelta(
            minutes=rng.randrange(660)
        )
        if start <= moment < end:
            return moment
    return None


def build(ctx: DemoContext) -> None:
    if Visit.objects.exists():
        ctx.say("走访记录已存在，跳过生成。")
        return
    from linli.accounts.demo import demo_scopes

    scopes = ctx.shared.get("demo_scopes") or demo_scopes()
    people = {u.phone: u for u in User.objects.filter(phone__startswith="138000000")}
    desk, grid_worker, micro_worker = people["13800000005"], people["13800000007"], people["13800000008"]
    leader, informant, branch, property_staff = (
        people["13800000014"],
        people["13800000015"],
        people["13800000010"],
        people["13800000013"],
    )
    community, unit, compound = scopes["community_a"], scopes["unit"], scopes["compound"]
    rng = ctx.rng
    now = timezone.localtime()
    homes = list(
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD, code__startswith=community.code)
        .select_related("grid")
        .order_by("code")
    )

    def visitor_for(home: Place) -> User:
        if home.code.startswith(unit.code):
            return rng.choice([leader, informant])
        if home.grid_id == scopes["micro"].pk:
            return micro_worker
        if home.grid_id and home.grid.code.startswith(scopes["general"].code):
            return grid_worker
        return desk

    # 关爱对象 are the ledger's care tags (the people demo tags 独居老人, 空巢老人, 留守儿童 … in bulk);
    # elders living alone it missed are tagged here through the ledger service.
    added = tag_elders_living_alone(community, desk, now)
    cared = cared_in(community, now.date())
    care_homes = {p.household_id for p in cared}
    # Two elders living alone get no contact for weeks — preferably where the demo 楼道 team and
    # 微网格员 serve, and alone in their home among the cared (so exactly two alerts).
    per_home = Counter(p.household_id for p in cared)
    alone = [p for p in cared if "living_alone" in p.care_codes and per_home[p.household_id] == 1]
    ranked = sorted(
        alone,
        key=lambda p: (not p.household.code.startswith(unit.code), p.household.grid_id != scopes["micro"].pk),
    )
    overdue = {p.household_id for p in ranked[:2]}
    this_start, _ = month_bounds(month_of(now))
    last_start, _ = month_bounds(month_of(this_start - timedelta(days=1)))
    # (Households visited for other reasons below — the demo resident's, elders' — are not among them.)
    todo_left = {h.pk for h in homes if h.code.startswith(unit.code)} - care_homes - overdue
    todo_left.discard(scopes["household"].pk)
    todo_left = set(sorted(todo_left)[-3:])  # the demo 楼道 still has three households to visit
    visits = 0

    def record(home, moment, **fields):
        nonlocal visits
        with frozen_at(moment):
            services.visit_record(actor=visitor_for(home), household=home, **fields)
        visits += 1

    for home in homes:
        if home.pk in overdue:
            record(
                home,
                _moment(rng, now - timedelta(days=20), now - timedelta(days=12)),
                kind=VisitKind.MONTHLY,
                outcome=Outcome.MET,
            )
            continue
        # Last month: nearly everyone, a few not at home on the first try.
        moment = _moment(rng, last_start, min(this_start, now - timedelta(hours=1)))
        if moment and rng.random() < 0.95:
            if rng.random() < 0.06:
                record(home, moment, kind=VisitKind.MONTHLY, outcome=Outcome.NOBODY_HOME)
                moment = _moment(rng, moment + timedelta(hours=2), min(this_start, now - timedelta(hours=1)))
            if moment:
                record(home, moment, kind=VisitKind.MONTHLY, outcome=Outcome.MET, notes=rng.choice(_NOTES))
        # This month: most households (those of 关爱对象 within the last two days); the demo 楼道's
        # to-do list waits.
        if home.pk in care_homes:
            moment = _moment(rng, now - timedelta(days=2), now - timedelta(hours=1))
            if moment:
                record(
                    home, moment, kind=VisitKind.MONTHLY, outcome=Outcome.MET, notes=rng.choice(_CARE_NOTES)
                )
            continue
        if home.pk in todo_left:
            if home.pk == min(todo_left):
                moment = _moment(rng, this_start, now - timedelta(hours=1))
                if moment:
                    record(home, moment, kind=VisitKind.DOOR_KNOCK, outcome=Outcome.NOBODY_HOME)
            continue
        # Elsewhere most households; in the demo 楼道 every other one, so its list is exactly three.
        if home.code.startswith(unit.code) or rng.random() < 0.82:
            moment = _moment(rng, this_start, now - timedelta(hours=1))
            if moment:
                kind = rng.choice([VisitKind.MONTHLY] * 6 + [VisitKind.DOOR_KNOCK, VisitKind.FOUR_CONTACTS])
                record(
                    home,
                    moment,
                    kind=kind,
                    reason=rng.choice(ContactReason.values) if kind == VisitKind.FOUR_CONTACTS else "",
                    outcome=rng.choice([Outcome.MET] * 12 + [Outcome.REFUSED]),
                    notes=rng.choice(_NOTES),
                )
    shorter_intervals(cared)
    appeal = _visit_with_appeal(scopes, leader, now)
    reception = _reception_day(rng, compound, [h for h in homes if h.pk not in todo_left], branch, now)
    patrol_count = patrols(rng, grid_worker, scopes["general"], micro_worker, scopes["micro"], now)
    hazard_count = hazards(scopes, leader, grid_worker, micro_worker, property_staff, desk, now)
    alerted = alerts_raise(now=now)
    ctx.say(
        f"生成走访 {visits + reception + 1} 次（含 1 次转为诉求 {appeal}）；本社区关爱对象 {len(cared)} 人"
        f"（新标注独居老人 {added} 人）；"
        f"巡查签到 {patrol_count} 次、安全隐患 {hazard_count} 处；关爱预警提醒 {alerted} 条。"
    )


def _visit_with_appeal(scopes, leader: User, now: datetime) -> str:
    home = scopes["household"]
    person = home.members.order_by("id").first()
    with frozen_at(max(now - timedelta(days=2), month_bounds(month_of(now))[0] + timedelta(hours=10))):
        visit = services.visit_record_with_appeal(
            actor=leader,
            household=home,
            kind=VisitKind.FOUR_CONTACTS,
            reason=ContactReason.HOME_VISIT,
            outcome=Outcome.MET,
            person=person,
            notes="老人腿脚不便，平时很少下楼。",
            needs_found="一楼到三楼的楼道声控灯坏了半个月，老人晚上上下楼看不清，希望尽快修好。",
        )
    return visit.appeal.number


def _reception_day(rng, compound: Place, homes: list[Place], branch: User, now: datetime) -> int:
    """Two residents came to the branch's reception day (支部接待日)."""
    mine = [h for h in homes if h.code.startswith(compound.code)]
    moment = month_bounds(month_of(now))[0] + timedelta(hours=9, minutes=30)
    if moment > now - timedelta(hours=1):
        return 0
    for home in rng.sample(mine, min(2, len(mine))):
        with frozen_at(moment):
            services.visit_record(
                actor=branch,
                household=home,
                kind=VisitKind.RECEPTION_DAY,
                outcome=Outcome.MET,
                notes="来支部接待日反映小区停车位紧张。",
            )
        moment += timedelta(minutes=40)
    return 2

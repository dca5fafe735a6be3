"""Writes for the 楼道 teams: generate the month's visit plan, rate the 楼道 of a scope, award 先锋楼道."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from linli.accounts.models import RoleAssignment
from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import indicators, rules
from .choices import DEFAULT_CRITERIA, PlanKind
from .models import Criterion, PioneerAward, PlanItem, Rating, VisitPlan

#: Tags whose households are always contacted (四必联: 空巢留守).
_EMPTY_NEST_TAGS = ("empty_nest", "left_behind_child", "living_alone")


def _unit(place: Place) -> Place:
    if place is None or place.level != PlaceLevel.UNIT:
        raise DomainError("请选择一个楼道（单元）。", field="unit")
    return place


def team_of(unit: Place) -> list:
    """The active 楼道长, 信息员 and 保障员 of a unit, in that order."""
    order = {r: i for i, r in enumerate(sorted(rules.TEAM))}
    rows = RoleAssignment.objects.active().filter(place=unit, role__in=rules.TEAM).select_related("user")
    return [a.user for a in sorted(rows, key=lambda a: (order[a.role], a.user_id))]


@transaction.atomic
def plan_generate(*, actor, unit: Place, month: date) -> VisitPlan:
    """This month's full-coverage plan: every household with residents, the vulnerable in week 1, the
    rest spread over four weeks, shared among the team in turn; plus the 四必联 contacts (recent 喜事丧事,
    newcomers, 空巢留守) as tasks."""
    from linli.people.models import Occasion, Person, Residency, TagAssignment
    from linli.people.selectors import active_tag_q, care_people

    unit = _unit(unit)
    policy.require(actor, rules.GENERATE_PLAN, unit)
    month = month.replace(day=1)
    if VisitPlan.objects.filter(unit=unit, month=month).exists():
        raise Conflict(f"{unit.parent.name}{unit.name} {month:%Y年%m月}的走访计划已生成。")
    plan = VisitPlan.objects.create(unit=unit, month=month, generated_by=actor)
    lived_in = set(
        Person.objects.filter(household__parent=unit, moved_out_on__isnull=True).values_list(
            "household_id", flat=True
        )
    )
    homes = list(
        Place.objects.filter(parent=unit, level=PlaceLevel.HOUSEHOLD, pk__in=lived_in).order_by("code")
    )
    vulnerable = set(care_people().filter(household__parent=unit).values_list("household_id", flat=True))
    team = team_of(unit) or [None]
    items, rest = [], [h for h in homes if h.pk not in vulnerable]
    first = [h for h in homes if h.pk in vulnerable]
    for i, home in enumerate(first + rest):
        week = 1 if home.pk in vulnerable else 1 + (i - len(first)) * 4 // max(1, len(rest))
        items.append(
            PlanItem(
                plan=plan,
                household=home,
                kind=PlanKind.MONTHLY,
                assignee=team[i % len(team)],
                week=week,
                priority=0 if home.pk in vulnerable else 1,
                reason="关爱对象，优先走访" if home.pk in vulnerable else "",
            )
        )
    since = month - timedelta(days=30)
    contacts: dict[int, str] = {}
    for household_id, kind, title in Occasion.objects.filter(
        household__parent=unit, on__gte=since
    ).values_list("household_id", "kind", "title"):
        contacts.setdefault(household_id, f"{'喜事' if kind == 'happy' else '丧事'}：{title}")
    for household_id in Residency.objects.filter(household__parent=unit, moved_in_on__gte=since).values_list(
        "household_id", flat=True
    ):
        contacts.setdefault(household_id, "新迁入住户")
    for household_id, name in TagAssignment.objects.filter(
        active_tag_q(), person__household__parent=unit, tag__code__in=_EMPTY_NEST_TAGS
    ).values_list("person__household_id", "tag__name"):
        contacts.setdefault(household_id, f"空巢留守：{name}")
    for i, (household_id, reason) in enumerate(sorted(contacts.items())):
        if household_id in lived_in:
            items.append(
                PlanItem(
                    plan=plan,
                    household_id=household_id,
                    kind=PlanKind.FOUR_CONTACTS,
                    reason=reason[:100],
                    assignee=team[i % len(team)],
                    week=1,
                    priority=0,
                )
            )
    PlanItem.objects.bulk_create(items)
    return plan


def criteria() -> list[tuple[str, int, object]]:
    """The active criteria; the defaults when none were ever configured."""
    if not Criterion.objects.exists():
        return [(i, w, Decimal(str(t))) for i, w, t in DEFAULT_CRITERIA]
    return list(Criterion.objects.filter(is_active=True).values_list("indicator", "weight", "target"))


@transaction.atomic
def rate_month(*, actor, under: Place, month: date) -> int:
    """Rate every 楼道 under ``under`` for ``month`` (recomputed if already rated); returns how many."""
    policy.require(actor, rules.RATE, under)
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise DomainError("不能评定未来的月份。", field="month")
    units = list(Place.objects.filter(level=PlaceLevel.UNIT, code__startswith=under.code))
    rules_ = criteria()
    values = indicators.unit_values(units, month)
    for unit in units:
        v = values[unit.pk]
        points = indicators.score(v, rules_)
        Rating.objects.update_or_create(
            unit=unit,
            period=month,
            defaults={"values": {k: v[k] for k in v}, "score": points, "stars": indicators.stars(points)},
        )
    return len(units)


@transaction.atomic
def award_pioneer(*, actor, unit: Place, month: date, reason: str = "") -> PioneerAward:
    """先锋楼道: a 楼道 rated four stars or more that month."""
    unit = _unit(unit)
    policy.require(actor, rules.RATE, unit)
    month = month.replace(day=1)
    rating = Rating.objects.filter(unit=unit, period=month).first()
    if rating is None or rating.stars < 4:
        raise DomainError("先锋楼道须为当月四星及以上的星级楼道，请先评定星级。")
    award, created = PioneerAward.objects.get_or_create(
        unit=unit, period=month, defaults={"reason": reason.strip()[:200], "awarded_by": actor}
    )
    if not created:
        raise Conflict("该楼道本月已评为先锋楼道。")
    return award

"""Reads for the 楼道 pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, QuerySet

from linli.core import policy
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules
from .choices import PlanKind
from .models import PioneerAward, PlanItem, Rating, VisitPlan


def units_visible_to(user, permission: str = rules.VIEW_PLAN) -> QuerySet:
    return policy.visible(user, permission, Place.objects.filter(level=PlaceLevel.UNIT)).select_related(
        "parent__parent"
    )


def my_units(user) -> list[Place]:
    codes = [a.place_code for a in user.active_assignments() if a.role in rules.TEAM and a.place_code]
    return list(Place.objects.filter(code__in=codes, level=PlaceLevel.UNIT).select_related("parent__parent"))


def unit_for(*, user, code: str) -> Place:
    return policy.get_visible_or_404(
        user,
        rules.VIEW_PLAN,
        Place.objects.filter(level=PlaceLevel.UNIT).select_related("parent__parent"),
        code=code,
    )


def plan_of(unit: Place, month: date) -> VisitPlan | None:
    return VisitPlan.objects.filter(unit=unit, month=month.replace(day=1)).first()


def plan_items(plan: VisitPlan) -> list[PlanItem]:
    """Items with ``done``: a monthly item by any visit that reached the household this month, a 四必联
    item by a 四必联 visit."""
    from linli.visits.choices import REACHED, VisitKind
    from linli.visits.models import Visit
    from linli.visits.selectors import month_bounds

    start, end = month_bounds(plan.month)
    reached = Visit.objects.filter(
        household=OuterRef("household"), visited_at__gte=start, visited_at__lt=end, outcome__in=REACHED
    )
    four = reached.filter(kind=VisitKind.FOUR_CONTACTS)
    items = plan.items.select_related("household", "assignee").annotate(
        reached=Exists(reached), four_done=Exists(four)
    )
    out = []
    for item in items:
        item.done = item.four_done if item.kind == PlanKind.FOUR_CONTACTS else item.reached
        out.append(item)
    return out


def ratings(*, user, under: Place | None, month: date) -> QuerySet:
    rows = policy.visible(user, rules.VIEW_RATING, Rating.objects.filter(period=month.replace(day=1)))
    if under is not None:
        rows = rows.filter(unit__code__startswith=under.code)
    return rows.select_related("unit__parent__parent").order_by("-score", "unit__code")


def awards(*, user, month: date) -> dict[int, PioneerAward]:
    rows = policy.visible(user, rules.VIEW_RATING, PioneerAward.objects.filter(period=month.replace(day=1)))
    return {a.unit_id: a for a in rows}

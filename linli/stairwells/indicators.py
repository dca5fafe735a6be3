"""The figures behind a 楼道's stars, for many units at once (a few grouped queries, not one per unit),
and the arithmetic of score and stars (pure functions).

These are read-only aggregates over other modules' records (visits, appeals, volunteers, the ledger):
like a dashboard, this module only reads them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .choices import STAR_THRESHOLDS, Indicator


def month_bounds(month: date):
    from linli.visits.selectors import month_bounds as bounds

    return bounds(month)


def unit_values(units: Iterable[Place], month: date) -> dict[int, dict[str, float | None]]:
    """For each unit: visit coverage (%), appeals solved (%), volunteer hours per household, activity
    sign-ups of its residents — None where the figure does not apply (no households, no appeals)."""
    from linli.appeals.choices import Status
    from linli.appeals.models import Appeal
    from linli.visits.choices import REACHED
    from linli.visits.models import Visit
    from linli.volunteers.models import SignUp

    ids = [u.pk for u in units]
    start, end = month_bounds(month)
    homes = dict(
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD, parent_id__in=ids)
        .values_list("parent_id")
        .annotate(n=Count("id"))
    )
    reached = dict(
        Visit.objects.filter(
            household__parent_id__in=ids, visited_at__gte=start, visited_at__lt=end, outcome__in=REACHED
        )
        .values_list("household__parent_id")
        .annotate(n=Count("household", distinct=True))
    )
    appeals = {
        row["place__parent_id"]: row
        for row in Appeal.objects.filter(
            place__parent_id__in=ids, submitted_at__gte=start, submitted_at__lt=end
        )
        .exclude(status__in=[Status.INVALID, Status.MERGED])
        .values("place__parent_id")
        .annotate(total=Count("id"), solved=Count("id", filter=Q(status__in=[Status.CLOSED, Status.RATED])))
    }
    person = "volunteer__user__person__household__parent_id"
    service = {
        row[person]: row
        for row in SignUp.objects.filter(
            **{f"{person}__in": ids},
            minutes__isnull=False,
            activity__starts_at__gte=start,
            activity__starts_at__lt=end,
        )
        .values(person)
        .annotate(minutes=Sum("minutes"), n=Count("id"))
    }
    out = {}
    for pk in ids:
        n = homes.get(pk, 0)
        a = appeals.get(pk)
        s = service.get(pk, {"minutes": 0, "n": 0})
        out[pk] = {
            Indicator.VISIT_COVERAGE: round(reached.get(pk, 0) * 100 / n, 1) if n else None,
            Indicator.APPEALS_SOLVED: round(a["solved"] * 100 / a["total"], 1) if a and a["total"] else None,
            Indicator.VOLUNTEER_HOURS: round(s["minutes"] / 60 / n, 2) if n else None,
            Indicator.ACTIVITIES: s["n"],
        }
    return out


def score(values: dict[str, float | None], criteria: Iterable[tuple[str, int, Decimal]]) -> Decimal:
    """0–100: each criterion contributes weight × min(1, value / target); criteria whose value does not
    apply (None) are left out of both the points and the total weight."""
    earned, total = Decimal(0), Decimal(0)
    for indicator, weight, target in criteria:
        value = values.get(indicator)
        if value is None:
            continue
        total += weight
        earned += weight * min(Decimal(1), Decimal(str(value)) / Decimal(target))
    if not total:
        return Decimal(0)
    return (earned * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def stars(points: Decimal) -> int:
    for threshold, count in STAR_THRESHOLDS:
        if points >= threshold:
            return count
    return 1

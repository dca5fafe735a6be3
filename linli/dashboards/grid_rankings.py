"""网格评比: the 一般网格 of a 社区 ranked by weighted indicators, on the same arithmetic as the place
rankings (rankings.py): a rate counts as it is, a count against the best peer, missing data is left out.

Grids are not places, so their figures are not in the nightly rollup: each indicator is one grouped
query over the community's own records (a community has tens of grids, not thousands)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils import timezone

from linli.appeals.measures import Counts, count_expressions, rates_from
from linli.appeals.models import Appeal
from linli.places.choices import GridLevel, PlaceLevel
from linli.places.codes import GRID_CODE_WIDTHS
from linli.places.models import GridNode, Place

from .models import RankingWeight
from .rankings import scores
from .selectors import Filters

#: RankingWeight.level of the 一般网格 ranking (place levels are 1–7).
GRID_LEVEL = 20
DEFAULT_WEIGHTS = [
    ("rate:closure", 30),
    ("rate:satisfaction", 30),
    ("grid:visit_coverage", 25),
    ("grid:patrols", 15),
]
LABELS = {
    "grid:visit_coverage": "本月走访覆盖率",
    "grid:patrols": "期间巡查签到",
}
PERCENT = {"grid:visit_coverage"}


@dataclass
class GridRanked:
    grid: GridNode
    score: Decimal
    parts: dict  # metric → (raw value or None, normalised 0–1)
    rank: int = 0


def weights() -> list[tuple[str, int]]:
    rows = list(RankingWeight.objects.filter(level=GRID_LEVEL).values_list("metric", "weight"))
    return rows or DEFAULT_WEIGHTS


def label(metric: str) -> str:
    if metric.startswith("rate:"):
        return next(r.label for r in rates_from(Counts()) if r.key == metric[5:])
    return LABELS[metric]


def _values(grids: list[GridNode], filters: Filters) -> dict[str, dict[str, float | None]]:
    from linli.visits.choices import REACHED
    from linli.visits.models import Patrol, Visit
    from linli.visits.selectors import month_bounds, month_of

    width = GRID_CODE_WIDTHS[GridLevel.GENERAL]
    codes = [g.code for g in grids]
    prefix = codes[0][: GRID_CODE_WIDTHS[GridLevel.TOTAL]]
    tz = timezone.get_current_timezone()
    lo = datetime.combine(filters.start, time.min, tzinfo=tz)
    hi = datetime.combine(filters.end + timedelta(days=1), time.min, tzinfo=tz)
    appeals = {
        row.pop("node"): Counts(**row)
        for row in Appeal.objects.filter(
            grid_code__startswith=prefix, submitted_at__gte=lo, submitted_at__lt=hi
        )
        .annotate(node=Substr("grid_code", 1, width))
        .values("node")
        .annotate(**count_expressions())
        .order_by()
    }
    homes = Place.objects.filter(level=PlaceLevel.HOUSEHOLD, grid__code__startswith=prefix)
    total = dict(
        homes.annotate(node=Substr("grid__code", 1, width))
        .values_list("node")
        .annotate(n=Count("id"))
        .order_by()
    )
    start, end = month_bounds(month_of())
    reached = dict(
        Visit.objects.filter(
            household__grid__code__startswith=prefix,
            visited_at__gte=start,
            visited_at__lt=end,
            outcome__in=REACHED,
        )
        .annotate(node=Substr("household__grid__code", 1, width))
        .values_list("node")
        .annotate(n=Count("household", distinct=True))
        .order_by()
    )
    patrols = dict(
        Patrol.objects.filter(grid_code__startswith=prefix, checked_in_at__gte=lo, checked_in_at__lt=hi)
        .annotate(node=Substr("grid_code", 1, width))
        .values_list("node")
        .annotate(n=Count("id"))
        .order_by()
    )
    out = {}
    for code in codes:
        rates = {r.key: r.value for r in rates_from(appeals.get(code, Counts()))}
        n = total.get(code, 0)
        out[code] = {
            "rate:closure": rates["closure"],
            "rate:satisfaction": rates["satisfaction"],
            "rate:response": rates["response"],
            "rate:on_time": rates["on_time"],
            "grid:visit_coverage": reached.get(code, 0) * 100 / n if n else None,
            "grid:patrols": float(patrols.get(code, 0)),
        }
    return out


def rank_grids(community: Place, filters: Filters) -> tuple[list[GridRanked], list[tuple[str, int]]]:
    """The 一般网格 of a 社区, best first, with the weights used."""
    if community.level != PlaceLevel.COMMUNITY:
        return [], []
    grids = list(
        GridNode.objects.filter(level=GridLevel.GENERAL, code__startswith=community.code).order_by("code")
    )
    if not grids:
        return [], []
    spec = [(m, w) for m, w in weights() if m in LABELS or m.startswith("rate:")]
    raw = _values(grids, filters)
    scored = scores(raw, spec, PERCENT)
    out = [GridRanked(grid, *scored[grid.code]) for grid in grids]
    out.sort(key=lambda r: (-r.score, r.grid.code))
    for i, r in enumerate(out, start=1):
        r.rank = i
    return out, spec

"""What a dashboard shows for one node and period, read from the pre-aggregated tables only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Length
from django.urls import reverse

from linli.appeals.measures import Counts, Rate, rates_from
from linli.core import policy
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules
from .figures import LEVELS, METRICS
from .models import AppealBreakdown, AppealDaily, Figure

CHILD_LEVEL = {
    PlaceLevel.DISTRICT: PlaceLevel.STREET,
    PlaceLevel.STREET: PlaceLevel.COMMUNITY,
    PlaceLevel.COMMUNITY: PlaceLevel.COMPOUND,
}
COUNT_FIELDS = list(Counts.__dataclass_fields__)


@dataclass
class Filters:
    start: date
    end: date
    kind: str = ""  # CompoundProfile.kind
    managed: str = ""  # "1" | "0" | ""

    @property
    def compound_filter(self) -> bool:
        return bool(self.kind or self.managed)

    def query(self) -> str:
        parts = [f"from={self.start:%Y-%m-%d}", f"to={self.end:%Y-%m-%d}"]
        if self.kind:
            parts.append(f"kind={self.kind}")
        if self.managed:
            parts.append(f"managed={self.managed}")
        return "&".join(parts)


def nodes_visible_to(user):
    return policy.visible(user, rules.VIEW_DASHBOARD, Place.objects.filter(level__lte=PlaceLevel.COMPOUND))


def top_node(user) -> Place | None:
    rows = nodes_visible_to(user).order_by("level", "code")
    return rows.first()


def _codes(node: Place, filters: Filters) -> list[str]:
    """The codes whose rows are summed for ``node``: itself, or its matching 小区 under a 小区 filter."""
    if not filters.compound_filter:
        return [node.code]
    compounds = Place.objects.filter(policy.subtree_q("code", [node.code]), level=PlaceLevel.COMPOUND)
    if filters.kind:
        compounds = compounds.filter(compound__kind=filters.kind)
    if filters.managed in ("0", "1"):
        compounds = compounds.filter(compound__managed=filters.managed == "1")
    return list(compounds.values_list("code", flat=True))


def appeal_counts(node: Place, filters: Filters) -> Counts:
    row = AppealDaily.objects.filter(
        code__in=_codes(node, filters), day__gte=filters.start, day__lte=filters.end
    ).aggregate(**{f: Sum(f) for f in COUNT_FIELDS})
    return Counts(**{k: v or 0 for k, v in row.items()})


def appeal_rates(node: Place, filters: Filters) -> list[Rate]:
    return rates_from(appeal_counts(node, filters))


def appeal_series(node: Place, filters: Filters) -> dict:
    """Submitted and closed per day (per month when the period is longer than 62 days)."""
    rows = AppealDaily.objects.filter(
        code__in=_codes(node, filters), day__gte=filters.start, day__lte=filters.end
    ).values_list("day", "submitted", "closed")
    monthly = (filters.end - filters.start).days > 62
    buckets: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for day, submitted, closed in rows:
        key = f"{day:%Y-%m}" if monthly else f"{day:%m-%d}"
        buckets[key][0] += submitted
        buckets[key][1] += closed
    keys = sorted(buckets)
    return {
        "labels": keys,
        "submitted": [buckets[k][0] for k in keys],
        "closed": [buckets[k][1] for k in keys],
    }


def rate_series(node: Place, filters: Filters) -> dict:
    """响应率, 按期办结率 and 满意率 per month of the period (percent, None where nothing to measure)."""
    rows = AppealDaily.objects.filter(
        code__in=_codes(node, filters), day__gte=filters.start, day__lte=filters.end
    ).values("day", *COUNT_FIELDS)
    months: dict[str, dict] = defaultdict(lambda: dict.fromkeys(COUNT_FIELDS, 0))
    for row in rows:
        bucket = months[f"{row.pop('day'):%Y-%m}"]
        for f in COUNT_FIELDS:
            bucket[f] += row[f]
    keys = sorted(months)
    out = {"labels": keys, "series": []}
    for key, label in (("response", "响应率"), ("on_time", "按期办结率"), ("satisfaction", "满意率")):
        values = []
        for month in keys:
            rate = next(r for r in rates_from(Counts(**months[month])) if r.key == key)
            values.append(None if rate.value is None else round(rate.value * 100, 1))
        out["series"].append({"name": label, "data": values})
    return out


def appeal_breakdown(node: Place, filters: Filters, dimension: str) -> list[tuple[str, int]]:
    rows = (
        AppealBreakdown.objects.filter(
            code__in=_codes(node, filters), dimension=dimension, day__gte=filters.start, day__lte=filters.end
        )
        .values("key")
        .annotate(n=Sum("count"))
        .order_by("-n", "key")
    )
    if dimension == "channel":
        from linli.appeals.choices import Channel

        labels = dict(Channel.choices)
        return [(labels.get(r["key"], r["key"]), r["n"]) for r in rows]
    return [(r["key"], r["n"]) for r in rows]


@dataclass
class FigureValue:
    key: str
    label: str
    unit: str
    formula: str
    value: Decimal | None
    numerator: int | None = None
    denominator: int | None = None
    url: str = ""

    @property
    def shown(self) -> str:
        if self.value is None:
            return "—"
        if self.unit == "%":
            return f"{self.value:.1f}%"
        return f"{int(self.value):,}"


#: List pages that narrow themselves to ``?place=<code>`` (inside the viewer's scope).
PLACE_NARROWED = {
    "appeals:list",
    "people:ledger",
    "visits:coverage",
    "volunteers:board",
    "mediation:list",
    "deliberation:topics",
}


def records_url(name: str, node: Place) -> str:
    """The "明细" link of a figure: the records behind it, narrowed to the node where the page can be."""
    if not name:
        return ""
    if name == "places:browse":
        return reverse("places:detail", args=[node.code])
    if name == "projects:lists" and node.level == PlaceLevel.COMPOUND:
        return reverse(name) + f"?compound={node.code}"
    return reverse(name) + (f"?place={node.code}" if name in PLACE_NARROWED else "")


def figures(node: Place, filters: Filters) -> list[FigureValue]:
    codes = _codes(node, filters)
    rows = (
        Figure.objects.filter(code__in=codes)
        .values("metric")
        .annotate(num=Sum("numerator"), den=Sum("denominator"))
    )
    got = {r["metric"]: r for r in rows}
    out = []
    for metric in METRICS:
        r = got.get(metric.key)
        value = None
        if r is not None:
            if metric.unit == "%":
                value = Decimal(r["num"] or 0) * 100 / r["den"] if r["den"] else None
            else:
                value = Decimal(r["num"] or 0)
        url = records_url(metric.records, node)
        out.append(
            FigureValue(
                metric.key,
                metric.label,
                metric.unit,
                metric.formula,
                value,
                r["num"] if r else None,
                r["den"] if r else None,
                url,
            )
        )
    return out


@dataclass
class ChildRow:
    place: Place
    submitted: int
    closure: float | None
    satisfaction: float | None
    values: dict = field(default_factory=dict)


def children(node: Place, filters: Filters) -> list[ChildRow]:
    """One row per child node (two queries for all of them): appeals of the period and the figures."""
    level = CHILD_LEVEL.get(node.level)
    if level is None:
        return []
    kids = list(Place.objects.filter(parent=node, level=level).order_by("code"))
    owner: dict[str, Place] = {}
    for kid in kids:
        for code in _codes(kid, filters):
            owner[code] = kid
    if filters.compound_filter:
        kids = [k for k in kids if k in owner.values()]
    counts: dict[int, dict] = defaultdict(lambda: dict.fromkeys(COUNT_FIELDS, 0))
    daily = AppealDaily.objects.filter(code__in=list(owner), day__gte=filters.start, day__lte=filters.end)
    for row in daily.values("code").annotate(**{f: Sum(f) for f in COUNT_FIELDS}):
        target = counts[owner[row.pop("code")].pk]
        for f in COUNT_FIELDS:
            target[f] += row[f] or 0
    sums: dict[int, dict] = defaultdict(lambda: defaultdict(lambda: [0, 0, False]))
    for code, metric, num, den in Figure.objects.filter(code__in=list(owner)).values_list(
        "code", "metric", "numerator", "denominator"
    ):
        cell = sums[owner[code].pk][metric]
        cell[0] += num or 0
        cell[1] += den or 0
        cell[2] = cell[2] or den is not None
    out = []
    for kid in kids:
        rates = {r.key: r.value for r in rates_from(Counts(**counts[kid.pk]))}
        values = {}
        for metric in METRICS:
            num, den, is_rate = sums[kid.pk].get(metric.key, (None, None, False))
            if num is None:
                value = None
            elif metric.unit == "%":
                value = Decimal(num) * 100 / den if den else None
            else:
                value = Decimal(num)
            values[metric.key] = FigureValue(
                metric.key, metric.label, metric.unit, metric.formula, value, num, den
            )
        out.append(
            ChildRow(kid, counts[kid.pk]["submitted"], rates["closure"], rates["satisfaction"], values)
        )
    return out


def crumbs(node: Place) -> list[Place]:
    codes = [node.code[:n] for n in LEVELS if n < len(node.code)]
    return list(Place.objects.filter(code__in=codes).order_by("code"))


def default_filters(today: date) -> Filters:
    return Filters(start=today.replace(day=1), end=today)


def computed_at():
    return Figure.objects.order_by("-computed_at").values_list("computed_at", flat=True).first()


@dataclass
class Hotspot:
    place: Place
    submitted: int
    closed: int


HOTSPOT_DAYS = 30


def hotspots(node: Place, filters: Filters, limit: int = 8) -> list[Hotspot]:
    """诉求热点: the 小区 under the node with the most appeals in the last HOTSPOT_DAYS days of the period
    (from the daily rollup: one index range over the node's subtree, whatever the period's length)."""
    if node.level >= PlaceLevel.COMPOUND:
        return []
    start = max(filters.start, filters.end - timedelta(days=HOTSPOT_DAYS - 1))
    rows = AppealDaily.objects.filter(day__gte=start, day__lte=filters.end)
    if filters.compound_filter:
        rows = rows.filter(code__in=_codes(node, filters))
    else:
        rows = rows.filter(policy.subtree_q("code", [node.code])).annotate(n=Length("code")).filter(n=15)
    top = list(
        rows.values("code")
        .annotate(submitted=Sum("submitted"), closed=Sum("closed"))
        .filter(submitted__gt=0)
        .order_by("-submitted", "code")[:limit]
    )
    places = Place.objects.in_bulk([r["code"] for r in top], field_name="code")
    return [Hotspot(places[r["code"]], r["submitted"], r["closed"]) for r in top if r["code"] in places]

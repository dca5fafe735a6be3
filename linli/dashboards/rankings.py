"""Rankings (评比) of the nodes one level below a node by weighted indicators, the monthly 红黑榜 and the
评先评优 candidates. Each indicator is normalised to 0–1 (a rate as it is; a count against the best
among the peers) and weighted; the score is out of 100."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from linli.places.models import Place

from . import selectors
from .figures import BY_KEY
from .models import RankingWeight

#: Defaults per ranked level (PlaceLevel value): (metric, weight). "rate:<key>" is an appeal rate.
DEFAULT_WEIGHTS = {
    2: [
        ("rate:closure", 30),
        ("rate:satisfaction", 30),
        ("visit_coverage", 20),
        ("branch_coverage", 10),
        ("volunteer_hours", 10),
    ],
    3: [
        ("rate:closure", 30),
        ("rate:satisfaction", 30),
        ("visit_coverage", 20),
        ("committee_coverage", 10),
        ("volunteer_hours", 10),
    ],
    4: [("rate:closure", 35), ("rate:satisfaction", 35), ("visit_coverage", 30)],
}
LOWER_IS_BETTER: set[str] = set()
RED_BLACK = 3  # places on each of the 红榜 and 黑榜
CANDIDATE_SCORE = Decimal(80)


def weights(level: int) -> list[tuple[str, int]]:
    rows = list(RankingWeight.objects.filter(level=level).values_list("metric", "weight"))
    return rows or DEFAULT_WEIGHTS.get(level, [])


def label(metric: str) -> str:
    if metric.startswith("rate:"):
        from linli.appeals.measures import Counts, rates_from

        return next(r.label for r in rates_from(Counts()) if r.key == metric[5:])
    return BY_KEY[metric].label


@dataclass
class Ranked:
    place: Place
    score: Decimal
    parts: dict  # metric → (raw value or None, normalised 0–1)
    rank: int = 0


def rank(node: Place, filters: selectors.Filters) -> tuple[list[Ranked], list[tuple[str, int]]]:
    kids = selectors.children(node, filters)
    if not kids:
        return [], []
    level = kids[0].place.level
    spec = weights(level)
    raw: dict[int, dict[str, float | None]] = {}
    for kid in kids:
        rates = {r.key: r.value for r in selectors.appeal_rates(kid.place, filters)}
        values = {}
        for metric, _ in spec:
            if metric.startswith("rate:"):
                values[metric] = rates.get(metric[5:])
            else:
                f = kid.values.get(metric)
                values[metric] = None if f is None or f.value is None else float(f.value)
        raw[kid.place.pk] = values
    percent = {m for m, _ in spec if not m.startswith("rate:") and BY_KEY[m].unit == "%"}
    scored = scores(raw, spec, percent)
    out = [Ranked(kid.place, *scored[kid.place.pk]) for kid in kids]
    out.sort(key=lambda r: (-r.score, r.place.code))
    for i, r in enumerate(out, start=1):
        r.rank = i
    return out, spec


def scores(raw: dict, spec: list[tuple[str, int]], percent: set[str]) -> dict:
    """The weighted score (0–100, one decimal) and its parts of each ranked item: ``raw`` maps an item
    to its metric values. Each value is brought to 0–1 — a rate as it is, a percentage ÷ 100, a count
    against the best count among the items — and weighted; a metric without a value is left out of
    the item's weights rather than counted as zero. Returns item → (score, {metric: (value, norm)})."""
    best = {
        m: max((v[m] for v in raw.values() if v.get(m) is not None), default=0)
        for m, _ in spec
        if not m.startswith("rate:") and m not in percent
    }
    out = {}
    for item, values in raw.items():
        parts, earned, total = {}, 0.0, 0
        for metric, weight in spec:
            value = values.get(metric)
            if value is None:
                parts[metric] = (None, None)
                continue
            if metric.startswith("rate:"):
                norm = value
            elif metric in percent:
                norm = value / 100
            else:
                norm = value / best[metric] if best.get(metric) else 0.0
            norm = max(0.0, min(1.0, norm))
            parts[metric] = (value, norm)
            earned += weight * norm
            total += weight
        score = Decimal(earned * 100 / total).quantize(Decimal("0.1")) if total else Decimal(0)
        out[item] = (score, parts)
    return out


def red_black(ranked: list[Ranked]) -> tuple[list[Ranked], list[Ranked]]:
    """红榜: the best three; 黑榜: the worst three — never the same place on both (small lists)."""
    n = min(RED_BLACK, len(ranked) // 2)
    return ranked[:n], list(reversed(ranked[-n:])) if n else []


def candidates(ranked: list[Ranked]) -> list[Ranked]:
    return [r for r in ranked if r.score >= CANDIDATE_SCORE]

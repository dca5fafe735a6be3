"""Evaluation arithmetic: weighted items and residents' satisfaction → a total and a credit effect.

Pure functions; the mix and the bands are settings (LINLI_PROPERTY_EVALUATION) so a district can
change them without code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


class ScoringError(ValueError):
    """Weights or scores out of range; the message is Chinese."""


@dataclass(frozen=True)
class EvaluationPolicy:
    items_share: Decimal = Decimal("0.7")
    satisfaction_share: Decimal = Decimal("0.3")
    # (lowest total, kind, points): the first band the total reaches decides the credit entry.
    bands: tuple[tuple[Decimal, str, Decimal], ...] = field(default=((Decimal(90), "good", Decimal(5)),))
    bad_below: Decimal = Decimal(60)
    bad_points: Decimal = Decimal(10)

    @classmethod
    def from_settings(cls) -> EvaluationPolicy:
        from django.conf import settings

        return cls(**(getattr(settings, "LINLI_PROPERTY_EVALUATION", {}) or {}))


def weighted_items(scores: Iterable[tuple[Decimal | int, Decimal | int]]) -> Decimal:
    """Sum of score × weight / 100 over (weight, score) pairs; weights must add up to 100."""
    pairs = [(Decimal(w), Decimal(s)) for w, s in scores]
    if sum(w for w, _ in pairs) != 100:
        raise ScoringError("评价项目的权重合计必须为100。")
    for _, score in pairs:
        if not 0 <= score <= 100:
            raise ScoringError("每项得分应在0到100之间。")
    return (sum(w * s for w, s in pairs) / 100).quantize(TWO_PLACES, ROUND_HALF_UP)


def evaluation_total(
    items: Decimal, satisfaction: Decimal, *, policy: EvaluationPolicy | None = None
) -> Decimal:
    policy = policy or EvaluationPolicy()
    if not 0 <= Decimal(satisfaction) <= 100:
        raise ScoringError("群众满意率应在0到100之间。")
    total = Decimal(items) * policy.items_share + Decimal(satisfaction) * policy.satisfaction_share
    return total.quantize(TWO_PLACES, ROUND_HALF_UP)


def credit_effect(total: Decimal, *, policy: EvaluationPolicy | None = None) -> tuple[str, Decimal] | None:
    """The (kind, points) credit entry an evaluation total earns, or None in the neutral band."""
    policy = policy or EvaluationPolicy()
    for lowest, kind, points in policy.bands:
        if total >= lowest:
            return kind, points
    if total < policy.bad_below:
        return "bad", policy.bad_points
    return None

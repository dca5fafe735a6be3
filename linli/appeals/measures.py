"""Appeal measures (三率 and the rest) per scope and period. The arithmetic is pure (rates_from);
counts_for runs one aggregate query. Formulas: docs/appeals.md."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Count, F, Q, QuerySet

from .choices import EventKind, Level, Satisfaction, Status
from .models import AppealEvent

WEIGHT_PRESETS = {"20/40/40": (0.2, 0.4, 0.4), "10/45/45": (0.1, 0.45, 0.45), "30/35/35": (0.3, 0.35, 0.35)}
DEFAULT_PRESET = "20/40/40"


@dataclass(frozen=True)
class Counts:
    submitted: int = 0  # valid appeals of the period (without 不予受理 and merged duplicates)
    merged: int = 0
    parked: int = 0  # 缓办 + 挂账
    dispatched: int = 0
    signed_on_time: int = 0
    closed: int = 0
    closed_on_time: int = 0
    closed_low: int = 0  # closed at 小区 or 社区 level
    rated: int = 0
    satisfied: int = 0  # 满意 + 基本满意
    resolved_answered: int = 0
    resolved: int = 0
    reworked: int = 0
    returned: int = 0
    extended: int = 0
    reopened: int = 0


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    numerator: int
    denominator: int
    formula: str

    @property
    def value(self) -> float | None:
        return None if self.denominator <= 0 else self.numerator / self.denominator


def count_expressions() -> dict:
    """The aggregate of every Counts field, for ``aggregate`` or a grouped ``annotate`` (the dashboards
    pre-aggregate them per day and node)."""
    reopened_ids = AppealEvent.objects.filter(kind=EventKind.REOPENED).values("appeal_id")
    closed = Q(status__in=[Status.CLOSED, Status.RATED])
    valid = ~Q(status__in=[Status.INVALID, Status.MERGED])
    return dict(
        submitted=Count("id", filter=valid),
        merged=Count("id", filter=Q(status=Status.MERGED)),
        parked=Count("id", filter=Q(status__in=[Status.POSTPONED, Status.SHELVED])),
        dispatched=Count("id", filter=valid & Q(dispatched_at__isnull=False)),
        signed_on_time=Count("id", filter=valid & Q(signed_at__isnull=False, signed_at__lte=F("sign_due"))),
        closed=Count("id", filter=closed),
        closed_on_time=Count("id", filter=closed & Q(replied_at__lte=F("handle_due"))),
        closed_low=Count("id", filter=closed & Q(closed_level__gte=Level.COMMUNITY)),
        rated=Count("id", filter=Q(status=Status.RATED) & ~Q(satisfaction="")),
        satisfied=Count(
            "id", filter=Q(status=Status.RATED, satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASIC])
        ),
        resolved_answered=Count("id", filter=Q(status=Status.RATED, resolved__isnull=False)),
        resolved=Count("id", filter=Q(status=Status.RATED, resolved=True)),
        reworked=Count("id", filter=valid & Q(rework_count__gt=0)),
        returned=Count("id", filter=valid & Q(return_count__gt=0)),
        extended=Count("id", filter=valid & Q(extension_count__gt=0)),
        # A subquery, not a join on events: a join would multiply every other count by the events per appeal.
        reopened=Count("id", filter=valid & Q(pk__in=reopened_ids)),
    )


def counts_for(qs: QuerySet) -> Counts:
    return Counts(**qs.aggregate(**count_expressions()))


def rates_from(c: Counts) -> list[Rate]:
    due = c.submitted - c.parked
    return [
        Rate("response", "响应率", c.signed_on_time, c.dispatched, "按时签收数 ÷ 派单数"),
        Rate("on_time", "按期办结率", c.closed_on_time, due, "按期结案数 ÷ (应结案数 − 缓办挂账数)"),
        Rate("closure", "办结率", c.closed, due, "结案数 ÷ (应结案数 − 缓办挂账数)"),
        Rate(
            "resolution", "解决率", c.resolved, c.resolved_answered, "评价“已解决”数 ÷ 回答了是否解决的评价数"
        ),
        Rate("satisfaction", "满意率", c.satisfied, c.rated, "(满意 + 基本满意) ÷ 评价数"),
        Rate("rework", "返工率", c.reworked, c.dispatched, "重办过的诉求数 ÷ 派单数"),
        Rate("return", "回退率", c.returned, c.submitted, "被回退过的诉求数 ÷ 有效诉求数"),
        Rate("extension", "延期率", c.extended, c.dispatched, "延期过的诉求数 ÷ 派单数"),
        Rate(
            "repeat",
            "重复投诉率",
            c.merged + c.reopened,
            c.submitted + c.merged,
            "(合并的重复诉求 + 重新打开数) ÷ (有效诉求 + 合并数)",
        ),
        Rate(
            "disposal",
            "事件处置率（小事不出网格）",
            c.closed_low,
            c.closed,
            "在小区、社区层级办结数 ÷ 结案数",
        ),
    ]


def composite(rates: list[Rate], preset: str = DEFAULT_PRESET) -> float | None:
    """The weighted 三率 score (响应/解决/满意); None when a part has no data."""
    w_response, w_resolution, w_satisfaction = WEIGHT_PRESETS[preset]
    by_key = {r.key: r.value for r in rates}
    parts = [by_key["response"], by_key["resolution"], by_key["satisfaction"]]
    if any(p is None for p in parts):
        return None
    return w_response * parts[0] + w_resolution * parts[1] + w_satisfaction * parts[2]


def as_dict(c: Counts) -> dict:
    return asdict(c)

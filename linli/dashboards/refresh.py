"""Keeping the pre-aggregated tables current (called by tick.py and `linli refresh-dashboards`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Coalesce, Length, Substr, TruncDate
from django.utils import timezone

from linli.appeals.choices import Status
from linli.appeals.measures import count_expressions
from linli.appeals.models import Appeal

from .figures import LEVELS, METRICS
from .models import AppealBreakdown, AppealDaily, Figure

#: Appeals change state for weeks after they are submitted: the recent days are recounted every time.
RECOUNT_DAYS = 62


def refresh_appeals(*, start: date, end: date) -> int:
    """Recount the days start..end (inclusive) for every node level; returns rows written."""
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, time.min, tzinfo=tz)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    rows: list[AppealDaily] = []
    parts: list[AppealBreakdown] = []
    base = Appeal.objects.filter(submitted_at__gte=lo, submitted_at__lt=hi).annotate(n=Length("place_code"))
    for n in LEVELS:
        grouped = (
            base.filter(n__gte=n)
            .annotate(day=TruncDate("submitted_at", tzinfo=tz), node=Substr("place_code", 1, n))
            .values("day", "node")
            .annotate(**count_expressions())
            .order_by()
        )
        rows += [AppealDaily(code=r.pop("node"), **r) for r in grouped]
        valid = (
            base.filter(n__gte=n)
            .exclude(status__in=[Status.INVALID, Status.MERGED])
            .annotate(day=TruncDate("submitted_at", tzinfo=tz), node=Substr("place_code", 1, n))
        )
        for dimension, field in (
            ("category", Coalesce("category__parent__name", "category__name")),
            ("channel", F("channel")),
        ):
            grouped = (
                valid.annotate(key=field).values("day", "node", "key").annotate(count=Count("id")).order_by()
            )
            parts += [
                AppealBreakdown(
                    day=r["day"],
                    code=r["node"],
                    dimension=dimension,
                    key=r["key"] or "未分类",
                    count=r["count"],
                )
                for r in grouped
            ]
    with transaction.atomic():
        AppealDaily.objects.filter(day__gte=start, day__lte=end).delete()
        AppealDaily.objects.bulk_create(rows, batch_size=2000)
        AppealBreakdown.objects.filter(day__gte=start, day__lte=end).delete()
        AppealBreakdown.objects.bulk_create(parts, batch_size=2000)
    return len(rows)


def refresh_figures() -> int:
    now = timezone.now()
    rows: list[Figure] = []
    for metric in METRICS:
        for n in LEVELS:
            for code, (num, den) in metric.compute(n).items():
                if len(code) != n:  # a record held above this level (a street-wide emergency at 小区 level)
                    continue
                if den is None:
                    value = Decimal(num)
                else:
                    value = (Decimal(num) * 100 / den).quantize(Decimal("0.01")) if den else Decimal(0)
                rows.append(
                    Figure(
                        code=code,
                        metric=metric.key,
                        value=value,
                        numerator=num,
                        denominator=den,
                        computed_at=now,
                    )
                )
    with transaction.atomic():
        Figure.objects.all().delete()
        Figure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def refresh(*, full: bool = False) -> str:
    today = timezone.localdate()
    first = Appeal.objects.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    if full and first is not None:
        start = timezone.localtime(first).date()
    else:
        start = today - timedelta(days=RECOUNT_DAYS)
    days = refresh_appeals(start=start, end=today)
    figures = refresh_figures()
    return f"驾驶舱：诉求日汇总 {days} 行，指标 {figures} 项"

"""督办: yellow and red cards raised automatically when a work order is not signed or not handled
within the configured working days after dispatch. Idempotent: each card is raised once per dispatch."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .. import clock
from ..choices import EventKind, Status
from ..models import Appeal, AppealEvent
from . import notices


def _raise(appeal: Appeal, colour: str, clock_name: str, days: float, now: datetime) -> bool:
    field = f"{colour}_card_at"
    with transaction.atomic():
        if Appeal.objects.filter(pk=appeal.pk, **{f"{field}__isnull": True}).update(**{field: now}) != 1:
            return False
        appeal.refresh_from_db()
        AppealEvent.objects.create(
            appeal=appeal,
            kind=EventKind.RED_CARD if colour == "red" else EventKind.YELLOW_CARD,
            from_status=appeal.status,
            to_status=appeal.status,
            note=f"派单后 {days:.1f} 个工作日仍未{'签收' if clock_name == 'sign' else '办结'}",
            data={"clock": clock_name, "working_days": round(days, 2)},
        )
        notices.card(appeal, colour=colour, clock=clock_name)
    return True


def supervise(*, now: datetime | None = None) -> dict[str, int]:
    """Raise the cards that are due; returns how many of each were raised."""
    now = now or timezone.now()
    thresholds = clock.card_thresholds()
    raised = {"yellow": 0, "red": 0}
    pending = Appeal.objects.filter(
        status__in=[Status.DISPATCHED, Status.IN_PROGRESS],
        dispatched_at__isnull=False,
        red_card_at__isnull=True,
    ).filter(Q(status=Status.DISPATCHED) | Q(replied_at__isnull=True))
    for appeal in pending.select_related("unit", "assignee").iterator(chunk_size=500):
        clock_name = "sign" if appeal.status == Status.DISPATCHED else "handle"
        yellow, red = thresholds[clock_name]
        days = clock.working_days_between(appeal.dispatched_at, now)
        if days >= red and _raise(appeal, "red", clock_name, days, now):
            raised["red"] += 1
            if appeal.yellow_card_at is None:
                Appeal.objects.filter(pk=appeal.pk, yellow_card_at__isnull=True).update(yellow_card_at=now)
        elif (
            days >= yellow
            and appeal.yellow_card_at is None
            and _raise(appeal, "yellow", clock_name, days, now)
        ):
            raised["yellow"] += 1
    return raised

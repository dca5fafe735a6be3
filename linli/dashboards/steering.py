"""The "1136" steering rhythm: each scope holds a 现场推进会 and a 调度会 every month, a 督查 every quarter
and a 总结讲评 every half year. The schedule of a year is generated (idempotent); each event is recorded
when held; those past due and not held are overdue."""

from __future__ import annotations

import calendar
from datetime import date

from django.db import transaction
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.places.models import Place

from . import rules
from .models import SteeringEvent, SteeringKind


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def schedule(year: int) -> list[tuple[str, date]]:
    """(kind, due) for a year: monthly ×2, quarterly, half-yearly — due on the last day of the period."""
    out = []
    for month in range(1, 13):
        end = _month_end(year, month)
        out += [(SteeringKind.ONSITE, end), (SteeringKind.DISPATCH, end)]
        if month % 3 == 0:
            out.append((SteeringKind.INSPECTION, end))
        if month % 6 == 0:
            out.append((SteeringKind.REVIEW, end))
    return out


@transaction.atomic
def schedule_year(*, actor, place: Place, year: int) -> int:
    policy.require(actor, rules.MANAGE_STEERING, place)
    existing = set(SteeringEvent.objects.filter(place=place, due__year=year).values_list("kind", "due"))
    new = [SteeringEvent(place=place, kind=k, due=d) for k, d in schedule(year) if (k, d) not in existing]
    SteeringEvent.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def record(*, actor, event: SteeringEvent, held_on: date, text: str) -> SteeringEvent:
    policy.require(actor, rules.MANAGE_STEERING, event.place)
    text = (text or "").strip()
    if len(text) < 5:
        raise DomainError("请填写会议或督查记录（至少5个字）。", field="record")
    if held_on > timezone.localdate():
        raise DomainError("召开日期不能晚于今天。", field="held_on")
    if not SteeringEvent.objects.filter(pk=event.pk, held_on__isnull=True).update(
        held_on=held_on, record=text[:5000], recorded_by=actor
    ):
        raise Conflict("该事项已记录。")
    event.refresh_from_db()
    return event


def overdue(qs, today: date | None = None):
    return qs.filter(held_on__isnull=True, due__lt=today or timezone.localdate())

"""Writes to the working calendar: overrides of single dates and confirmation of whole years.

Invariants: one override per date; a year is confirmed only once it has overrides. Every write drops
the per-process calendar cache at once and again after commit (``selectors.invalidate_calendar``).
Administrators change the calendar through the Django admin (which keeps its own change log) or the
``linli workdays`` command, so these services take no actor.
"""

from datetime import date

from django.db import transaction

from linli.core.exceptions import DomainError

from .models import WorkdayOverride, WorkdayYear
from .selectors import invalidate_calendar


def calendar_changed() -> None:
    """Drop the cached calendar now and after commit; call after any write to the two tables."""
    invalidate_calendar()
    transaction.on_commit(invalidate_calendar)


def check_year_confirmable(year: int) -> None:
    if not WorkdayOverride.objects.filter(date__year=year).exists():
        raise DomainError(f"{year}年还没有录入任何放假或调休日，请先按国务院办公厅通知录入。", field="year")


@transaction.atomic
def workday_override_set(*, day: date, is_workday: bool, name: str, note: str = "") -> WorkdayOverride:
    """Make ``day`` a working day or a day off, whatever the package says. Raises DomainError."""
    name = name.strip()
    if not name:
        raise DomainError("请填写名称，如：元旦、春节调休上班。", field="name")
    override, _ = WorkdayOverride.objects.update_or_create(
        date=day, defaults={"is_workday": is_workday, "name": name, "note": note.strip()}
    )
    calendar_changed()
    return override


@transaction.atomic
def workday_override_delete(*, day: date) -> bool:
    """Remove the override of ``day`` (the package or Monday–Friday applies again); False if none."""
    deleted, _ = WorkdayOverride.objects.filter(date=day).delete()
    calendar_changed()
    return bool(deleted)


@transaction.atomic
def workday_year_confirm(*, year: int, note: str = "") -> WorkdayYear:
    """Record that ``year``'s holidays and 调休 days are completely entered. Raises DomainError."""
    check_year_confirmable(year)
    confirmed, _ = WorkdayYear.objects.update_or_create(year=year, defaults={"note": note.strip()})
    calendar_changed()
    return confirmed

"""The working calendar as loaded from the database, cached per process.

``get_calendar()`` is what other apps call. The cache holds committed data only: services and the
admin call ``invalidate_calendar()`` when they change overrides, other processes notice within
``CACHE_SECONDS``, and inside a transaction (every service, every test) the calendar is read fresh,
so a rolled-back override never lingers in the cache.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .calendar import DEFAULT_WORKING_HOURS, WorkCalendar
from .models import WorkdayOverride, WorkdayYear
from .official import OfficialDays, package_knows

CACHE_SECONDS = 300

_lock = threading.Lock()
_cached: tuple[float, WorkCalendar] | None = None


def load_calendar() -> WorkCalendar:
    """A fresh calendar from the package, the overrides and the confirmed years (two queries)."""
    days = OfficialDays(
        dict(WorkdayOverride.objects.values_list("date", "is_workday")),
        WorkdayYear.objects.values_list("year", flat=True),
    )
    return WorkCalendar(
        days.is_workday,
        getattr(settings, "LINLI_WORKING_HOURS", DEFAULT_WORKING_HOURS),
        tz=ZoneInfo(settings.TIME_ZONE),
        is_known=days.is_known,
    )


def get_calendar() -> WorkCalendar:
    """The working calendar to compute deadlines with. Call once per request or task and reuse it."""
    global _cached
    if connection.in_atomic_block:
        return load_calendar()
    with _lock:
        if _cached is None or time.monotonic() - _cached[0] > CACHE_SECONDS:
            _cached = (time.monotonic(), load_calendar())
        return _cached[1]


def invalidate_calendar() -> None:
    global _cached
    with _lock:
        _cached = None


def calendar_gaps(start: date, end: date) -> list[tuple[date, date]]:
    """Date ranges (first, last) in [start, end] computed as a plain Monday–Friday week, because
    neither the package nor a confirmed year of overrides covers them."""
    return get_calendar().gaps(start, end)


@dataclass(frozen=True)
class YearStatus:
    year: int
    known: bool  # from the package or confirmed by an administrator
    source: str  # "package", "confirmed" or "missing"
    override_count: int


def year_status(year: int) -> YearStatus:
    count = WorkdayOverride.objects.filter(date__year=year).count()
    if package_knows(date(year, 1, 1)):
        return YearStatus(year, True, "package", count)
    if WorkdayYear.objects.filter(year=year).exists():
        return YearStatus(year, True, "confirmed", count)
    return YearStatus(year, False, "missing", count)


def missing_years(today: date | None = None) -> list[int]:
    """This year and next that lack official data, for a warning: "2027年的法定节假日尚未配置"."""
    year = (today or timezone.localdate()).year
    return [y for y in (year, year + 1) if not year_status(y).known]

"""Shared builders for the DB-free tests: the packaged calendar with optional overrides."""

from datetime import date, datetime

from linli.workdays.calendar import SHANGHAI, WorkCalendar
from linli.workdays.official import OfficialDays


def at(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def official_calendar(
    overrides: dict[date, bool] | None = None, confirmed_years=(), periods=None
) -> WorkCalendar:
    days = OfficialDays(overrides, confirmed_years)
    if periods is None:
        return WorkCalendar(days.is_workday, is_known=days.is_known)
    return WorkCalendar(days.is_workday, periods, is_known=days.is_known)


# What the 2027 notice might say; the real one is entered by administrators once published.
NEW_YEAR_2027 = {date(2027, 1, 1): False}

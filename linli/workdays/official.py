"""The official PRC working calendar: administrators' overrides, then chinesecalendar, then Monday–Friday.

chinesecalendar carries the State Council's yearly holiday notices (国务院办公厅关于节假日安排的通知),
including 调休 (weekend days that are working days). It only knows the years it was released with
(1.11.0: 2004–2026) and raises NotImplementedError after that, so a year it does not know falls back
to Monday–Friday and counts as a *gap* until an administrator enters that year's notice as overrides
and confirms the year (``WorkdayYear``). Pure: the database layer passes plain data in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import chinese_calendar
from chinese_calendar.constants import holidays as _package_holidays

PACKAGE_YEARS = range(min(_package_holidays).year, max(_package_holidays).year + 1)


def package_knows(day: date) -> bool:
    return day.year in PACKAGE_YEARS


class OfficialDays:
    """``is_workday`` and ``is_known`` for ``WorkCalendar``.

    ``overrides`` maps a date to True (working day, e.g. 调休上班) or False (day off); they win over the
    package. ``confirmed_years`` are years whose overrides an administrator has entered completely.
    """

    def __init__(self, overrides: Mapping[date, bool] | None = None, confirmed_years: Iterable[int] = ()):
        self.overrides = dict(overrides or {})
        self.confirmed_years = frozenset(confirmed_years)

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if package_knows(day):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def is_known(self, day: date) -> bool:
        return day in self.overrides or package_knows(day) or day.year in self.confirmed_years

    def year_is_known(self, year: int) -> bool:
        return year in PACKAGE_YEARS or year in self.confirmed_years

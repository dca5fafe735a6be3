"""Working-time arithmetic on a working calendar: pure, no database.

Rules (docs/architecture.md, "Working calendar"):

- *Working time* is the union of the working periods (default 08:30–12:00 and 13:30–17:30, 7.5 hours)
  on every working day, read on the wall clock of the calendar's time zone (Asia/Shanghai).
- ``add_working_hours(start, h)`` is the earliest instant at which ``h`` hours of working time have
  passed since ``start``. A start outside working time counts from the next working period; a limit
  that runs out exactly at a period's end is due at that end (17:30), not at the next period's start.
- A working day is a day's worth of working time: ``add_working_days(start, n)`` is
  ``add_working_hours(start, n × 7.5)``. Inside working time that is the same clock time ``n`` working
  days later (Tuesday 10:00 + 1 → Wednesday 10:00); outside it, the deadline is the close of business
  of the ``n``-th working day counted from the next working period (Friday 18:00 + 1 → Monday 17:30).
- Natural limits (``add_natural``) are plain elapsed time: 2 hours, or 7 × 24 hours.

Every method takes timezone-aware datetimes (any zone) and returns aware datetimes in the calendar's
zone; a naive datetime raises ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

DEFAULT_WORKING_HOURS = (("08:30", "12:00"), ("13:30", "17:30"))
SHANGHAI = ZoneInfo("Asia/Shanghai")
ONE_DAY = timedelta(days=1)
# A calendar with no working day for ten years is broken; stop instead of looping for ever.
MAX_IDLE_DAYS = 3660

Amount = int | float | Decimal
Periods = tuple[tuple[time, time], ...]


def parse_periods(spec: str | Iterable[tuple[str | time, str | time]]) -> Periods:
    """Working periods from ``"08:30-12:00,13:30-17:30"`` or ``[("08:30", "12:00"), …]``.

    Raises ValueError unless the periods are non-empty, within one day, ordered and non-overlapping.
    """
    if isinstance(spec, str):
        spec = [tuple(part.split("-", 1)) for part in spec.split(",") if part.strip()]
    periods = []
    for pair in spec:
        if len(pair) != 2:
            raise ValueError(f"工作时段格式应为 开始-结束（如 08:30-12:00）：{pair!r}")
        start, end = (p if isinstance(p, time) else time.fromisoformat(p.strip()) for p in pair)
        if start >= end:
            raise ValueError(f"工作时段的开始须早于结束：{start:%H:%M}-{end:%H:%M}")
        if periods and start < periods[-1][1]:
            raise ValueError("工作时段须按时间顺序排列且互不重叠。")
        periods.append((start, end))
    if not periods:
        raise ValueError("至少需要一个工作时段。")
    return tuple(periods)


def to_timedelta(hours: Amount | timedelta) -> timedelta:
    return hours if isinstance(hours, timedelta) else timedelta(hours=float(hours))


class WorkCalendar:
    """Working-time arithmetic over a source of working days.

    ``is_workday(day)`` answers for one date (the official calendar with 调休, see ``official.py``);
    ``is_known(day)`` says whether that answer is authoritative or a Monday–Friday guess.
    Answers are cached per instance, so build one calendar per request or task and reuse it.
    """

    def __init__(
        self,
        is_workday: Callable[[date], bool],
        periods: str | Iterable[tuple[str | time, str | time]] = DEFAULT_WORKING_HOURS,
        *,
        tz: tzinfo = SHANGHAI,
        is_known: Callable[[date], bool] | None = None,
    ):
        self._source = is_workday
        self._is_known = is_known or (lambda day: True)
        self._days: dict[date, bool] = {}
        self.periods = parse_periods(periods)
        self.tz = tz
        self.day_length = sum(
            (datetime.combine(date.min, e) - datetime.combine(date.min, s) for s, e in self.periods),
            timedelta(),
        )

    # -- days ------------------------------------------------------------------------------------

    def is_workday(self, day: date | datetime) -> bool:
        if isinstance(day, datetime):
            day = self.localize(day).date()
        if day not in self._days:
            self._days[day] = bool(self._source(day))
        return self._days[day]

    def is_known(self, day: date) -> bool:
        return self._is_known(day)

    def gaps(self, start: date, end: date) -> list[tuple[date, date]]:
        """Ranges (first, last) of days in [start, end] whose status is a Monday–Friday guess."""
        ranges: list[tuple[date, date]] = []
        day = start
        while day <= end:
            if not self._is_known(day):
                if ranges and ranges[-1][1] == day - ONE_DAY:
                    ranges[-1] = (ranges[-1][0], day)
                else:
                    ranges.append((day, day))
            day += ONE_DAY
        return ranges

    # -- working time ----------------------------------------------------------------------------

    def is_working_time(self, moment: datetime) -> bool:
        moment = self.localize(moment)
        return any(s <= moment < e for s, e in self._intervals(moment.date()))

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The earliest instant at which ``amount`` of working time has passed since ``start``."""
        if amount < timedelta():
            raise ValueError("工作时长不能为负数。")
        moment = self.localize(start)
        if not amount:
            return moment
        remaining, day, idle = amount, moment.date(), 0
        while True:
            intervals = self._intervals(day)
            for s, e in intervals:
                if e <= moment:
                    continue
                s = max(s, moment)
                if remaining <= e - s:
                    return s + remaining
                remaining -= e - s
            idle = 0 if intervals else idle + 1
            if idle > MAX_IDLE_DAYS:
                raise ValueError("工作日历中长期没有工作日，无法计算期限。")
            day += ONE_DAY

    def add_working_hours(self, start: datetime, hours: Amount | timedelta) -> datetime:
        return self.add_working_time(start, to_timedelta(hours))

    def add_working_days(self, start: datetime, days: Amount) -> datetime:
        return self.add_working_time(start, self.day_length * float(days))

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time in [a, b); negative when b is before a (how late something is)."""
        a, b = self.localize(a), self.localize(b)
        if b < a:
            return -self.working_time_between(b, a)
        total, day = timedelta(), a.date()
        while day <= b.date():
            for s, e in self._intervals(day):
                lo, hi = max(s, a), min(e, b)
                if hi > lo:
                    total += hi - lo
            day += ONE_DAY
        return total

    def working_hours_between(self, a: datetime, b: datetime) -> float:
        return self.working_time_between(a, b) / timedelta(hours=1)

    def working_days_between(self, a: datetime, b: datetime) -> float:
        """Working time in [a, b) in working days (7.5 hours each by default), fractional."""
        return self.working_time_between(a, b) / self.day_length

    def add_natural(self, start: datetime, *, hours: Amount = 0, days: Amount = 0) -> datetime:
        """Plain elapsed time: holidays and nights count."""
        delta = timedelta(days=float(days), hours=float(hours))
        if delta < timedelta():
            raise ValueError("时长不能为负数。")
        return self.localize(start) + delta

    # -- helpers ---------------------------------------------------------------------------------

    def localize(self, moment: datetime) -> datetime:
        """The same instant on the calendar's wall clock; ValueError for a naive datetime."""
        if not isinstance(moment, datetime):
            raise TypeError(f"expected a datetime, got {type(moment).__name__}")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("工作日历只接受带时区的时间（aware datetime）。")
        return moment.astimezone(self.tz)

    def _intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_workday(day):
            return []
        return [
            (datetime.combine(day, s, tzinfo=self.tz), datetime.combine(day, e, tzinfo=self.tz))
            for s, e in self.periods
        ]

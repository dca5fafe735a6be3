"""一日三巡 arithmetic, pure: which worker-days were compliant and the share for a grid. A worker owes
``per_day`` check-ins on every working day they served in the period; weekends and holidays owe nothing,
and check-ins on them are welcome but do not make up for a missed working day."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Compliance:
    owed_days: int  # worker × working days
    compliant_days: int
    check_ins: int

    @property
    def share(self) -> float | None:
        return self.compliant_days / self.owed_days if self.owed_days else None

    @property
    def missed_days(self) -> int:
        return self.owed_days - self.compliant_days


def working_days(start: date, end: date, is_workday: Callable[[date], bool]) -> list[date]:
    """Working days from ``start`` to ``end``, both included."""
    days, day = [], start
    while day <= end:
        if is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def compliance(
    *,
    counts: Mapping[tuple[object, date], int],
    served: Mapping[object, Iterable[date]],
    per_day: int,
) -> Compliance:
    """``counts``: check-ins per (worker, day); ``served``: for each worker, the working days they owed
    check-ins on."""
    owed = compliant = check_ins = 0
    for worker, days in served.items():
        for day in days:
            owed += 1
            n = counts.get((worker, day), 0)
            check_ins += n
            if n >= per_day:
                compliant += 1
    return Compliance(owed, compliant, check_ins)

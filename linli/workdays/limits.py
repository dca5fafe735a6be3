"""Time limits as values: ``Limit.parse("5工作日")``, ``deadline(start, limit, calendar)``. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from .calendar import Amount, WorkCalendar
from .choices import LimitUnit

# How a unit is written when formatting (first) and the spellings accepted when parsing.
SPELLINGS = {
    LimitUnit.WORKING_DAYS: ("工作日",),
    LimitUnit.WORKING_HOURS: ("工作时", "工作小时"),
    LimitUnit.NATURAL_HOURS: ("小时", "自然小时", "时"),
    LimitUnit.NATURAL_DAYS: ("日", "自然日", "天"),
}
_UNIT_BY_SPELLING = {spelling: unit for unit, spellings in SPELLINGS.items() for spelling in spellings}
_PATTERN = re.compile(
    r"(\d+(?:\.\d+)?)\s*个?\s*(" + "|".join(sorted(_UNIT_BY_SPELLING, key=len, reverse=True)) + r")"
)


@dataclass(frozen=True)
class Limit:
    """An amount of time in one unit, e.g. 5 working days. The amount is a positive Decimal."""

    amount: Decimal
    unit: LimitUnit

    def __post_init__(self):
        try:
            amount = Decimal(str(self.amount))
        except InvalidOperation:
            raise ValueError(f"时限数值无效：{self.amount!r}") from None
        if not amount.is_finite() or amount <= 0:
            raise ValueError("时限须为正数。")
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "unit", LimitUnit(self.unit))

    @classmethod
    def parse(cls, text: str) -> Limit:
        """``"5工作日"``, ``"4工作时"``/``"4工作小时"``, ``"2小时"``, ``"15日"``/``"15天"``/``"15个自然日"``."""
        match = _PATTERN.fullmatch(text.strip())
        if not match:
            raise ValueError(f"无法识别的时限：{text!r}（示例：5工作日、4工作时、2小时、15日）")
        return cls(Decimal(match[1]), _UNIT_BY_SPELLING[match[2]])

    def __str__(self) -> str:
        amount = self.amount.normalize()
        return f"{amount:f}{SPELLINGS[self.unit][0]}"


def deadline(start: datetime, limit: Limit, calendar: WorkCalendar) -> datetime:
    """When ``limit`` runs out for a clock started at ``start`` (aware; returned in the calendar's zone)."""
    amount: Amount = limit.amount
    match limit.unit:
        case LimitUnit.WORKING_DAYS:
            return calendar.add_working_days(start, amount)
        case LimitUnit.WORKING_HOURS:
            return calendar.add_working_hours(start, amount)
        case LimitUnit.NATURAL_DAYS:
            return calendar.add_natural(start, days=amount)
        case LimitUnit.NATURAL_HOURS:
            return calendar.add_natural(start, hours=amount)


def elapsed(start: datetime, end: datetime, unit: LimitUnit, calendar: WorkCalendar) -> float:
    """Time from ``start`` to ``end`` measured in ``unit`` (negative if end is earlier).

    For deadline state and lateness: ``elapsed(started, now, limit.unit, cal) / float(limit.amount)``.
    """
    match LimitUnit(unit):
        case LimitUnit.WORKING_DAYS:
            return calendar.working_days_between(start, end)
        case LimitUnit.WORKING_HOURS:
            return calendar.working_hours_between(start, end)
        case LimitUnit.NATURAL_DAYS:
            return (calendar.localize(end) - calendar.localize(start)) / timedelta(days=1)
        case LimitUnit.NATURAL_HOURS:
            return (calendar.localize(end) - calendar.localize(start)) / timedelta(hours=1)

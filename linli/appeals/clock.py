"""The appeals' view of the working calendar (linli.workdays): deadlines from category limits."""

from datetime import datetime

from django.conf import settings

from linli.workdays.limits import Limit, deadline
from linli.workdays.selectors import get_calendar


def due(start: datetime, limit_text: str) -> datetime:
    """``start`` plus a limit such as "5工作日", "4工作时", "2小时" on the official calendar."""
    return deadline(start, Limit.parse(limit_text), get_calendar())


def add_working_days(start: datetime, days: float) -> datetime:
    return get_calendar().add_working_days(start, days)


def working_days_between(start: datetime, end: datetime) -> float:
    return get_calendar().working_days_between(start, end)


def card_thresholds() -> dict[str, tuple[float, float]]:
    """Working days after dispatch at which a yellow and a red card are raised, per clock."""
    return settings.LINLI_APPEAL_CARDS

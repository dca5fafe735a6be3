"""When a vulnerable resident is due for contact: pure arithmetic on stored dates, tested without a
database. A resident is due ``days`` after the last contact (a visit where they were seen, or a call);
never contacted, ``days`` after the care flag's start. Once overdue, the alert repeats every ``days``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo


def contact_due(*, last_contact: datetime | None, since: date, days: int, tz: tzinfo) -> datetime:
    base = last_contact or datetime.combine(since, time.min, tzinfo=tz)
    return base + timedelta(days=days)


def overdue_period(*, due: datetime, now: datetime, days: int) -> int | None:
    """None while not overdue; else 0 for the first ``days`` after the due moment, 1 for the next, …
    (one alert per period)."""
    if now <= due:
        return None
    return int((now - due) // timedelta(days=days))


def days_overdue(*, due: datetime, now: datetime) -> int:
    return max(0, (now - due).days)

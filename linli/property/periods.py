"""Billing periods of 物业费: a year ("2026") or a quarter ("2026Q4"). Pure functions."""

from __future__ import annotations

import datetime as dt
import re

_PERIOD = re.compile(r"^(\d{4})(?:Q([1-4]))?$")


class PeriodError(ValueError):
    """Not a period; the message is Chinese."""


def normalize(text: str) -> str:
    """ "2026", "2026q4", "2026 Q4", "2026年" → canonical; raises PeriodError otherwise."""
    cleaned = "".join(str(text or "").split()).upper().replace("年", "")
    match = _PERIOD.match(cleaned)
    if not match or not 2000 <= int(match.group(1)) <= 2100:
        raise PeriodError(f"期间“{text}”格式不对，应填年度（如 2026）或季度（如 2026Q4）。")
    return cleaned


def label(period: str) -> str:
    match = _PERIOD.match(period)
    if not match:
        return period
    year, quarter = match.groups()
    return f"{year}年第{quarter}季度" if quarter else f"{year}年度"


def current_year(on: dt.date) -> str:
    return str(on.year)

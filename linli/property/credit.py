"""Credit file arithmetic (信用档案): pure functions over ledger entries, no database.

score = min(basic, basic cap) + min(valid good, good cap) − valid bad.
An entry counts on a day when it is within its validity and no reversal entry cancels it.
Reversal entries carry no points themselves; they only cancel the entry they reverse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

BASIC = "basic"
GOOD = "good"
BAD = "bad"
REVERSAL = "reversal"

AAA, AA, A, B, C, BLACKLIST = "AAA", "AA", "A", "B", "C", "黑名单"


class Entry(Protocol):
    pk: int | None
    kind: str
    points: Decimal
    valid_from: dt.date
    valid_until: dt.date | None
    reverses_id: int | None
    blacklist: bool


@dataclass(frozen=True)
class CreditPolicy:
    """Caps and grade thresholds; override through settings.LINLI_PROPERTY_CREDIT."""

    basic_cap: Decimal = Decimal(80)
    good_cap: Decimal = Decimal(40)
    # (grade, lowest score) from the best grade down; below the last one is C.
    thresholds: tuple[tuple[str, Decimal], ...] = field(
        default=((AAA, Decimal(85)), (AA, Decimal(80)), (A, Decimal(70)), (B, Decimal(60)))
    )
    blacklist_below: Decimal | None = None

    @classmethod
    def from_settings(cls) -> CreditPolicy:
        from django.conf import settings

        overrides = getattr(settings, "LINLI_PROPERTY_CREDIT", {}) or {}
        return cls(**overrides)


@dataclass(frozen=True)
class CreditStanding:
    basic: Decimal
    good: Decimal
    bad: Decimal
    score: Decimal
    blacklisted: bool
    grade: str


def counting(entries: Iterable[Entry], *, on: dt.date) -> list[Entry]:
    """The non-reversal entries that count on the given day."""
    entries = list(entries)
    reversed_ids = {e.reverses_id for e in entries if e.kind == REVERSAL and e.valid_from <= on}
    return [
        e
        for e in entries
        if e.kind != REVERSAL
        and e.pk not in reversed_ids
        and e.valid_from <= on
        and (e.valid_until is None or on <= e.valid_until)
    ]


def credit_grade(score: Decimal, *, blacklisted: bool, policy: CreditPolicy | None = None) -> str:
    policy = policy or CreditPolicy()
    if blacklisted or (policy.blacklist_below is not None and score < policy.blacklist_below):
        return BLACKLIST
    for grade, lowest in policy.thresholds:
        if score >= lowest:
            return grade
    return C


def credit_standing(
    entries: Iterable[Entry], *, on: dt.date, policy: CreditPolicy | None = None
) -> CreditStanding:
    policy = policy or CreditPolicy()
    valid = counting(entries, on=on)
    basic = sum((Decimal(e.points) for e in valid if e.kind == BASIC), Decimal(0))
    good = sum((Decimal(e.points) for e in valid if e.kind == GOOD), Decimal(0))
    bad = sum((abs(Decimal(e.points)) for e in valid if e.kind == BAD), Decimal(0))
    score = min(basic, policy.basic_cap) + min(good, policy.good_cap) - bad
    blacklisted = any(e.kind == BAD and e.blacklist for e in valid)
    return CreditStanding(
        basic=basic,
        good=good,
        bad=bad,
        score=score,
        blacklisted=blacklisted,
        grade=credit_grade(score, blacklisted=blacklisted, policy=policy),
    )


def credit_score(entries: Iterable[Entry], *, on: dt.date, policy: CreditPolicy | None = None):
    return credit_standing(entries, on=on, policy=policy).score


RED_GRADES = (AAA, AA)
BLACK_GRADES = (C, BLACKLIST)

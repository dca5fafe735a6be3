"""Pure arithmetic and checks, testable without a database: branch composition (五类人员 / 三个层级),
the party share of a newly formed 业委会, cross-appointment share, and 共建 '三个一' compliance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from linli.core.masking import mask_mobile, mask_name  # noqa: F401  (mask_name: the 找组织 card)

from .choices import FIVE_KINDS, THREE_LEVELS, RecordKind, SeatKind


@dataclass(frozen=True)
class Check:
    ok: bool
    reasons: tuple[str, ...] = ()


def branch_composition(*, seat_kinds: Iterable[str], managed: bool) -> Check:
    """A managed 小区's branch must include all 五类人员; an unmanaged one the 三个层级."""
    present = set(seat_kinds)
    required = FIVE_KINDS if managed else THREE_LEVELS
    missing = [SeatKind(k).label for k in required if k not in present]
    return Check(not missing, tuple(f"缺少{m}" for m in missing))


def party_share_ok(*, party_members: int, seats: int, threshold: Fraction = Fraction(1, 2)) -> Check:
    """A newly formed 业委会 has at least ``threshold`` party members (exactly the threshold passes)."""
    if seats == 0:
        return Check(False, ("尚无成员",))
    if Fraction(party_members, seats) >= threshold:
        return Check(True)
    return Check(False, (f"党员 {party_members}/{seats}，低于 {float(threshold):.0%}",))


def ratio(numerator: int, denominator: int) -> float | None:
    """numerator ÷ denominator, None when there is nothing to divide by."""
    return None if denominator == 0 else numerator / denominator


def cross_appointed_share(seats: Iterable[tuple[str, int]]) -> float | None:
    """``seats`` are (person key, body id); a seat is cross-appointed when its person also sits on another
    body. Returns cross-appointed seats ÷ all seats."""
    seats = list(seats)
    bodies: dict[str, set[int]] = {}
    for person, body in seats:
        bodies.setdefault(person, set()).add(body)
    crossed = sum(1 for person, _ in seats if len(bodies[person]) > 1)
    return ratio(crossed, len(seats))


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


@dataclass(frozen=True)
class ThreeOnes:
    """'三个一' for one unit and year: an activity and a deed each quarter, a mediation in the year."""

    year: int
    activities: tuple[bool, bool, bool, bool]
    deeds: tuple[bool, bool, bool, bool]
    mediation: bool
    through_quarter: int  # quarters that have ended or are running, counted for compliance

    @property
    def missing(self) -> tuple[str, ...]:
        out = []
        for q in range(1, self.through_quarter + 1):
            if not self.activities[q - 1]:
                out.append(f"第{q}季度无共建活动")
            if not self.deeds[q - 1]:
                out.append(f"第{q}季度无实事")
        if self.through_quarter == 4 and not self.mediation:
            out.append("全年无调解")
        return tuple(out)

    @property
    def ok(self) -> bool:
        return not self.missing


def three_ones(*, records: Iterable[tuple[str, date]], year: int, today: date) -> ThreeOnes:
    """Compliance of one unit's ``records`` (kind, date) for ``year`` as known on ``today``: quarters
    already over count; the running quarter does not count against the unit yet, nor the mediation
    before the year is over."""
    activities = [False] * 4
    deeds = [False] * 4
    mediation = False
    for kind, day in records:
        if day.year != year:
            continue
        q = quarter_of(day)
        if kind == RecordKind.ACTIVITY:
            activities[q - 1] = True
        elif kind == RecordKind.DEED:
            deeds[q - 1] = True
        elif kind == RecordKind.MEDIATION:
            mediation = True
    if today.year > year:
        through = 4
    elif today.year < year:
        through = 0
    else:
        through = quarter_of(today) - 1
    return ThreeOnes(year, tuple(activities), tuple(deeds), mediation, through)


def public_phone(phone: str, *, is_office: bool) -> str:
    """Office numbers are shown; personal mobiles as 138****5678."""
    phone = (phone or "").strip()
    if is_office or not phone:
        return phone
    return mask_mobile(phone)

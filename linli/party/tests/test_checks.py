from datetime import date
from fractions import Fraction

import pytest

from linli.party import checks
from linli.party.choices import FIVE_KINDS, THREE_LEVELS, RecordKind

A, D, M = RecordKind.ACTIVITY, RecordKind.DEED, RecordKind.MEDIATION


def test_managed_compound_branch_with_all_five_kinds_passes():
    assert checks.branch_composition(seat_kinds=FIVE_KINDS, managed=True).ok


def test_managed_compound_branch_missing_one_kind_names_it():
    result = checks.branch_composition(seat_kinds=FIVE_KINDS[1:], managed=True)
    assert not result.ok
    assert result.reasons == ("缺少物业公司党员管理层",)


def test_unmanaged_compound_needs_the_three_levels_not_the_five_kinds():
    assert checks.branch_composition(seat_kinds=THREE_LEVELS, managed=False).ok
    assert not checks.branch_composition(seat_kinds=FIVE_KINDS, managed=False).ok


@pytest.mark.parametrize(
    ("party", "seats", "threshold", "ok"),
    [
        (3, 6, Fraction(1, 2), True),  # exactly 50% passes
        (2, 5, Fraction(1, 2), False),  # just below
        (3, 5, Fraction(1, 2), True),
        (4, 7, Fraction(3, 5), False),  # configurable threshold
        (3, 5, Fraction(3, 5), True),
        (0, 0, Fraction(1, 2), False),
    ],
)
def test_owners_committee_party_share(party, seats, threshold, ok):
    assert checks.party_share_ok(party_members=party, seats=seats, threshold=threshold).ok is ok


def test_cross_appointed_share_counts_seats_of_people_on_two_bodies():
    seats = [("wang", 1), ("wang", 2), ("li", 1), ("zhao", 3)]
    assert checks.cross_appointed_share(seats) == 0.5
    assert checks.cross_appointed_share([]) is None


@pytest.mark.parametrize(
    ("records", "today", "missing"),
    [
        # full year, everything done
        (
            [(A, date(2026, m, 1)) for m in (1, 4, 7, 10)]
            + [(D, date(2026, m, 31)) for m in (3,)]
            + [(D, date(2026, m, 30)) for m in (6, 9)]
            + [(D, date(2026, 12, 31)), (M, date(2026, 12, 31))],
            date(2027, 1, 1),
            (),
        ),
        # 31 March is still Q1; 1 April is Q2
        ([(A, date(2026, 3, 31)), (D, date(2026, 4, 1))], date(2026, 4, 2), ("第1季度无实事",)),
        # the running quarter and the year's mediation are not due yet
        ([], date(2026, 3, 31), ()),
        ([], date(2026, 4, 1), ("第1季度无共建活动", "第1季度无实事")),
        # records of other years do not count
        (
            [(M, date(2025, 12, 31))],
            date(2027, 1, 1),
            tuple(x for q in range(1, 5) for x in (f"第{q}季度无共建活动", f"第{q}季度无实事"))
            + ("全年无调解",),
        ),
    ],
)
def test_three_ones_compliance(records, today, missing):
    assert checks.three_ones(records=records, year=2026, today=today).missing == missing


def test_public_phone_masks_mobiles_but_shows_office_numbers():
    assert checks.public_phone("13812345678", is_office=False) == "138****5678"
    assert checks.public_phone("0731-8888888", is_office=True) == "0731-8888888"
    assert checks.mask_name("张晓明") == "张*明"


def test_find_card_keeps_a_compound_surname():
    assert checks.mask_name("欧阳娜娜") == "欧阳**"
    assert checks.public_phone("1381234", is_office=False) == "*******"

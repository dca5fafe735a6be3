"""Credit file and evaluation arithmetic, table-driven and without a database."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from linli.property import credit, scoring
from linli.property.credit import AA, AAA, BLACKLIST, A, B, C, CreditPolicy

DAY = dt.date(2026, 11, 1)


@dataclass
class E:
    pk: int
    kind: str
    points: Decimal
    valid_from: dt.date = dt.date(2026, 1, 1)
    valid_until: dt.date | None = dt.date(2026, 12, 31)
    reverses_id: int | None = None
    blacklist: bool = False


def entries(*rows):
    return [E(pk=i, kind=k, points=Decimal(p), **extra) for i, (k, p, extra) in enumerate(rows, 1)]


@pytest.mark.parametrize(
    ("rows", "score"),
    [
        ([("basic", 75, {})], 75),
        ([("basic", 95, {})], 80),  # basic capped at 80
        ([("basic", 80, {}), ("good", 30, {}), ("good", 25, {})], 120),  # good capped at 40
        ([("basic", 80, {}), ("bad", 10, {})], 70),
        ([("basic", 80, {}), ("bad", -10, {})], 70),  # the sign of a bad entry does not matter
        ([("basic", 80, {}), ("good", 5, {"valid_until": dt.date(2026, 10, 31)})], 80),  # expired
        ([("basic", 80, {}), ("good", 5, {"valid_from": dt.date(2026, 11, 2)})], 80),  # not yet
        ([("basic", 80, {}), ("good", 5, {"valid_until": None})], 85),  # open-ended
        ([("basic", 80, {}), ("bad", 10, {}), ("reversal", 0, {"reverses_id": 2})], 80),
        ([("basic", 70, {}), ("good", 8, {}), ("reversal", 0, {"reverses_id": 2})], 70),
        (
            [
                ("basic", 70, {}),
                ("bad", 10, {}),
                ("reversal", 0, {"reverses_id": 2, "valid_from": dt.date(2026, 12, 1)}),
            ],
            60,
        ),  # a reversal dated later does not yet count
        ([], 0),
    ],
)
def test_credit_score_counts_valid_unreversed_entries_with_caps(rows, score):
    assert credit.credit_score(entries(*rows), on=DAY) == score


@pytest.mark.parametrize(
    ("score", "blacklisted", "grade"),
    [
        (120, False, AAA),
        (85, False, AAA),
        (Decimal("84.99"), False, AA),
        (80, False, AA),
        (79, False, A),
        (70, False, A),
        (69, False, B),
        (60, False, B),
        (Decimal("59.5"), False, C),
        (-10, False, C),
        (95, True, BLACKLIST),
    ],
)
def test_grade_thresholds(score, blacklisted, grade):
    assert credit.credit_grade(Decimal(score), blacklisted=blacklisted) == grade


def test_a_valid_blacklist_entry_blacklists_until_it_is_reversed_or_expires():
    rows = entries(("basic", 80, {}), ("bad", 5, {"blacklist": True}))
    assert credit.credit_standing(rows, on=DAY).grade == BLACKLIST
    reversed_rows = [*rows, E(pk=3, kind="reversal", points=Decimal(0), reverses_id=2)]
    assert credit.credit_standing(reversed_rows, on=DAY).grade == AA
    assert credit.credit_standing(rows, on=dt.date(2027, 1, 1)).grade == C  # all expired


def test_blacklist_below_a_configured_score():
    policy = CreditPolicy(blacklist_below=Decimal(40))
    assert credit.credit_grade(Decimal(39), blacklisted=False, policy=policy) == BLACKLIST
    assert credit.credit_grade(Decimal(40), blacklisted=False, policy=policy) == C


def test_thresholds_are_configurable():
    policy = CreditPolicy(thresholds=(("AAA", Decimal(90)), ("AA", Decimal(75))))
    assert credit.credit_grade(Decimal(85), blacklisted=False, policy=policy) == AA
    assert credit.credit_grade(Decimal(74), blacklisted=False, policy=policy) == C


@pytest.mark.parametrize(
    ("items", "satisfaction", "total", "effect"),
    [
        (100, 100, Decimal("100.00"), ("good", 5)),
        (90, 90, Decimal("90.00"), ("good", 5)),
        (95, 80, Decimal("90.50"), ("good", 5)),
        (80, 70, Decimal("77.00"), None),
        (60, 60, Decimal("60.00"), None),
        (50, 80, Decimal("59.00"), ("bad", 10)),
    ],
)
def test_evaluation_total_mixes_items_and_satisfaction_70_30(items, satisfaction, total, effect):
    got = scoring.evaluation_total(Decimal(items), Decimal(satisfaction))
    assert got == total
    assert scoring.credit_effect(got) == (None if effect is None else (effect[0], Decimal(effect[1])))


def test_weighted_items_need_weights_summing_to_100_and_scores_within_0_100():
    assert scoring.weighted_items([(20, 90), (20, 80), (20, 70), (15, 100), (15, 60), (10, 50)]) == (
        Decimal("77.00")
    )
    with pytest.raises(scoring.ScoringError, match="权重合计必须为100"):
        scoring.weighted_items([(50, 90), (40, 80)])
    with pytest.raises(scoring.ScoringError, match="0到100"):
        scoring.weighted_items([(50, 90), (50, 101)])
    with pytest.raises(scoring.ScoringError, match="满意率"):
        scoring.evaluation_total(Decimal(80), Decimal(120))

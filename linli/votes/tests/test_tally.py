"""Worked examples of 民法典 §278 at the exact thresholds (no database)."""

from decimal import Decimal as D
from fractions import Fraction

import pytest

from linli.votes.choices import Outcome
from linli.votes.tally import Totals, decide, percent

# A 小区 of 300 专有部分 holding 27,000.00 ㎡ in all.
ALL = {"eligible_count": 300, "eligible_area": D("27000.00")}


def totals(voting_count, voting_area, yes_count, yes_area):
    return Totals(
        voting_count=voting_count,
        voting_area=D(voting_area),
        yes_count=yes_count,
        yes_area=D(yes_area),
        **ALL,
    )


@pytest.mark.parametrize(
    ("voting_count", "voting_area", "outcome"),
    [
        (200, "18000.00", Outcome.PASSED),  # exactly 2/3 by both: enough ("以上" includes the number)
        (199, "18000.00", Outcome.NO_QUORUM),  # one owner short by head count
        (200, "17999.99", Outcome.NO_QUORUM),  # one hundredth of a ㎡ short by area
        (300, "27000.00", Outcome.PASSED),
    ],
)
def test_turnout_must_reach_two_thirds_by_area_and_by_head_count(voting_count, voting_area, outcome):
    decision = decide(totals(voting_count, voting_area, voting_count, voting_area), special=False)
    assert decision.outcome == outcome


@pytest.mark.parametrize(
    ("yes_count", "yes_area", "outcome"),
    [
        (101, "9000.01", Outcome.PASSED),  # more than half by both
        (100, "9000.01", Outcome.REJECTED),  # exactly half of 200 voters is not 过半数
        (101, "9000.00", Outcome.REJECTED),  # exactly half of 18,000 ㎡ is not 过半数
        (200, "9000.00", Outcome.REJECTED),  # every head but only half the area
    ],
)
def test_ordinary_matter_needs_more_than_half_of_those_voting_by_both(yes_count, yes_area, outcome):
    decision = decide(totals(200, "18000.00", yes_count, yes_area), special=False)
    assert decision.outcome == outcome


@pytest.mark.parametrize(
    ("yes_count", "yes_area", "outcome"),
    [
        (150, "13500.00", Outcome.PASSED),  # exactly 3/4 of 200 and of 18,000 ㎡: enough
        (149, "13500.00", Outcome.REJECTED),
        (150, "13499.99", Outcome.REJECTED),
        (199, "17000.00", Outcome.PASSED),
    ],
)
def test_special_matter_needs_three_quarters_of_those_voting_by_both(yes_count, yes_area, outcome):
    decision = decide(totals(200, "18000.00", yes_count, yes_area), special=True)
    assert decision.outcome == outcome


def test_the_same_numbers_pass_an_ordinary_matter_but_fail_a_special_one():
    numbers = totals(240, "21600.00", 170, "15000.00")  # 70.8% by head, 69.4% by area
    assert decide(numbers, special=False).outcome == Outcome.PASSED
    assert decide(numbers, special=True).outcome == Outcome.REJECTED


def test_explanation_shows_each_ratio_against_its_threshold_in_chinese():
    decision = decide(totals(200, "18000.00", 100, "9000.01"), special=False)
    lines = decision.explanation
    assert lines[0] == (
        "参与表决专有部分面积占比：18,000.00㎡ ÷ 27,000.00㎡ = 66.67%，须不低于三分之二，达到。"
    )
    assert lines[1] == "参与表决人数占比：200人 ÷ 300人 = 66.67%，须不低于三分之二，达到。"
    assert lines[2].endswith("= 50.00%，须超过二分之一，达到。")
    assert lines[3] == "同意的人数占参与表决人数：100人 ÷ 200人 = 50.00%，须超过二分之一，未达到。"
    assert "表决未通过" in lines[-1]


def test_failed_turnout_is_explained_without_counting_agreement():
    lines = decide(totals(150, "20000.00", 150, "20000.00"), special=False).explanation
    assert "人数占比：150人 ÷ 300人 = 50.00%，须不低于三分之二，未达到。" in lines[1]
    assert "表决无效" in lines[-1]
    assert len(lines) == 3


def test_nobody_voting_never_passes():
    assert decide(totals(0, "0", 0, "0"), special=False).outcome == Outcome.NO_QUORUM


def test_percent_rounds_for_display_only():
    assert percent(Fraction(2, 3)) == "66.67%"
    assert percent(Fraction(1, 8)) == "12.50%"

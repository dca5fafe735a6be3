"""Time limits written the way rules write them ("5工作日", "4工作时", "2小时", "15日") — no database."""

from decimal import Decimal

import pytest

from linli.workdays.choices import LimitUnit
from linli.workdays.limits import Limit, deadline, elapsed

from .helpers import at, official_calendar

CAL = official_calendar()


@pytest.mark.parametrize(
    ("text", "amount", "unit", "formatted"),
    [
        ("5工作日", "5", LimitUnit.WORKING_DAYS, "5工作日"),
        ("1个工作日", "1", LimitUnit.WORKING_DAYS, "1工作日"),
        ("4工作时", "4", LimitUnit.WORKING_HOURS, "4工作时"),
        ("4 工作小时", "4", LimitUnit.WORKING_HOURS, "4工作时"),
        ("2小时", "2", LimitUnit.NATURAL_HOURS, "2小时"),
        ("24个小时", "24", LimitUnit.NATURAL_HOURS, "24小时"),
        ("0.5小时", "0.5", LimitUnit.NATURAL_HOURS, "0.5小时"),
        ("15日", "15", LimitUnit.NATURAL_DAYS, "15日"),
        ("7天", "7", LimitUnit.NATURAL_DAYS, "7日"),
        ("10个自然日", "10", LimitUnit.NATURAL_DAYS, "10日"),
        ("2.50工作日", "2.5", LimitUnit.WORKING_DAYS, "2.5工作日"),
    ],
)
def test_limits_parse_and_format_in_chinese(text, amount, unit, formatted):
    limit = Limit.parse(text)
    assert limit == Limit(Decimal(amount), unit)
    assert str(limit) == formatted


@pytest.mark.parametrize("text", ["", "5", "工作日", "五工作日", "5周", "0工作日", "-1日"])
def test_unreadable_limits_are_refused_in_chinese(text):
    with pytest.raises(ValueError, match="时限"):
        Limit.parse(text)


def test_unit_labels_are_chinese():
    assert [label for _, label in LimitUnit.choices] == ["自然小时", "自然日", "工作小时", "工作日"]


@pytest.mark.parametrize(
    ("limit", "due"),
    [
        ("2小时", at(2026, 9, 30, 20)),  # danger to life: the clock never stops
        ("7日", at(2026, 10, 7, 18)),
        ("4工作时", at(2026, 10, 8, 14)),
        ("1工作日", at(2026, 10, 8, 17, 30)),
    ],
)
def test_deadline_of_an_appeal_received_on_the_eve_of_national_day(limit, due):
    start = at(2026, 9, 30, 18)
    assert deadline(start, Limit.parse(limit), CAL) == due
    assert elapsed(start, due, Limit.parse(limit).unit, CAL) == pytest.approx(
        float(Limit.parse(limit).amount)
    )


def test_elapsed_share_of_a_working_day_limit():
    started, now = at(2026, 11, 20, 18), at(2026, 11, 23, 12)  # Friday evening → Monday noon
    assert elapsed(started, now, LimitUnit.WORKING_DAYS, CAL) == pytest.approx(3.5 / 7.5)

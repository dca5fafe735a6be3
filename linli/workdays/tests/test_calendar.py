"""Working-time arithmetic on the 2026 official calendar (weekends, holidays, 调休) — no database.

2026 facts from chinesecalendar 1.11.0: Spring Festival 02-15..02-23 off, Saturdays 02-14 and 02-28
worked; Mid-autumn 09-25..09-27 off; National Day 10-01..10-07 off, Sunday 09-20 and Saturday 10-10
worked. Default working periods 08:30–12:00 and 13:30–17:30 (7.5 hours).
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from linli.workdays.calendar import WorkCalendar, parse_periods

from .helpers import NEW_YEAR_2027, at, official_calendar

CAL = official_calendar()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 20), True),  # an ordinary Friday
        (date(2026, 11, 21), False),  # an ordinary Saturday
        (date(2026, 10, 1), False),  # National Day
        (date(2026, 10, 7), False),  # last day of the Golden Week
        (date(2026, 10, 10), True),  # Saturday worked in lieu (调休)
        (date(2026, 9, 20), True),  # Sunday worked in lieu
        (date(2026, 2, 14), True),  # Saturday worked before Spring Festival
        (date(2026, 2, 23), False),  # Monday, last day of Spring Festival
        (date(2027, 1, 4), True),  # beyond the package: Monday–Friday fallback
        (date(2027, 1, 2), False),
    ],
)
def test_official_calendar_knows_holidays_and_days_worked_in_lieu(day, expected):
    assert CAL.is_workday(day) is expected


DAYS = [
    # (name, start, working days, due)
    (
        "friday_evening_appeal_with_one_working_day_is_due_monday_close_of_business",
        at(2026, 11, 20, 18),
        1,
        at(2026, 11, 23, 17, 30),
    ),
    ("morning_appeal_is_due_same_clock_time_next_working_day", at(2026, 11, 17, 10), 1, at(2026, 11, 18, 10)),
    (
        "appeal_before_opening_counts_from_opening_and_is_due_same_evening",
        at(2026, 11, 16, 7),
        1,
        at(2026, 11, 16, 17, 30),
    ),
    (
        "appeal_in_lunch_break_counts_from_afternoon_opening",
        at(2026, 11, 16, 12, 30),
        1,
        at(2026, 11, 17, 12),
    ),
    ("appeal_on_saturday_counts_from_monday_opening", at(2026, 11, 21, 10), 1, at(2026, 11, 23, 17, 30)),
    ("eve_of_national_day_skips_the_golden_week", at(2026, 9, 30, 10), 1, at(2026, 10, 8, 10)),
    (
        "late_afternoon_before_national_day_is_due_same_clock_time_after_it",
        at(2026, 9, 30, 17),
        1,
        at(2026, 10, 8, 17),
    ),
    ("working_saturday_after_national_day_counts", at(2026, 10, 9, 10), 1, at(2026, 10, 10, 10)),
    ("working_sunday_before_mid_autumn_counts", at(2026, 9, 18, 10), 1, at(2026, 9, 20, 10)),
    ("mid_autumn_weekend_is_skipped", at(2026, 9, 24, 10), 1, at(2026, 9, 28, 10)),
    ("five_working_days_across_national_day", at(2026, 9, 29, 10), 5, at(2026, 10, 12, 10)),
    ("working_saturday_before_spring_festival_counts", at(2026, 2, 13, 10), 1, at(2026, 2, 14, 10)),
    ("spring_festival_is_skipped", at(2026, 2, 14, 10), 1, at(2026, 2, 24, 10)),
    (
        "half_a_working_day_is_three_and_three_quarter_hours",
        at(2026, 11, 16, 8, 30),
        0.5,
        at(2026, 11, 16, 13, 45),
    ),
    ("without_2027_data_new_years_day_counts_as_a_weekday", at(2026, 12, 31, 10), 2, at(2027, 1, 4, 10)),
]


@pytest.mark.parametrize(("start", "days", "due"), [d[1:] for d in DAYS], ids=[d[0] for d in DAYS])
def test_add_working_days(start, days, due):
    assert CAL.add_working_days(start, days) == due
    assert CAL.working_days_between(start, due) == pytest.approx(days)


def test_new_years_day_2027_entered_by_an_administrator_is_skipped():
    cal = official_calendar(NEW_YEAR_2027)
    assert cal.add_working_days(at(2026, 12, 31, 10), 2) == at(2027, 1, 5, 10)


def test_working_saturday_2027_entered_by_an_administrator_counts():
    cal = official_calendar({date(2027, 1, 9): True})
    assert cal.add_working_days(at(2027, 1, 8, 10), 1) == at(2027, 1, 9, 10)


HOURS = [
    ("four_working_hours_span_the_lunch_break", at(2026, 11, 16, 10), 4, at(2026, 11, 16, 15, 30)),
    ("half_hour_before_lunch", at(2026, 11, 16, 11), 0.5, at(2026, 11, 16, 11, 30)),
    ("half_hour_across_lunch", at(2026, 11, 16, 11, 45), 0.5, at(2026, 11, 16, 13, 45)),
    ("limit_running_out_at_noon_is_due_at_noon", at(2026, 11, 16, 11), 1, at(2026, 11, 16, 12)),
    ("limit_running_out_at_close_is_due_at_close", at(2026, 11, 16, 13, 30), 4, at(2026, 11, 16, 17, 30)),
    ("friday_afternoon_carries_over_the_weekend", at(2026, 11, 20, 16, 30), 4, at(2026, 11, 23, 11, 30)),
    ("saturday_counts_from_monday_opening", at(2026, 11, 21, 9), 2, at(2026, 11, 23, 10, 30)),
    ("night_counts_from_next_opening", at(2026, 11, 16, 22), 1.25, at(2026, 11, 17, 9, 45)),
    ("golden_week_is_skipped", at(2026, 9, 30, 16), 2.5, at(2026, 10, 8, 9, 30)),
    ("working_sunday_counts", at(2026, 9, 18, 17), 1, at(2026, 9, 20, 9)),
    ("zero_hours_is_the_start_itself", at(2026, 11, 21, 9), 0, at(2026, 11, 21, 9)),
]


@pytest.mark.parametrize(("start", "hours", "due"), [h[1:] for h in HOURS], ids=[h[0] for h in HOURS])
def test_add_working_hours(start, hours, due):
    assert CAL.add_working_hours(start, hours) == due
    assert CAL.working_hours_between(start, due) == pytest.approx(hours)


@pytest.mark.parametrize(
    ("a", "b", "hours"),
    [
        (at(2026, 11, 16, 7), at(2026, 11, 16, 20), 7.5),
        (at(2026, 11, 16, 12), at(2026, 11, 16, 13, 30), 0),
        (at(2026, 11, 20, 17), at(2026, 11, 23, 9), 1),
        (at(2026, 9, 30, 8, 30), at(2026, 10, 8, 8, 30), 7.5),
        (at(2026, 11, 23, 9), at(2026, 11, 20, 17), -1),  # how late: negative when the order is reversed
    ],
)
def test_working_hours_between(a, b, hours):
    assert CAL.working_hours_between(a, b) == pytest.approx(hours)


def test_any_time_zone_in_shanghai_wall_clock_out():
    friday_evening_utc = datetime(2026, 11, 20, 10, tzinfo=UTC)  # 18:00 in Shanghai
    due = CAL.add_working_days(friday_evening_utc, 1)
    assert due == at(2026, 11, 23, 17, 30) and due.utcoffset() == timedelta(hours=8)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        CAL.add_working_hours(datetime(2026, 11, 16, 10), 1)
    with pytest.raises(ValueError):
        CAL.working_hours_between(datetime(2026, 11, 16, 10), at(2026, 11, 16, 11))
    with pytest.raises(ValueError):
        CAL.add_natural(datetime(2026, 11, 16, 10), hours=2)


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError):
        CAL.add_working_hours(at(2026, 11, 16, 10), -1)


def test_natural_limits_count_nights_and_holidays():
    assert CAL.add_natural(at(2026, 9, 30, 23), hours=2) == at(2026, 10, 1, 1)
    assert CAL.add_natural(at(2026, 9, 30, 10), days=7) == at(2026, 10, 7, 10)


def test_working_hours_are_configurable():
    cal = official_calendar(periods="09:00-12:00,14:00-18:00")
    assert cal.day_length == timedelta(hours=7)
    assert cal.add_working_days(at(2026, 11, 20, 18), 1) == at(2026, 11, 23, 18)
    assert cal.add_working_hours(at(2026, 11, 16, 11), 2) == at(2026, 11, 16, 15)


@pytest.mark.parametrize("spec", ["", "12:00-08:30", "08:30-12:00,11:00-17:30", "0830"])
def test_invalid_working_periods_are_refused(spec):
    with pytest.raises(ValueError):
        parse_periods(spec)


def test_a_calendar_without_working_days_stops_instead_of_looping():
    with pytest.raises(ValueError):
        WorkCalendar(lambda day: False).add_working_hours(at(2026, 11, 16, 10), 1)


def test_is_working_time():
    assert CAL.is_working_time(at(2026, 11, 16, 8, 30))
    assert not CAL.is_working_time(at(2026, 11, 16, 12))
    assert not CAL.is_working_time(at(2026, 10, 1, 10))

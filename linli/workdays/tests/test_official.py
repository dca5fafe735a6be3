"""Which days are working days, and which are only guessed (the 2027 gap) — no database."""

from datetime import date

from linli.workdays.official import PACKAGE_YEARS, OfficialDays

from .helpers import official_calendar


def test_package_covers_2026_but_not_2027():
    assert 2026 in PACKAGE_YEARS and 2027 not in PACKAGE_YEARS


def test_override_makes_an_ordinary_weekday_a_holiday_and_a_saturday_a_working_day():
    days = OfficialDays({date(2026, 11, 25): False, date(2026, 11, 28): True})
    assert days.is_workday(date(2026, 11, 25)) is False
    assert days.is_workday(date(2026, 11, 28)) is True
    assert days.is_workday(date(2026, 11, 26)) is True


def test_override_wins_over_the_package():
    assert OfficialDays({date(2026, 10, 8): False}).is_workday(date(2026, 10, 8)) is False


def test_year_without_data_falls_back_to_monday_to_friday_and_is_reported_as_a_gap():
    cal = official_calendar()
    assert cal.is_workday(date(2027, 1, 1)) is True  # a Friday; only an override can make it 元旦
    assert cal.gaps(date(2026, 12, 30), date(2027, 1, 3)) == [(date(2027, 1, 1), date(2027, 1, 3))]


def test_overridden_days_are_not_gaps():
    cal = official_calendar({date(2027, 1, 1): False})
    assert cal.gaps(date(2026, 12, 30), date(2027, 1, 3)) == [(date(2027, 1, 2), date(2027, 1, 3))]


def test_confirmed_year_has_no_gaps():
    cal = official_calendar({date(2027, 1, 1): False}, confirmed_years=[2027])
    assert cal.gaps(date(2026, 1, 1), date(2027, 12, 31)) == []

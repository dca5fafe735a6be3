"""Properties of the working-time arithmetic that must hold for any start, amount and calendar."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from linli.workdays.calendar import SHANGHAI
from linli.workdays.choices import LimitUnit
from linli.workdays.limits import Limit

from .helpers import official_calendar

# From just before the 2026 Spring Festival into 2027, which the package does not know.
starts = st.datetimes(
    min_value=datetime(2026, 1, 20),
    max_value=datetime(2027, 2, 28),
    timezones=st.sampled_from([SHANGHAI, UTC]),
)
amounts = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=120))
# Administrators' overrides: any date from late 2026 into 2027 made a working day or a day off.
override_sets = st.dictionaries(
    st.dates(min_value=date(2026, 9, 1), max_value=date(2027, 2, 28)), st.booleans(), max_size=40
)

CAL = official_calendar()


@given(starts, amounts, amounts)
def test_adding_in_two_steps_equals_adding_the_sum(start, a, b):
    assert CAL.add_working_time(CAL.add_working_time(start, a), b) == CAL.add_working_time(start, a + b)


@given(starts, amounts, override_sets)
def test_working_time_between_start_and_deadline_is_the_limit(start, amount, overrides):
    cal = official_calendar(overrides)
    assert cal.working_time_between(start, cal.add_working_time(start, amount)) == amount


@given(starts, st.floats(min_value=0, max_value=80, allow_nan=False))
def test_fractional_hours_round_trip_within_a_microsecond(start, hours):
    due = CAL.add_working_hours(start, hours)
    assert abs(CAL.working_hours_between(start, due) - hours) < 1e-6


@given(starts, amounts.filter(bool), override_sets)
def test_deadline_is_the_first_moment_the_limit_runs_out_and_lies_in_working_time(start, amount, overrides):
    cal = official_calendar(overrides)
    due = cal.add_working_time(start, amount)
    assert cal.is_workday(due)
    assert cal.is_working_time(due - timedelta(microseconds=1))
    assert cal.working_time_between(start, due - timedelta(microseconds=1)) < amount


@given(starts, st.integers(min_value=1, max_value=20), override_sets)
def test_working_days_never_end_on_a_day_off(start, days, overrides):
    cal = official_calendar(overrides)
    due = cal.add_working_days(start, days)
    assert cal.is_workday(due)
    assert due == cal.add_working_hours(start, 7.5 * days)
    assert cal.working_days_between(start, due) == days


@given(starts, amounts, amounts)
def test_longer_limits_never_end_earlier(start, a, b):
    assert CAL.add_working_time(start, min(a, b)) <= CAL.add_working_time(start, max(a, b))


@given(starts, starts, starts)
def test_working_time_adds_up_over_consecutive_spans(a, b, c):
    assert CAL.working_time_between(a, b) + CAL.working_time_between(b, c) == CAL.working_time_between(a, c)


@given(
    st.decimals(min_value="0.01", max_value="999", places=2),
    st.sampled_from(list(LimitUnit)),
)
def test_formatted_limits_parse_back(amount, unit):
    limit = Limit(amount, unit)
    assert Limit.parse(str(limit)) == limit

import pytest

from linli.workdays.selectors import invalidate_calendar


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    invalidate_calendar()
    yield
    invalidate_calendar()

import os

import pytest

# Browser tests drive a live server from pytest's thread; Django refuses sync ORM calls from inside an
# event loop that Playwright's sync API keeps running, so allow them in the test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db):
    from linli.places.tests.factories import make_world

    return make_world()

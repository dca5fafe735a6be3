import pytest

from linli.appeals.tests.factories import Cast
from linli.open311.services.keys import api_key_create


@pytest.fixture
def cast(world):
    return Cast(world)


@pytest.fixture
def api_key(world) -> str:
    """A working key for the whole district."""
    _, raw = api_key_create(actor=None, name="市12345平台", place=world.district)
    return raw

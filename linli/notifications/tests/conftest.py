import pytest

from . import backends


@pytest.fixture
def sent():
    """The (channel, notification id) pairs the test backends sent."""
    backends.SENT.clear()
    backends.FlakyBackend.calls = 0
    backends.FlakyBackend.failures = 0
    yield backends.SENT
    backends.SENT.clear()


@pytest.fixture
def use_backend(settings, sent):
    """``use_backend("BrokenBackend")`` routes SMS and WeChat to a backend of tests/backends.py."""

    def use(name: str) -> None:
        path = f"linli.notifications.tests.backends.{name}"
        settings.LINLI_NOTIFICATION_BACKENDS = {"sms": path, "wechat": path}

    return use

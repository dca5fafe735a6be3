"""Run code as if it were another moment: the demo builds months of history through the real services,
and tests step the clock through deadlines. Every Linli module reads the time through
``django.utils.timezone.now()``, which this replaces for the duration of the block."""

from contextlib import contextmanager
from datetime import datetime
from unittest import mock

from django.utils import timezone


@contextmanager
def frozen_at(moment: datetime):
    if timezone.is_naive(moment):
        raise ValueError("frozen_at needs an aware datetime")
    with mock.patch.object(timezone, "now", lambda: moment):
        yield

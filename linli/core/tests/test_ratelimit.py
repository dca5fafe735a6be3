"""The rate limiter (linli/core/ratelimit.py): N per window, the N+1-th refused and nothing written, a new
window allows again, keys are independent, and every worker counts on the same database row."""

import logging
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from linli.core import ratelimit
from linli.core.models import RateCounter
from linli.core.ratelimit import RateLimited

pytestmark = pytest.mark.django_db


def test_the_n_plus_first_hit_in_a_window_is_refused_and_writes_nothing(caplog):
    now = timezone.now()  # one moment for the whole test: no window boundary in between
    for _ in range(3):
        ratelimit.hit("intake", "user:1", limit=3, window=3600, now=now)
    assert ratelimit.used("intake", "user:1", now=now) == 3
    with caplog.at_level(logging.WARNING, logger="linli.security"), pytest.raises(RateLimited) as refused:
        ratelimit.hit("intake", "user:1", limit=3, window=3600, now=now)
    assert refused.value.status_code == 429
    assert 1 <= refused.value.retry_after <= 3600
    assert refused.value.message == f"操作过于频繁，请于 {refused.value.minutes} 分钟后再试。"
    assert ratelimit.used("intake", "user:1", now=now) == 3  # the refused hit was not counted
    assert RateCounter.objects.count() == 1
    assert "rate limit: intake:user:1 refused" in caplog.text


def test_retry_after_counts_down_to_the_end_of_the_window():
    start = ratelimit.window_start(timezone.now(), 3600)
    late = start + timedelta(minutes=58, seconds=30)
    ratelimit.hit("export", "user:1", limit=1, window=3600, now=late)
    with pytest.raises(RateLimited) as refused:
        ratelimit.hit("export", "user:1", limit=1, window=3600, now=late)
    assert refused.value.retry_after == 90 and refused.value.minutes == 2
    assert "请于 2 分钟后再试" in refused.value.message


def test_a_new_window_allows_again():
    now = timezone.now()  # one moment for the whole test: no window boundary in between
    for _ in range(2):
        ratelimit.hit("intake", "user:1", limit=2, window=3600, now=now)
    with pytest.raises(RateLimited):
        ratelimit.hit("intake", "user:1", limit=2, window=3600, now=now)
    # The stored window is the one before: an hour has passed for the counter.
    row = RateCounter.objects.get()
    RateCounter.objects.filter(pk=row.pk).update(window_start=row.window_start - timedelta(hours=1))
    ratelimit.hit("intake", "user:1", limit=2, window=3600, now=now)
    ratelimit.hit("intake", "user:1", limit=2, window=3600, now=now)
    with pytest.raises(RateLimited):
        ratelimit.hit("intake", "user:1", limit=2, window=3600, now=now)


def test_limits_are_per_key_and_per_scope():
    now = timezone.now()  # one moment for the whole test: no window boundary in between
    ratelimit.hit("intake", "user:1", limit=1, window=3600, now=now)
    with pytest.raises(RateLimited):
        ratelimit.hit("intake", "user:1", limit=1, window=3600, now=now)
    ratelimit.hit("intake", "user:2", limit=1, window=3600, now=now)  # another user is not affected
    ratelimit.hit("export", "user:1", limit=1, window=3600, now=now)  # nor another kind of action
    assert RateCounter.objects.count() == 3


def test_a_limit_of_zero_switches_the_limit_off():
    now = timezone.now()  # one moment for the whole test: no window boundary in between
    for _ in range(50):
        ratelimit.hit("intake", "user:1", limit=0, window=3600, now=now)
    assert not RateCounter.objects.exists()


def test_the_periodic_job_deletes_counters_of_long_past_windows():
    from linli.core import tick

    now = timezone.now()
    ratelimit.hit("intake", "user:1", limit=5, window=3600, now=now - timedelta(days=3))
    ratelimit.hit("intake", "user:1", limit=5, window=3600, now=now)
    assert tick.run(now=now).split("；")[0] == "频率限制：清理过期计数 1 条"
    assert ratelimit.used("intake", "user:1", now=now) == 1


@pytest.mark.django_db(transaction=True)
def test_every_connection_counts_on_the_same_stored_counter():
    """Two web workers are two database connections: each thread here has its own."""
    outcomes, now = [], timezone.now()

    def worker():
        try:
            ratelimit.hit("intake", "user:7", limit=2, window=3600, now=now)
            outcomes.append("ok")
        except RateLimited:
            outcomes.append("refused")
        finally:
            connections.close_all()

    for _ in range(3):  # one after the other, each on a fresh connection
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    assert outcomes == ["ok", "ok", "refused"]
    assert ratelimit.used("intake", "user:7", now=now) == 2  # and the test's own connection sees the same row


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_take_more_than_the_limit():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for truly concurrent connections")
    n, limit = 12, 5
    start = threading.Barrier(n)
    outcomes, now = [], timezone.now()

    def worker():
        try:
            start.wait()
            ratelimit.hit("open311-key", "key:1", limit=limit, window=60, now=now)
            outcomes.append("ok")
        except RateLimited:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] * limit + ["refused"] * (n - limit)
    assert ratelimit.used("open311-key", "key:1", window=60, now=now) == limit

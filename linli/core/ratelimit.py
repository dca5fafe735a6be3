"""One small rate limiter: at most ``limit`` actions of a key in a fixed window, counted in the database.

Why the database and not Django's cache: ``CACHES`` is not configured, so the cache is the default
LocMemCache — one per process. With several gunicorn workers each would count on its own and the real
limit would be workers × limit. The database is the one store every worker, the worker process and the
CLI share; the counter row is taken with one conditional ``UPDATE … SET count = count + 1 WHERE count <
limit``, which the database serializes, so two workers can never both take the last slot.

    ratelimit.hit("export", f"user:{user.pk}", limit=60, window=3600)   # raises RateLimited when spent

A refused hit writes nothing. A limit of 0 (or less) switches the limit off (benchmarks, bulk tests).
``RateLimited`` is answered with HTTP 429 and ``Retry-After``: by :class:`RateLimitMiddleware` on web
pages (the error page), by the API's exception handler as JSON, by the Open311 views in Open311's error
format. Every refusal is logged to ``linli.security``.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

from .models import RateCounter

log = logging.getLogger("linli.security")

#: Counters of windows that ended longer ago than this are deleted by the periodic job.
KEEP = timedelta(days=2)


class RateLimited(Exception):
    """Too many actions of one kind in the window; try again in ``retry_after`` seconds (HTTP 429).
    Deliberately not a DomainError: views that turn a DomainError into a form error must let it pass."""

    status_code = 429

    def __init__(self, *, scope: str, retry_after: int):
        self.scope = scope
        self.retry_after = max(1, int(retry_after))
        self.minutes = max(1, math.ceil(self.retry_after / 60))
        self.message = f"操作过于频繁，请于 {self.minutes} 分钟后再试。"
        super().__init__(self.message)


def window_start(now: datetime, window: int) -> datetime:
    """The start of the fixed window of ``window`` seconds holding ``now`` (aligned to the epoch)."""
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % window, tz=UTC)


def _take(key: str, start: datetime, limit: int) -> bool:
    """One slot of ``key``'s window, if one is left. Atomic across connections."""
    slots = RateCounter.objects.filter(key=key, window_start=start, count__lt=limit)
    if slots.update(count=F("count") + 1):
        return True
    if RateCounter.objects.filter(key=key, window_start=start).exists():
        return False  # spent
    try:
        with transaction.atomic():
            RateCounter.objects.create(key=key, window_start=start, count=1)
        return True
    except IntegrityError:  # another worker opened the window meanwhile: count on its row
        return bool(slots.update(count=F("count") + 1))


def hit(scope: str, who: str, *, limit: int, window: int = 3600, now: datetime | None = None) -> None:
    """Count one action of ``who`` in ``scope``; raise RateLimited when ``limit`` are already used in this
    window of ``window`` seconds. ``limit <= 0`` means unlimited."""
    if limit <= 0:
        return
    now = now or timezone.now()
    start = window_start(now, window)
    key = f"{scope}:{who}"[:200]
    if _take(key, start, limit):
        return
    retry_after = math.ceil((start + timedelta(seconds=window) - now).total_seconds())
    log.warning("rate limit: %s refused (%d per %ds), retry after %ds", key, limit, window, retry_after)
    raise RateLimited(scope=scope, retry_after=retry_after)


def used(scope: str, who: str, *, window: int = 3600, now: datetime | None = None) -> int:
    """How many actions ``who`` has taken in ``scope`` in the current window."""
    start = window_start(now or timezone.now(), window)
    row = RateCounter.objects.filter(key=f"{scope}:{who}"[:200], window_start=start).first()
    return row.count if row else 0


def purge(*, now: datetime | None = None) -> int:
    """Delete the counters of long-past windows (the periodic job)."""
    cutoff = (now or timezone.now()) - KEEP
    return RateCounter.objects.filter(window_start__lt=cutoff).delete()[0]


# The limits of Linli (settings; docs/security.md).


def intake(user, *, staff: bool) -> None:
    """One appeal recorded by ``user`` (web form or API): residents and staff have different limits."""
    limit = settings.LINLI_INTAKE_STAFF_PER_HOUR if staff else settings.LINLI_INTAKE_PER_HOUR
    hit("intake", f"user:{user.pk}", limit=limit, window=3600)


def export(user) -> None:
    """One export (Excel, CSV, PDF, archive) downloaded by ``user``."""
    hit("export", f"user:{user.pk}", limit=settings.LINLI_EXPORT_PER_HOUR, window=3600)


def respond(request, exc: RateLimited):
    """The 429 answer of a web page or a JSON endpoint, with Retry-After."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": exc.message}, status=429)
    else:
        context = {"title": "操作过于频繁", "message": exc.message, "status": 429}
        response = render(request, "error.html", context, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


class RateLimitMiddleware:
    """Turns a RateLimited raised by any view into the 429 page (or JSON under /api/)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return respond(request, exception)
        return None

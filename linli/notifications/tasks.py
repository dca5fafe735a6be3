"""Sending the outbox. ``deliver_pending`` is idempotent and safe to run from several workers at once:
each delivery is claimed with a compare-and-set on its attempt counter, and a claim is a lease, so a
worker that dies mid-send leaves the row to be retried after the lease (the one case where a message
may go out twice). A delivery that is sent, failed or skipped is never touched again."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .backends import PermanentFailure, get_backend, mask_text, no_address_reason, recipient_address
from .choices import EXTERNAL_CHANNELS, DeliveryStatus
from .models import Delivery

logger = logging.getLogger("linli.notifications")

MAX_ATTEMPTS = 5
LEASE = timedelta(minutes=5)


def retry_delay(attempts: int) -> timedelta:
    """Wait 1, 2, 4, 8 minutes after the 1st…4th failed attempt."""
    return timedelta(minutes=2 ** (attempts - 1))


def deliver_pending(
    limit: int = 500, *, ids: Iterable[int] | None = None, now: datetime | None = None
) -> int:
    """Send up to ``limit`` due deliveries (only those of ``ids`` if given); return how many were worked
    on (sent, skipped, or one failed attempt). Backend errors are recorded on the row, never raised."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    candidates = list(due.order_by("next_attempt_at", "pk").values_list("pk", "attempts")[:limit])
    worked = 0
    for pk, attempts in candidates:
        claimed = Delivery.objects.filter(
            pk=pk, status=DeliveryStatus.PENDING, attempts=attempts, next_attempt_at__lte=now
        ).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
        if claimed == 1:  # else another worker took it first
            _deliver_claimed(pk, attempts + 1, now)
            worked += 1
    return worked


@task()
def deliver_new(notification_ids: list[int]) -> int:
    """The background task queued when notifications are written: send their external deliveries."""
    ids = list(
        Delivery.objects.filter(
            notification_id__in=notification_ids, channel__in=sorted(EXTERNAL_CHANNELS)
        ).values_list("pk", flat=True)
    )
    return deliver_pending(limit=len(ids), ids=ids) if ids else 0


def _deliver_claimed(pk: int, attempt: int, now: datetime) -> None:
    delivery = Delivery.objects.select_related("notification__recipient__wechat_binding").get(pk=pk)
    recipient = delivery.notification.recipient
    if delivery.channel not in EXTERNAL_CHANNELS:
        _finish(pk, attempt, DeliveryStatus.SENT)
        return
    if not recipient.is_active:
        _finish(pk, attempt, DeliveryStatus.SKIPPED, "账号已停用，未发送。")
        return
    if recipient_address(delivery) is None:
        _finish(pk, attempt, DeliveryStatus.SKIPPED, no_address_reason(delivery.channel))
        return
    try:
        get_backend(delivery.channel).send(delivery)
    except PermanentFailure as exc:
        _finish(pk, attempt, DeliveryStatus.FAILED, mask_text(str(exc)))
    except Exception as exc:
        error = mask_text(f"{type(exc).__name__}: {exc}")[:500]
        logger.warning("delivery %s attempt %s/%s failed: %s", pk, attempt, MAX_ATTEMPTS, error)
        if attempt >= MAX_ATTEMPTS:
            _finish(pk, attempt, DeliveryStatus.FAILED, error)
        else:
            Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING, attempts=attempt).update(
                last_error=error, next_attempt_at=now + retry_delay(attempt)
            )
    else:
        _finish(pk, attempt, DeliveryStatus.SENT)


def _finish(pk: int, attempt: int, status: str, note: str = "") -> None:
    Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING, attempts=attempt).update(
        status=status,
        last_error=note[:500],
        sent_at=timezone.now() if status == DeliveryStatus.SENT else None,
    )

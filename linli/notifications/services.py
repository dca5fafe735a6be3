"""Writing to the outbox and reading it off. Aggregate: a ``Notification`` and its ``Delivery`` rows.

Invariants: every notification has an in-app delivery, sent the moment it is written; at most one
notification per (recipient, dedupe key); at most one delivery per (notification, channel); nothing
leaves the platform before the writing transaction commits (external deliveries are queued as a
background task when it commits — ``tasks.deliver_new``, run by ``linli worker`` — and retried by the
periodic job and ``linli notifications deliver``)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from .choices import EXTERNAL_CHANNELS, Channel, DeliveryStatus
from .models import Delivery, Notification
from .tasks import deliver_new

if TYPE_CHECKING:
    from linli.accounts.models import User

TITLE_MAX = Notification._meta.get_field("title").max_length


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str,
    url: str = "",
    channels: Iterable[str] = (Channel.IN_APP,),
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Write one notification per active recipient, in-app always plus ``channels``; schedule the external
    channels for after the surrounding transaction commits (nothing is sent if it rolls back).

    With ``dedupe_key`` (e.g. ``"appeal:42:yellow"``) a recipient who already has a notification with that
    key gets no new one. Returns the notifications this call wrote. A title longer than 100 characters is
    shortened. Raises ValueError for an unknown channel, an empty kind, or a ``url`` that is not a
    site-relative path."""
    channel_set = {Channel(c) for c in channels} | {Channel.IN_APP}  # Channel() raises ValueError
    if not kind:
        raise ValueError("notify() needs a kind")
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValueError(f"notification url must be site-relative, got {url!r}")
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1] + "…"
    users = {u.pk: u for u in recipients if u.is_active}
    if not users:
        return []
    with transaction.atomic():
        if dedupe_key:
            already = Notification.objects.filter(recipient_id__in=users, dedupe_key=dedupe_key)
            for user_id in already.values_list("recipient_id", flat=True):
                del users[user_id]
            if not users:
                return []
        now = timezone.now()
        rows = [
            Notification(
                recipient=user,
                kind=kind,
                title=title,
                body=body,
                url=url,
                dedupe_key=dedupe_key or "",
                created_at=now,
            )
            for user in users.values()
        ]
        if not dedupe_key:
            created = Notification.objects.bulk_create(rows)
        else:
            # A concurrent caller may have written the same key since the check: ignore its rows, then
            # read back ours (ignore_conflicts leaves primary keys unset).
            Notification.objects.bulk_create(rows, ignore_conflicts=True)
            created = list(
                Notification.objects.filter(
                    recipient_id__in=users, dedupe_key=dedupe_key, created_at=now
                ).order_by("pk")
            )
        deliveries = [
            Delivery(
                notification=n,
                channel=channel,
                status=DeliveryStatus.SENT if channel == Channel.IN_APP else DeliveryStatus.PENDING,
                sent_at=now if channel == Channel.IN_APP else None,
                next_attempt_at=now,
            )
            for n in created
            for channel in sorted(channel_set)
        ]
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        if created and channel_set & EXTERNAL_CHANNELS:
            notification_ids = [n.pk for n in created]
            # Queued only once the notifications exist for other connections; if queueing fails, the
            # periodic job still sends them (robust: the request that wrote them does not fail).
            transaction.on_commit(partial(deliver_new.enqueue, notification_ids), robust=True)
    return created


def notification_mark_read(*, user, notification: Notification) -> Notification:
    """Mark ``user``'s own ``notification`` read (no change if it already is). Raises
    Notification.DoesNotExist for someone else's, so callers answer 404 as for a missing one."""
    if notification.recipient_id != user.pk:
        raise Notification.DoesNotExist
    now = timezone.now()
    if Notification.objects.filter(pk=notification.pk, recipient=user, read_at__isnull=True).update(
        read_at=now
    ):
        notification.read_at = now
    elif notification.read_at is None:
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notification_mark_all_read(*, user) -> int:
    """Mark all of ``user``'s unread notifications read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())

"""Reading the outbox. A notification belongs to its recipient alone: there is no role that reaches
another user's inbox, so these selectors scope by ownership rather than through the policy layer."""

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404

from .models import Notification


def notification_visible_to(user):
    """``user``'s own notifications, unread first, newest first within each group."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return Notification.objects.filter(recipient=user).order_by(unread.desc(), "-created_at", "-pk")


def notification_get_for_user(*, user, pk) -> Notification:
    """One of ``user``'s notifications; 404 when it is missing or someone else's."""
    try:
        return notification_visible_to(user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def notification_unread_count(*, user) -> int:
    """One COUNT over the partial index of unread notifications."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

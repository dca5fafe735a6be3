from functools import cache

from .selectors import notification_unread_count


def notifications(request):
    """``unread_notifications`` for the top bar: counted on first use in a template, at most once per
    render (one COUNT query), and not at all for anonymous visitors."""
    user = getattr(request, "user", None)

    @cache
    def unread_notifications() -> int:
        return notification_unread_count(user=user)

    return {"unread_notifications": unread_notifications}

from django.urls import reverse

from linli.core.workbench import WorkItem

from .selectors import notification_unread_count


def items(user) -> list[WorkItem]:
    unread = notification_unread_count(user=user)
    if not unread:
        return []
    return [WorkItem("未读通知", unread, reverse("notifications:inbox"), "派单、回复、督办提醒")]

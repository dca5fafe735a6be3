from django.utils import timezone

from .services import reminders_send


def run(now=None) -> str:
    sent = reminders_send(today=timezone.localdate(now or timezone.now()))
    return f"换届提醒：新增 {sent} 条"

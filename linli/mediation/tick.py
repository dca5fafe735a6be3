from django.utils import timezone

from .reminders import judicial_reminders_send


def run(now=None) -> str:
    sent = judicial_reminders_send(now=now or timezone.now())
    return f"人民调解：司法确认期限提醒 {sent} 件"

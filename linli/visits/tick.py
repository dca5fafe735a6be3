from django.utils import timezone

from .alerts import alerts_raise


def run(now=None) -> str:
    written = alerts_raise(now=now or timezone.now())
    return f"关爱预警：新增提醒 {written} 条"

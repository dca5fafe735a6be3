from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import Figure
from .refresh import refresh


def run(now=None) -> str:
    """Recount every LINLI_DASHBOARD_REFRESH_MINUTES (the worker ticks more often than that)."""
    now = now or timezone.now()
    last = Figure.objects.order_by("-computed_at").values_list("computed_at", flat=True).first()
    if last is not None and now - last < timedelta(minutes=settings.LINLI_DASHBOARD_REFRESH_MINUTES):
        return "驾驶舱：数据仍新，未重新汇总"
    return refresh()

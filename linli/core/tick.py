from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from . import ratelimit
from .partitioning import ensure_partitions

TASK_RESULTS_DAYS = 7


def run(now=None) -> str:
    """Old rate-limit counters go; on PostgreSQL the monthly partitions of the append-only tables exist
    ahead of time."""
    parts = [f"频率限制：清理过期计数 {ratelimit.purge(now=now)} 条"]
    # Results of finished background tasks are kept a week for inspection (admin), then deleted.
    cutoff = (now or timezone.now()) - timedelta(days=TASK_RESULTS_DAYS)
    pruned, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    if pruned:
        parts.append(f"后台任务：清理一周前的记录 {pruned} 条")
    if connection.vendor == "postgresql":
        made = ensure_partitions(today=timezone.localdate(now))
        parts.append(f"分区：新建 {len(made)} 个月分区" if made else "分区：已就绪")
    return "；".join(parts)

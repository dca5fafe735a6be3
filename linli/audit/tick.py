from linli.core.exceptions import DomainError

from . import services


def run(now=None) -> str:
    """Delete audit entries older than the retention period (one indexed delete on ``at``)."""
    try:
        n = services.purge(now=now)
    except DomainError as exc:
        return f"审计记录：{exc.message}"
    return f"审计记录：清理超过 {services.retention_days()} 天的记录 {n} 条"

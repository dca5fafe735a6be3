from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "linli.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self):
        from django.core import checks

        from . import rules  # noqa: F401  (declares the permissions)

        checks.register(check_retention)


def check_retention(app_configs=None, **kwargs):
    """`linli check`, `migrate` and `runserver` stop on a retention period below the legal minimum."""
    from django.conf import settings
    from django.core import checks

    from .services import MIN_RETENTION_DAYS

    days = settings.LINLI_AUDIT_RETENTION_DAYS
    if days >= MIN_RETENTION_DAYS:
        return []
    return [
        checks.Error(
            f"LINLI_AUDIT_RETENTION_DAYS={days} 无效：审计记录至少保留 {MIN_RETENTION_DAYS} 天（网络安全法第二十一条）。",
            hint=f"改为 {MIN_RETENTION_DAYS} 或更大的值；在此之前定时任务不会清理任何审计记录。",
            id="audit.E001",
        )
    ]

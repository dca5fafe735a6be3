from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "linli.audit"
    label = "audit"
    verbose_name = "审计"

    def ready(self):
        from . import rules  # noqa: F401  (declares the permissions)

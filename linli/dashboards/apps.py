from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "linli.dashboards"
    label = "dashboards"
    verbose_name = "驾驶舱"

    def ready(self):
        from . import rules  # noqa: F401

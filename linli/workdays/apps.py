from django.apps import AppConfig


class WorkdaysConfig(AppConfig):
    name = "linli.workdays"
    label = "workdays"
    verbose_name = "工作日历"

    def ready(self):
        from . import rules  # noqa: F401

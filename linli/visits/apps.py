from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "linli.visits"
    label = "visits"
    verbose_name = "走访巡查"

    def ready(self):
        from . import rules  # noqa: F401

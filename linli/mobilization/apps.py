from django.apps import AppConfig


class MobilizationConfig(AppConfig):
    name = "linli.mobilization"
    label = "mobilization"
    verbose_name = "应急动员"

    def ready(self):
        from . import rules  # noqa: F401

from django.apps import AppConfig


class OwnersConfig(AppConfig):
    name = "linli.owners"
    label = "owners"
    verbose_name = "业主自治"

    def ready(self):
        from . import rules  # noqa: F401

from django.apps import AppConfig


class StairwellsConfig(AppConfig):
    name = "linli.stairwells"
    label = "stairwells"
    verbose_name = "楼道一长二员"

    def ready(self):
        from . import rules  # noqa: F401

from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "linli.deliberation"
    label = "deliberation"
    verbose_name = "议事协商"

    def ready(self):
        from . import rules  # noqa: F401

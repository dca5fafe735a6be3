from django.apps import AppConfig


class MediationConfig(AppConfig):
    name = "linli.mediation"
    label = "mediation"
    verbose_name = "人民调解"

    def ready(self):
        from . import rules  # noqa: F401

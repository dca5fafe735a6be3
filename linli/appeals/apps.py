from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "linli.appeals"
    label = "appeals"
    verbose_name = "群众诉求"

    def ready(self):
        from . import hotline_rules, rules  # noqa: F401

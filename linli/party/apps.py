from django.apps import AppConfig


class PartyConfig(AppConfig):
    name = "linli.party"
    label = "party"
    verbose_name = "党组织"

    def ready(self):
        from . import rules  # noqa: F401

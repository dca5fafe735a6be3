from django.apps import AppConfig


class VotesConfig(AppConfig):
    name = "linli.votes"
    label = "votes"
    verbose_name = "表决"

    def ready(self):
        from . import rules  # noqa: F401

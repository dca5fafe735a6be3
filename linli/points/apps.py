from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "linli.points"
    label = "points"
    verbose_name = "志愿积分"

    def ready(self):
        from . import rules  # noqa: F401

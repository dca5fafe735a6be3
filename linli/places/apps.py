from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "linli.places"
    label = "places"
    verbose_name = "地点与网格"

    def ready(self):
        from . import rules  # noqa: F401  (declares the permissions)

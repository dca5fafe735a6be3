from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "linli.people"
    label = "people"
    verbose_name = "居民"

    def ready(self):
        from linli.places.tallies import Tally, register

        from . import rules
        from .models import Person

        register(
            Tally(
                key="residents",
                label="居民",
                permission=rules.VIEW_PERSON,
                rows=lambda: Person.objects.all(),
                place_field="household__code",
                grid_field="household__grid__code",
            )
        )

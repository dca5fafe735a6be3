"""What other apps count under a place or a grid (people counts residents; later apps may add more),
without places depending on them: an app registers a Tally in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class Tally:
    key: str  # "residents"
    label: str  # "居民"
    permission: str  # who may see the count (scope applies)
    rows: Callable[[], QuerySet]  # the rows to count, e.g. lambda: Person.objects.all()
    place_field: str  # lookup to the household's place code, e.g. "household__code"
    grid_field: str  # lookup to the household's micro-grid code, e.g. "household__grid__code"


_TALLIES: dict[str, Tally] = {}


def register(tally: Tally) -> None:
    _TALLIES[tally.key] = tally


def tallies() -> list[Tally]:
    return list(_TALLIES.values())

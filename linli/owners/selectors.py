"""Reads for owners' bodies: terms ending soon, and 能建尽建 coverage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet

from linli.core import policy
from linli.party.checks import ratio
from linli.party.choices import OWNERS_BODIES, BodyKind
from linli.party.models import Body
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .rules import VIEW_OWNERS


def reminder_days() -> int:
    return int(getattr(settings, "LINLI_REELECTION_REMINDER_DAYS", 90))


def bodies_visible_to(*, user) -> QuerySet[Body]:
    return policy.visible(
        user, VIEW_OWNERS, Body.objects.filter(kind__in=OWNERS_BODIES).select_related("place")
    )


def bodies_due(*, today: date, days: int | None = None) -> QuerySet[Body]:
    """Owners' bodies whose term ends within ``days`` (setting, default 90) from ``today`` and has not ended."""
    horizon = today + timedelta(days=reminder_days() if days is None else days)
    return Body.objects.filter(
        kind__in=OWNERS_BODIES, term_end__gte=today, term_end__lte=horizon
    ).select_related("place")


@dataclass(frozen=True)
class BuildCoverage:
    compounds: int
    owners_committees: int
    property_committees: int

    @property
    def rate(self):
        """能建尽建 = (业委会 + 物管会) ÷ 小区."""
        return ratio(self.owners_committees + self.property_committees, self.compounds)


def build_coverage(*, code: str) -> BuildCoverage:
    under = policy.subtree_q("place__code", [code])
    bodies = Body.objects.filter(under, place__level=PlaceLevel.COMPOUND)
    return BuildCoverage(
        compounds=Place.objects.filter(policy.subtree_q("code", [code]), level=PlaceLevel.COMPOUND).count(),
        owners_committees=bodies.filter(kind=BodyKind.OWNERS_COMMITTEE).count(),
        property_committees=bodies.filter(kind=BodyKind.PROPERTY_COMMITTEE).count(),
    )

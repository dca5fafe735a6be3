"""Reads for owners' bodies: terms ending soon, and 能建尽建 coverage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from linli.core import policy
from linli.party.checks import ratio
from linli.party.choices import OWNERS_BODIES, BodyKind
from linli.party.models import Body, Membership
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .models import CandidateReview
from .rules import VIEW_OWNERS


def reminder_days() -> int:
    return int(getattr(settings, "LINLI_REELECTION_REMINDER_DAYS", 90))


def bodies_visible_to(*, user) -> QuerySet[Body]:
    return policy.visible(
        user, VIEW_OWNERS, Body.objects.filter(kind__in=OWNERS_BODIES).select_related("place")
    )


GUIDANCE_BODIES = (BodyKind.STREET_GUIDANCE, BodyKind.COMMUNITY_GUIDANCE, BodyKind.SUPERVISION_GROUP)


def body_get_for_user(*, user, pk: int) -> Body:
    """An owners' body or a property guidance body the user may see (else 404)."""
    qs = Body.objects.filter(kind__in=(*OWNERS_BODIES, *GUIDANCE_BODIES)).select_related("place")
    return policy.get_visible_or_404(user, VIEW_OWNERS, qs, pk=pk)


def guidance_visible_to(*, user) -> QuerySet[Body]:
    """三级物业指导: street and community committees and the 小区 supervision groups, with current seats."""
    from linli.party.selectors import current_seat_q

    seats = Prefetch("seats", Membership.objects.filter(current_seat_q()))
    return policy.visible(
        user,
        VIEW_OWNERS,
        Body.objects.filter(kind__in=GUIDANCE_BODIES).select_related("place").prefetch_related(seats),
    ).order_by("place__code", "kind")


def candidates_visible_to(*, user) -> QuerySet[CandidateReview]:
    return policy.visible(
        user, VIEW_OWNERS, CandidateReview.objects.select_related("body__place", "proposed_by", "reviewed_by")
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

"""Reads of the three lists, projects and self-organisations for a user (scope through core.policy)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Sum

from linli.core import policy
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules
from .models import Need, OrgActivity, Project, Resource, SelfOrganisation


def compounds_for(user, permission: str = rules.VIEW_LISTS):
    scope = policy.scope_for(user, permission)
    if scope.empty:
        return Place.objects.none()
    qs = Place.objects.filter(level=PlaceLevel.COMPOUND).order_by("code")
    return qs if scope.everything else qs.filter(Place.scope_q(scope))


def needs_visible_to(user):
    return policy.visible(user, rules.VIEW_LISTS, Need.objects.select_related("compound"))


def resources_visible_to(user):
    return policy.visible(user, rules.VIEW_LISTS, Resource.objects.select_related("compound"))


def projects_visible_to(user):
    return policy.visible(
        user, rules.VIEW_PROJECT, Project.objects.select_related("compound", "owner", "need")
    )


def project_get_for_user(*, user, pk) -> Project:
    return policy.get_visible_or_404(user, rules.VIEW_PROJECT, projects_visible_to(user), pk=pk)


def orgs_visible_to(user):
    return policy.visible(
        user,
        rules.VIEW_PROJECT,
        SelfOrganisation.objects.select_related("compound").annotate(n_activities=Count("activities")),
    )


def org_get_for_user(*, user, pk) -> SelfOrganisation:
    return policy.get_visible_or_404(user, rules.VIEW_PROJECT, orgs_visible_to(user), pk=pk)


def activities_of(org):
    return OrgActivity.objects.filter(org=org).prefetch_related("participants")


@dataclass(frozen=True)
class Money:
    budget: Decimal
    funded: Decimal  # all sources, crowdfunding included
    crowdfunded: Decimal
    contributors: int
    by_kind: list[tuple[str, Decimal]]

    @property
    def gap(self) -> Decimal:
        """What the budget still lacks (never negative)."""
        return max(self.budget - self.funded, Decimal("0.00"))


def money_of(project: Project) -> Money:
    by_kind = [(f.get_kind_display(), f.amount) for f in project.fundings.all()]
    crowd = project.contributions.aggregate(total=Sum("amount"), n=Count("contributor", distinct=True))
    crowdfunded = crowd["total"] or Decimal("0.00")
    if crowdfunded:
        by_kind.append(("众筹", crowdfunded))
    return Money(
        budget=project.budget,
        funded=sum((a for _, a in by_kind), Decimal("0.00")),
        crowdfunded=crowdfunded,
        contributors=crowd["n"],
        by_kind=by_kind,
    )


def rating_of(project: Project) -> tuple[Decimal | None, int]:
    row = project.evaluations.aggregate(avg=Avg("score"), n=Count("pk"))
    avg = Decimal(str(row["avg"])).quantize(Decimal("0.1")) if row["avg"] is not None else None
    return avg, row["n"]

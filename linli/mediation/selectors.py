"""Reads of mediation cases for a user: row-level scope through core.policy (out of scope = 404)."""

from __future__ import annotations

from linli.core import policy

from . import rules
from .models import MediationCase


def case_visible_to(user):
    return policy.visible(user, rules.VIEW_CASE, MediationCase.objects.select_related("compound", "mediator"))


def case_get_for_user(*, user, pk) -> MediationCase:
    return policy.get_visible_or_404(user, rules.VIEW_CASE, case_visible_to(user), pk=pk)


def compounds_for(user, permission: str = rules.REGISTER_CASE):
    """The 小区 where ``user`` may register cases."""
    from linli.places.choices import PlaceLevel
    from linli.places.models import Place

    scope = policy.scope_for(user, permission)
    if scope.empty:
        return Place.objects.none()
    qs = Place.objects.filter(level=PlaceLevel.COMPOUND)
    return qs if scope.everything else qs.filter(Place.scope_q(scope)).order_by("code")

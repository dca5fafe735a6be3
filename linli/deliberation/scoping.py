"""How a scope reaches a 小区. A resident's scope is their household and a stairwell leader's their
单元, yet the topics and meetings they take part in belong to the 小区 above: a 小区 is reached when it
lies under a scope node, when a scope node lies under it, or when one of its households is in a scoped
grid."""

from __future__ import annotations

from django.db.models import Q

from linli.core.policy import Scope, subtree_q
from linli.places.choices import PlaceLevel
from linli.places.codes import PLACE_CODE_WIDTHS
from linli.places.models import Place, place_codes_touching_grids

COMPOUND_WIDTH = PLACE_CODE_WIDTHS[PlaceLevel.COMPOUND]


def compound_codes_q(field: str, scope: Scope) -> Q:
    """Rows whose 小区 code (``field``) the scope reaches."""
    wide = [c for c in scope.place_codes if len(c) <= COMPOUND_WIDTH]
    exact = {c[:COMPOUND_WIDTH] for c in scope.place_codes if len(c) > COMPOUND_WIDTH}
    if scope.grid_codes:
        exact |= {c for c in place_codes_touching_grids(scope.grid_codes) if len(c) == COMPOUND_WIDTH}
    q = subtree_q(field, wide)
    if exact:
        q |= Q(**{f"{field}__in": sorted(exact)})
    return q


def compounds_in(scope: Scope):
    """The 小区 a scope reaches."""
    qs = Place.objects.filter(level=PlaceLevel.COMPOUND)
    if scope.everything:
        return qs
    return qs.filter(compound_codes_q("code", scope))

"""Who hears of what: the people responsible for a household or a place, found from role assignments
in one query per call."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from linli.accounts.models import RoleAssignment, User
from linli.core.roles import Role

from .rules import GRID_TEAM, STAIRWELL_TEAM

_DESK = {Role.COMMUNITY_WORKER}


def grid_team_for(place_code: str, grid_code: str) -> list[User]:
    """The 微网格员, 网格员 and 网格长 of ``grid_code`` (its 微网格 and 一般网格); without a grid or
    without anyone there, the community desk of ``place_code``."""
    grids = [grid_code[:w] for w in (15, 18) if len(grid_code) >= w]
    q = Q(role__in=GRID_TEAM, grid__code__in=grids) | Q(role__in=_DESK, place__code=place_code[:12])
    rows = RoleAssignment.objects.active().filter(q).select_related("user", "place", "grid")
    team = {a.user.pk: a.user for a in rows if a.role in GRID_TEAM and a.user.is_active}
    if team:
        return list(team.values())
    return list({a.user.pk: a.user for a in rows if a.role in _DESK and a.user.is_active}.values())


def responsible_for_care(homes: Iterable[tuple[str, str]]) -> dict[str, list[User]]:
    """For each (household code, micro-grid code): the stairwell team of its 单元 (or 楼栋) and the
    微网格员 of its grid; the community desk when neither is there. {household code: users}."""
    homes = list(homes)
    units = {h[:20] for h, _ in homes} | {h[:18] for h, _ in homes}
    grids = {g for _, g in homes if g}
    communities = {h[:12] for h, _ in homes}
    q = (
        Q(role__in=STAIRWELL_TEAM, place__code__in=units)
        | Q(role=Role.MICRO_GRID_WORKER, grid__code__in=grids)
        | Q(role__in=_DESK, place__code__in=communities)
    )
    # Keys tell places from grids: a 楼栋 code and a 微网格 code both have 18 digits.
    by_node: dict[tuple[str, str], dict[int, User]] = defaultdict(dict)
    for a in RoleAssignment.objects.active().filter(q).select_related("user", "place", "grid"):
        if not a.user.is_active:
            continue
        if a.role in _DESK:
            by_node[("desk", a.place.code)][a.user.pk] = a.user
        elif a.place_id:
            by_node[("place", a.place.code)][a.user.pk] = a.user
        else:
            by_node[("grid", a.grid.code)][a.user.pk] = a.user
    result: dict[str, list[User]] = {}
    for home, grid in homes:
        users = {**by_node[("place", home[:18])], **by_node[("place", home[:20])]}
        if grid:
            users.update(by_node[("grid", grid)])
        if not users:
            users = dict(by_node[("desk", home[:12])])
        result[home] = sorted(users.values(), key=lambda u: u.pk)
    return result

"""Reads of places and grids that depend on who asks. Every queryset passes through core.policy."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, F, Q

from linli.core import policy

from . import rules
from .choices import GridLevel, GridRelation, PlaceLevel
from .codes import GRID_CODE_WIDTHS, PLACE_CODE_WIDTHS, place_ancestor_codes
from .models import GridNode, GridStat, Place, PlaceStat, place_codes_touching_grids
from .stats import count_places, count_tally, relations_for
from .tallies import tallies


@dataclass
class PlaceCounts:
    compounds: int = 0
    buildings: int = 0
    units: int = 0
    households: int = 0
    grids: int = 0
    ungridded: int = 0
    tallies: dict = field(default_factory=dict)  # {"residents": n or None (None: may not see)}
    counted_at: datetime | None = None  # from the roll-up (None: counted live just now)

    @property
    def residents(self) -> int | None:
        return self.tallies.get("residents")


@dataclass
class GridCounts:
    households: int = 0
    tallies: dict = field(default_factory=dict)
    counted_at: datetime | None = None

    @property
    def residents(self) -> int | None:
        return self.tallies.get("residents")


def place_visible_to(user):
    return policy.visible(user, rules.VIEW_PLACE, Place.objects.all())


def place_get_for_user(*, user, code: str) -> Place:
    return policy.get_visible_or_404(
        user, rules.VIEW_PLACE, Place.objects.select_related("parent", "grid", "compound"), code=code
    )


def place_roots_for_user(user) -> list[Place]:
    """The highest places the user may see: where the place browser starts for them."""
    scope = policy.scope_for(user, rules.VIEW_PLACE)
    if scope.empty:
        return []
    qs = Place.objects.select_related("compound")
    if scope.everything:
        return list(qs.filter(level=PlaceLevel.DISTRICT))
    codes = set(scope.place_codes)
    if scope.grid_codes:
        touched = place_codes_touching_grids(scope.grid_codes)
        codes |= {c for c in touched if len(c) == PLACE_CODE_WIDTHS[PlaceLevel.COMPOUND]}
    return list(qs.filter(code__in=policy.minimal_codes(codes)))


def place_breadcrumbs(*, user, place: Place) -> list[tuple[Place, bool]]:
    """The chain above ``place`` with, for each, whether the user may open it."""
    codes = place_ancestor_codes(place.code)
    if not codes:
        return []
    ancestors = list(Place.objects.filter(code__in=codes).order_by("code"))
    openable = set(place_visible_to(user).filter(code__in=codes).values_list("code", flat=True))
    return [(p, p.code in openable) for p in ancestors]


def place_children_for_user(*, user, place: Place) -> list[Place]:
    return list(place_visible_to(user).filter(parent=place).select_related("compound", "grid"))


def place_counts(*, user, places: list[Place]) -> dict[str, PlaceCounts]:
    """What lies under each place, counting only what the user may see: from the roll-up where the
    user's scope covers the whole place, else live with a few grouped queries per level."""
    result = {p.code: PlaceCounts() for p in places}
    place_scope = policy.scope_for(user, rules.VIEW_PLACE)
    tally_scopes = {t.key: policy.scope_for(user, t.permission) for t in tallies()}
    covered = [p for p in places if place_scope.covers_place(p.code) and p.level < PlaceLevel.HOUSEHOLD]
    stats = {s.place_id: s for s in PlaceStat.objects.filter(place__in=covered)}
    live: dict[int, list[str]] = defaultdict(list)
    live_tally: dict[tuple[str, int], list[str]] = defaultdict(list)
    for p in places:
        stat = stats.get(p.id)
        if stat is None:
            live[len(p.code)].append(p.code)
        else:
            c = result[p.code]
            c.compounds, c.buildings, c.units, c.households = (
                stat.compounds,
                stat.buildings,
                stat.units,
                stat.households,
            )
            c.grids, c.ungridded, c.counted_at = stat.grids, stat.ungridded, stat.refreshed_at
        for t in tallies():
            scope = tally_scopes[t.key]
            if scope.empty:
                result[p.code].tallies[t.key] = None
            elif stat is not None and scope.covers_place(p.code) and t.key in stat.tallies:
                result[p.code].tallies[t.key] = stat.tallies[t.key]
            else:
                result[p.code].tallies[t.key] = 0
                live_tally[(t.key, len(p.code))].append(p.code)
    for width, codes in live.items():
        for code, values in count_places(place_visible_to(user), codes, width).items():
            c = result[code]
            for name, n in values.items():
                setattr(c, name, n)
    by_key = {t.key: t for t in tallies()}
    for (key, width), codes in live_tally.items():
        t = by_key[key]
        rows = policy.visible(user, t.permission, t.rows())
        for code, n in count_tally(rows, t.place_field, codes, width).items():
            result[code].tallies[key] = n
    return result


def grid_visible_to(user):
    return policy.visible(user, rules.VIEW_GRID, GridNode.objects.all())


def grid_get_for_user(*, user, code: str) -> GridNode:
    return policy.get_visible_or_404(
        user, rules.VIEW_GRID, GridNode.objects.select_related("parent", "community"), code=code
    )


def grid_roots_for_user(user) -> list[GridNode]:
    scope = policy.scope_for(user, rules.VIEW_GRID)
    if scope.empty:
        return []
    visible = grid_visible_to(user)
    if scope.everything:
        return list(visible.filter(level=GridLevel.TOTAL).select_related("community"))
    codes = list(visible.values_list("code", flat=True))
    return list(GridNode.objects.filter(code__in=policy.minimal_codes(codes)).select_related("community"))


def grid_breadcrumbs(*, user, grid: GridNode) -> list[tuple[GridNode, bool]]:
    codes = [grid.code[:w] for lv, w in GRID_CODE_WIDTHS.items() if w < len(grid.code)]
    if not codes:
        return []
    ancestors = list(GridNode.objects.filter(code__in=codes).order_by("code"))
    openable = set(grid_visible_to(user).filter(code__in=codes).values_list("code", flat=True))
    return [(g, g.code in openable) for g in ancestors]


def grid_children_for_user(*, user, grid: GridNode) -> list[GridNode]:
    return list(grid_visible_to(user).filter(parent=grid))


def _covers_grid(scope, code: str) -> bool:
    """Does the scope hold every household of this grid? A grid's households all live in its community,
    so a community-or-wider place scope that the grid code starts with holds them."""
    community_width = PLACE_CODE_WIDTHS[PlaceLevel.COMMUNITY]
    return scope.covers_grid(code) or any(
        code.startswith(p) for p in scope.place_codes if len(p) <= community_width
    )


def grid_counts(*, user, grids: list[GridNode]) -> dict[str, GridCounts]:
    """Households and residents in each grid's subtree that the user may see (roll-up where the user's
    household scope covers the grid entirely, else live)."""
    result = {g.code: GridCounts() for g in grids}
    grid_scope = policy.scope_for(user, rules.VIEW_PLACE)
    tally_scopes = {t.key: policy.scope_for(user, t.permission) for t in tallies()}
    stats = {
        s.grid_id: s
        for s in GridStat.objects.filter(grid__in=[g for g in grids if _covers_grid(grid_scope, g.code)])
    }
    live: dict[int, list[str]] = defaultdict(list)
    live_tally: dict[tuple[str, int], list[str]] = defaultdict(list)
    for g in grids:
        stat = stats.get(g.id)
        if stat is None:
            live[len(g.code)].append(g.code)
        else:
            result[g.code].households, result[g.code].counted_at = stat.households, stat.refreshed_at
        for t in tallies():
            scope = tally_scopes[t.key]
            if scope.empty:
                result[g.code].tallies[t.key] = None
            elif stat is not None and _covers_grid(scope, g.code) and t.key in stat.tallies:
                result[g.code].tallies[t.key] = stat.tallies[t.key]
            else:
                result[g.code].tallies[t.key] = 0
                live_tally[(t.key, len(g.code))].append(g.code)
    homes = place_visible_to(user).filter(level=PlaceLevel.HOUSEHOLD)
    for width, codes in live.items():
        for code, n in count_tally(homes, "grid__code", codes, width).items():
            result[code].households = n
    by_key = {t.key: t for t in tallies()}
    for (key, width), codes in live_tally.items():
        t = by_key[key]
        for code, n in count_tally(
            policy.visible(user, t.permission, t.rows()), t.grid_field, codes, width
        ).items():
            result[code].tallies[key] = n
    return result


# --- Grid rules: sizes, coverage, and how 小区 relate to grids -------------------------------------


def micro_grid_size_limits() -> tuple[int, int]:
    return settings.LINLI_MICRO_GRID_MIN_HOUSEHOLDS, settings.LINLI_MICRO_GRID_MAX_HOUSEHOLDS


def micro_grids_out_of_range(*, user) -> list[GridNode]:
    """微网格 the user may see whose household count lies outside the configured 30–100 (annotated .n):
    from the roll-up for counted grids, live for grids created since."""
    low, high = micro_grid_size_limits()
    micro = grid_visible_to(user).filter(level=GridLevel.MICRO).select_related("parent")
    counted = (
        micro.filter(stat__isnull=False)
        .filter(Q(stat__households__lt=low) | Q(stat__households__gt=high))
        .annotate(n=F("stat__households"))
    )
    uncounted = (
        micro.filter(stat__isnull=True).annotate(n=Count("households")).filter(Q(n__lt=low) | Q(n__gt=high))
    )
    return sorted([*counted, *uncounted], key=lambda g: g.code)


def households_without_grid(*, user):
    return place_visible_to(user).filter(level=PlaceLevel.HOUSEHOLD, grid__isnull=True).order_by("code")


def compound_grid_relations(*, user) -> list[tuple[Place, GridRelation, list[str]]]:
    """Each 小区 the user may see, with its relation to the general grids and those grids' names
    (from the roll-up where counted, else live)."""
    compounds = list(
        place_visible_to(user)
        .filter(level=PlaceLevel.COMPOUND)
        .select_related("compound", "stat")
        .order_by("code")
    )
    if not compounds:
        return []
    known = {
        c.code: (GridRelation(c.stat.grid_relation), c.stat.general_grids) for c in compounds if _has_stat(c)
    }
    missing = [c.code for c in compounds if c.code not in known]
    if missing:
        known.update(relations_for(missing))
    all_grids = sorted({g for _, grids in known.values() for g in grids})
    names = dict(GridNode.objects.filter(code__in=all_grids).values_list("code", "name"))
    return [(c, known[c.code][0], [names.get(g, g) for g in known[c.code][1]]) for c in compounds]


def _has_stat(place: Place) -> bool:
    try:
        return bool(place.stat.grid_relation)
    except PlaceStat.DoesNotExist:
        return False


def narrowing_code(request) -> str:
    """The ``?place=<code>`` a list page (linked from a dashboard figure) is narrowed to: a place code, or ""
    for anything else. The list's queryset is already scoped; this only narrows it further."""
    code = request.GET.get("place", "").strip()
    return code if code.isdigit() and len(code) <= 24 else ""


def narrowing_label(code: str, shown: bool) -> str:
    """The name of the narrowing place, when the (scoped) list shows records under it."""
    if not code or not shown:
        return ""
    return Place.objects.filter(code=code).values_list("name", flat=True).first() or ""

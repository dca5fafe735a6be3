"""Roll-up counts of places and grids (PlaceStat, GridStat).

``stats_refresh()`` recounts everything with a few grouped queries per tree level and replaces the
tables in one transaction; imports and the demo call it when they finish, ``linli refresh-stats`` runs
it by hand or from a scheduler. Readers use a roll-up only where the viewer's scope covers the whole
node (else they count live, within scope) and show when it was counted.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone

from .choices import GridLevel, GridRelation, PlaceLevel
from .codes import GRID_CODE_WIDTHS, PLACE_CODE_WIDTHS, place_level_of
from .models import GridNode, GridStat, Place, PlaceStat
from .tallies import tallies

_LEVEL_FIELD = {
    PlaceLevel.COMPOUND: "compounds",
    PlaceLevel.BUILDING: "buildings",
    PlaceLevel.UNIT: "units",
    PlaceLevel.HOUSEHOLD: "households",
}


def grouped_under(qs, field: str, codes: list[str] | None, width: int):
    """``qs`` restricted to the subtrees of ``codes`` (all of width ``width``; None: every node of that
    width) and annotated with ``top``, the ancestor code of that width. One index range plus a set test,
    whatever the number of codes."""
    qs = qs.annotate(top=Substr(field, 1, width))
    if codes is None:
        return qs
    if not codes:
        return qs.none()
    lo, hi = min(codes), max(codes) + "~"
    return qs.filter(**{f"{field}__gte": lo, f"{field}__lt": hi}).filter(top__in=codes)


def count_places(qs, codes: list[str] | None, width: int) -> dict[str, dict[str, int]]:
    """Per ancestor code: compounds/buildings/units/households, micro-grids and ungridded households."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    node_level = place_level_of("0" * width)
    rows = (
        grouped_under(qs.filter(level__gt=node_level, level__gte=PlaceLevel.COMPOUND), "code", codes, width)
        .values("top", "level")
        .annotate(n=Count("id"))
    )
    for row in rows:
        if row["level"] in _LEVEL_FIELD:
            out[row["top"]][_LEVEL_FIELD[row["level"]]] += row["n"]
    homes = (
        grouped_under(qs.filter(level=PlaceLevel.HOUSEHOLD), "code", codes, width)
        .values("top")
        .annotate(grids=Count("grid", distinct=True), ungridded=Count("id", filter=Q(grid__isnull=True)))
    )
    for row in homes:
        out[row["top"]]["grids"] = row["grids"]
        out[row["top"]]["ungridded"] = row["ungridded"]
    return out


def count_tally(qs, field: str, codes: list[str] | None, width: int) -> dict[str, int]:
    rows = grouped_under(qs, field, codes, width).values("top").annotate(n=Count("pk"))
    return {row["top"]: row["n"] for row in rows}


@transaction.atomic
def stats_refresh() -> tuple[int, int]:
    """Recount every place above the households and every grid; returns (places, grids) counted."""
    now = timezone.now()
    place_stats = []
    relations = relations_for(None)
    for level in range(PlaceLevel.DISTRICT, PlaceLevel.HOUSEHOLD):
        width = PLACE_CODE_WIDTHS[level]
        nodes = dict(Place.objects.filter(level=level).values_list("code", "id"))
        counts = count_places(Place.objects.all(), None, width)
        extra = {t.key: count_tally(t.rows(), t.place_field, None, width) for t in tallies()}
        for code, pk in nodes.items():
            c = counts.get(code, {})
            place_stats.append(
                PlaceStat(
                    place_id=pk,
                    compounds=c.get("compounds", 0),
                    buildings=c.get("buildings", 0),
                    units=c.get("units", 0),
                    households=c.get("households", 0),
                    grids=c.get("grids", 0),
                    ungridded=c.get("ungridded", 0),
                    tallies={key: values.get(code, 0) for key, values in extra.items()},
                    grid_relation=relations.get(code, (GridRelation.NONE, []))[0]
                    if level == PlaceLevel.COMPOUND
                    else "",
                    general_grids=relations.get(code, (None, []))[1] if level == PlaceLevel.COMPOUND else [],
                    refreshed_at=now,
                )
            )
    grid_stats = []
    for level in GridLevel:
        width = GRID_CODE_WIDTHS[level]
        nodes = dict(GridNode.objects.filter(level=level).values_list("code", "id"))
        homes = count_tally(
            Place.objects.filter(level=PlaceLevel.HOUSEHOLD, grid__isnull=False), "grid__code", None, width
        )
        extra = {t.key: count_tally(t.rows(), t.grid_field, None, width) for t in tallies()}
        for code, pk in nodes.items():
            grid_stats.append(
                GridStat(
                    grid_id=pk,
                    households=homes.get(code, 0),
                    tallies={key: values.get(code, 0) for key, values in extra.items()},
                    refreshed_at=now,
                )
            )
    PlaceStat.objects.all().delete()
    PlaceStat.objects.bulk_create(place_stats, batch_size=5000)
    GridStat.objects.all().delete()
    GridStat.objects.bulk_create(grid_stats, batch_size=5000)
    return len(place_stats), len(grid_stats)


def classify_compound_grid_relation(
    compound_grids: set[str], grid_compounds: dict[str, set[str]], compound: str
) -> GridRelation:
    """Pure rule. ``compound_grids``: the 一般网格 holding the 小区's households; ``grid_compounds``: for each
    of those grids, the 小区 whose households it holds.

    equal: one grid, holding only this 小区 · larger: several grids, each holding only this 小区 ·
    smaller: one grid shared with other 小区 · crossing: several grids, some shared · none: no grid.
    """
    if not compound_grids:
        return GridRelation.NONE
    shared = any(grid_compounds.get(g, set()) - {compound} for g in compound_grids)
    if len(compound_grids) == 1:
        return GridRelation.SMALLER if shared else GridRelation.EQUAL
    return GridRelation.CROSSING if shared else GridRelation.LARGER


def relations_for(compound_codes: list[str] | None) -> dict[str, tuple[GridRelation, list[str]]]:
    """How each 小区 (all when None) relates to its general grids, over all its households."""
    cw = PLACE_CODE_WIDTHS[PlaceLevel.COMPOUND]
    gw = GRID_CODE_WIDTHS[GridLevel.GENERAL]
    homes = Place.objects.filter(level=PlaceLevel.HOUSEHOLD, grid__isnull=False)
    pairs = (
        grouped_under(homes, "code", compound_codes, cw)
        .annotate(general_code=Substr("grid__code", 1, gw))
        .values_list("top", "general_code")
        .distinct()
    )
    compound_grids: dict[str, set[str]] = defaultdict(set)
    for compound, general in pairs:
        compound_grids[compound].add(general)
    grid_compounds: dict[str, set[str]] = defaultdict(set)
    if compound_codes is None:
        for compound, generals in compound_grids.items():
            for general in generals:
                grid_compounds[general].add(compound)
    else:
        all_grids = sorted({g for gs in compound_grids.values() for g in gs})
        other = (
            homes.filter(grid__parent__code__in=all_grids)
            .annotate(compound_code=Substr("code", 1, cw), general_code=Substr("grid__code", 1, gw))
            .values_list("compound_code", "general_code")
            .distinct()
        )
        for compound, general in other:
            grid_compounds[general].add(compound)
    codes = compound_codes if compound_codes is not None else list(compound_grids)
    return {
        code: (
            classify_compound_grid_relation(compound_grids.get(code, set()), grid_compounds, code),
            sorted(compound_grids.get(code, set())),
        )
        for code in codes
    }

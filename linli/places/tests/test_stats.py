"""The roll-up counts are the same numbers a live count gives, and are used only where they fit."""

import pytest
from django.core.management import call_command

from linli.core.roles import Role
from linli.places.choices import GridRelation
from linli.places.models import PlaceStat
from linli.places.selectors import (
    compound_grid_relations,
    grid_counts,
    micro_grids_out_of_range,
    place_counts,
)
from linli.places.stats import stats_refresh
from linli.places.tests.factories import user_with_role


def _plain(counts):
    return {
        code: (c.compounds, c.buildings, c.units, c.households, c.grids, c.ungridded, c.residents)
        for code, c in counts.items()
    }


@pytest.fixture
def admin(world):
    return user_with_role(Role.DISTRICT_ADMIN, place=world.district)


def test_rollup_gives_the_same_counts_as_counting_live(world, admin):
    places = [world.district, world.street, world.community_a, world.community_b, world.compound_a2]
    live = _plain(place_counts(user=admin, places=places))
    stats_refresh()
    rolled = place_counts(user=admin, places=places)
    assert _plain(rolled) == live
    assert all(c.counted_at is not None for c in rolled.values())
    assert live[world.district.code] == (3, 3, 3, 9, 3, 1, 18)
    assert live[world.compound_a2.code] == (0, 1, 1, 3, 1, 1, 6)


def test_grid_rollup_matches_live_counts(world, admin):
    grids = [world.grid_total_a, world.grid_a2, world.micro_b1]
    live = {g: (c.households, c.residents) for g, c in grid_counts(user=admin, grids=grids).items()}
    stats_refresh()
    rolled = {g: (c.households, c.residents) for g, c in grid_counts(user=admin, grids=grids).items()}
    assert (
        rolled
        == live
        == {world.grid_total_a.code: (5, 10), world.grid_a2.code: (2, 4), world.micro_b1.code: (3, 6)}
    )


def test_partial_scope_counts_live_within_scope_even_when_rollup_exists(world):
    stats_refresh()
    micro_worker = user_with_role(Role.MICRO_GRID_WORKER, grid=world.micro_a2)
    counts = place_counts(user=micro_worker, places=[world.compound_a2])[world.compound_a2.code]
    assert counts.households == 2  # the third household of 春晖雅苑 is in no grid: not theirs
    assert counts.residents == 4
    assert counts.counted_at is None


def test_grid_relations_and_sizes_read_from_rollup_match_live(world, admin):
    live = [(p.code, r, g) for p, r, g in compound_grid_relations(user=admin)]
    sizes_live = [(g.code, g.n) for g in micro_grids_out_of_range(user=admin)]
    stats_refresh()
    assert PlaceStat.objects.get(place=world.compound_a1).grid_relation == GridRelation.EQUAL
    assert [(p.code, r, g) for p, r, g in compound_grid_relations(user=admin)] == live
    assert [(g.code, g.n) for g in micro_grids_out_of_range(user=admin)] == sizes_live
    assert len(sizes_live) == 3  # the test world's micro-grids hold 2–3 households each


def test_refresh_stats_command_reports_what_it_counted(world):
    from io import StringIO

    out = StringIO()
    call_command("refresh-stats", stdout=out)
    assert "已统计 13 个地点、8 个网格" in out.getvalue()

"""每月最小单元全覆盖走访: coverage per 楼道 and per 微网格 on a hand-built month, and the to-do list."""

from datetime import date

import pytest

from linli.core.frozen_time import frozen_at
from linli.visits.choices import Outcome
from linli.visits.selectors import (
    coverage_by_grid,
    coverage_by_unit,
    coverage_total,
    households_with_status,
    month_bounds,
    todo,
    todo_count,
)
from linli.visits.services import visit_record

from .factories import SHANGHAI, Team, at

pytestmark = pytest.mark.django_db

MAY = date(2026, 5, 1)


@pytest.fixture
def team(world):
    return Team(world)


def visit(team, home, moment, outcome=Outcome.MET, actor=None):
    with frozen_at(moment):
        return visit_record(actor=actor or team.micro, household=home, kind="monthly", outcome=outcome)


@pytest.fixture
def may(team):
    """春晖 in May 2026: 1单元 has 3 households, 2单元 2 (all in 春晖1-1微网格); 春晖雅苑 has 3 (2 in
    春晖2-1, 1 outside any grid)."""
    a1 = team.homes1
    visit(team, a1[0], at(2026, 5, 3, 10))  # met
    visit(team, a1[0], at(2026, 5, 20, 10))  # met again: still one household
    visit(team, a1[1], at(2026, 5, 4, 10), Outcome.NOBODY_HOME)  # nobody home: not reached
    visit(team, a1[2], at(2026, 4, 30, 23, 59))  # April, a minute before May (Shanghai time)
    visit(team, team.homes2[0], at(2026, 5, 1, 0, 1), Outcome.REFUSED)  # refused at the door: reached
    a2 = team.world.households[team.world.compound_a2.code]
    visit(team, a2[0], at(2026, 5, 6, 9), actor=team.desk)
    visit(team, a2[2], at(2026, 5, 7, 9), actor=team.desk)  # the household outside any grid


def test_month_bounds_are_local_midnights():
    start, end = month_bounds(date(2026, 12, 1))
    assert (start.tzinfo, start.isoformat(), end.isoformat()) == (
        SHANGHAI,
        "2026-12-01T00:00:00+08:00",
        "2027-01-01T00:00:00+08:00",
    )


def test_coverage_per_stairwell_counts_households_reached_this_month(team, may):
    rows = {r.code: r for r in coverage_by_unit(user=team.desk, month=MAY)}
    unit1, unit2 = rows[team.unit1.code], rows[team.unit2.code]
    assert (unit1.total, unit1.visited, unit1.missing) == (3, 1, 2)
    assert unit1.share == pytest.approx(1 / 3)
    assert unit1.name == "春晖花园1栋1单元"
    assert (unit2.total, unit2.visited, unit2.share) == (2, 1, 0.5)
    yaxuan = rows[team.world.unit_of(team.world.compound_a2).code]
    assert (yaxuan.total, yaxuan.visited) == (3, 2)
    assert len(rows) == 3  # 秋实社区 is not the desk's


def test_coverage_per_micro_grid_and_the_ungridded_row(team, may):
    rows = {r.name: r for r in coverage_by_grid(user=team.desk, month=MAY)}
    assert (rows["春晖1-1微网格"].total, rows["春晖1-1微网格"].visited) == (5, 2)
    assert (rows["春晖2-1微网格"].total, rows["春晖2-1微网格"].visited) == (2, 1)
    assert (rows["未划网格"].total, rows["未划网格"].visited) == (1, 1)
    total = coverage_total(user=team.desk, month=MAY)
    assert (total.total, total.visited) == (8, 4)


def test_april_counts_its_own_visits(team, may):
    april = {r.code: r for r in coverage_by_unit(user=team.desk, month=date(2026, 4, 1))}
    assert (april[team.unit1.code].visited, april[team.unit2.code].visited) == (1, 0)


def test_coverage_narrowed_to_a_place_or_grid(team, may):
    rows = coverage_by_unit(user=team.desk, month=MAY, place_code=team.unit2.code)
    assert [(r.code, r.total, r.visited) for r in rows] == [(team.unit2.code, 2, 1)]
    rows = coverage_by_unit(user=team.desk, month=MAY, grid_code=team.world.micro_a1.code)
    assert [r.code for r in rows] == [team.unit1.code, team.unit2.code]


def test_stairwell_team_sees_only_its_own_stairwell(team, may):
    rows = coverage_by_unit(user=team.informant, month=MAY)
    assert [(r.code, r.total, r.visited) for r in rows] == [(team.unit1.code, 3, 1)]
    assert coverage_by_unit(user=team.resident, month=MAY) == []


def test_to_do_list_is_the_households_not_reached_this_month(team, may):
    with frozen_at(at(2026, 5, 21, 9)):
        mine = list(todo(user=team.leader, month=MAY))
        assert [h.code for h in mine] == [team.homes1[1].code, team.homes1[2].code]
        assert mine[0].last_outcome == Outcome.NOBODY_HOME  # tried, nobody home: still to do
        assert mine[1].last_visit == at(2026, 4, 30, 23, 59)
        assert todo_count(user=team.leader, month=MAY) == 2
        next_door = [h.code for h in todo(user=team.informant2, month=MAY)]
        assert next_door == [team.homes2[1].code]
        grid = [h.code for h in todo(user=team.micro, month=MAY)]
        assert grid == [team.homes1[1].code, team.homes1[2].code, team.homes2[1].code]


def test_recording_a_visit_takes_the_household_off_the_list(team, may):
    visit(team, team.homes1[1], at(2026, 5, 21, 10), actor=team.leader)
    assert [h.code for h in todo(user=team.leader, month=MAY)] == [team.homes1[2].code]
    assert coverage_total(user=team.leader, month=MAY).visited == 2


def test_drill_down_marks_each_household(team, may):
    homes = list(households_with_status(user=team.desk, month=MAY, place_code=team.unit1.code))
    assert [(h.code, h.reached) for h in homes] == [
        (team.homes1[0].code, True),
        (team.homes1[1].code, False),
        (team.homes1[2].code, False),
    ]
    assert homes[0].last_visit == at(2026, 5, 20, 10)
    assert homes[0].display_name == "春晖花园1栋1单元101室"


def test_coverage_is_one_grouped_query_per_level(team, may, django_assert_num_queries):
    team.desk.active_assignments()  # the user's roles are read once per request
    with django_assert_num_queries(2):  # the grouped counts, then the 单元 names
        coverage_by_unit(user=team.desk, month=MAY)
    with django_assert_num_queries(1):
        coverage_by_grid(user=team.desk, month=MAY)

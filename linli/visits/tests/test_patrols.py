"""网格一日三巡: check-ins per grid worker per working day, and compliance per grid."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from linli.core.exceptions import DomainError
from linli.core.frozen_time import frozen_at
from linli.visits.compliance import compliance, working_days
from linli.visits.models import Patrol
from linli.visits.selectors import patrol_compliance, patrol_grids_for, patrols_today
from linli.visits.services import patrol_check_in
from linli.workdays.selectors import get_calendar

from .factories import Team, at

D = date


@pytest.mark.parametrize(
    ("counts", "served", "per_day", "expected"),
    [
        ({}, {"w": []}, 3, (0, 0, 0, None)),
        ({("w", D(2026, 5, 11)): 3}, {"w": [D(2026, 5, 11)]}, 3, (1, 1, 3, 1.0)),
        ({("w", D(2026, 5, 11)): 2}, {"w": [D(2026, 5, 11)]}, 3, (1, 0, 2, 0.0)),
        ({("w", D(2026, 5, 11)): 5}, {"w": [D(2026, 5, 11), D(2026, 5, 12)]}, 3, (2, 1, 5, 0.5)),
        # A Saturday patrol does not make up for a missed Tuesday: only owed days are counted.
        ({("w", D(2026, 5, 16)): 3}, {"w": [D(2026, 5, 12)]}, 3, (1, 0, 0, 0.0)),
        (
            {("a", D(2026, 5, 11)): 3, ("b", D(2026, 5, 11)): 1},
            {"a": [D(2026, 5, 11)], "b": [D(2026, 5, 11)]},
            3,
            (2, 1, 4, 0.5),
        ),
        ({("w", D(2026, 5, 11)): 2}, {"w": [D(2026, 5, 11)]}, 2, (1, 1, 2, 1.0)),
    ],
)
def test_compliance_arithmetic(counts, served, per_day, expected):
    result = compliance(counts=counts, served=served, per_day=per_day)
    assert (result.owed_days, result.compliant_days, result.check_ins, result.share) == expected


def test_working_days_follow_the_official_calendar_with_tiaoxiu():
    days = working_days(D(2026, 9, 26), D(2026, 10, 11), lambda d: d.weekday() < 5)
    assert len(days) == 10  # a plain Monday–Friday week
    from chinese_calendar import is_workday

    days = working_days(D(2026, 9, 28), D(2026, 10, 11), is_workday)
    assert days == [
        D(2026, 9, 28),
        D(2026, 9, 29),
        D(2026, 9, 30),
        D(2026, 10, 8),
        D(2026, 10, 9),
        D(2026, 10, 10),
    ]


@pytest.fixture
def team(world):
    return Team(world)


def check_in(team, worker, grid, moment):
    with frozen_at(moment):
        return patrol_check_in(actor=worker, grid=grid, notes="巡查正常")


@pytest.mark.django_db
def test_check_in_counts_today(team):
    micro = team.world.micro_a1
    check_in(team, team.micro, micro, at(2026, 5, 12, 8))
    check_in(team, team.micro, micro, at(2026, 5, 12, 12))
    with frozen_at(at(2026, 5, 12, 18)):
        assert patrols_today(user=team.micro).count() == 2
    with frozen_at(at(2026, 5, 13, 8)):
        assert patrols_today(user=team.micro).count() == 0
    assert patrol_grids_for(team.micro) == [micro]
    assert patrol_grids_for(team.grid_worker) == [team.world.grid_a1]


@pytest.mark.django_db
def test_two_check_ins_within_the_gap_are_one_patrol(team):
    check_in(team, team.micro, team.world.micro_a1, at(2026, 5, 12, 8))
    with pytest.raises(DomainError, match="距上次签到不足 30 分钟"):
        check_in(team, team.micro, team.world.micro_a1, at(2026, 5, 12, 8, 20))
    assert Patrol.objects.count() == 1


@pytest.mark.django_db
def test_check_in_only_on_my_own_grid(team):
    with pytest.raises(PermissionDenied):
        check_in(team, team.micro, team.world.micro_a2, at(2026, 5, 12, 8))
    with pytest.raises(PermissionDenied):
        check_in(team, team.desk, team.world.micro_a1, at(2026, 5, 12, 8))
    with pytest.raises(DomainError, match="请选择一般网格或微网格"):
        check_in(team, team.grid_worker, team.world.grid_total_a, at(2026, 5, 12, 8))
    # A 网格员 may patrol the 微网格 of their grid.
    check_in(team, team.grid_worker, team.world.micro_a1, at(2026, 5, 12, 8))
    assert Patrol.objects.count() == 1


@pytest.fixture
def golden_week(team):
    """28 Sep – 11 Oct 2026: six working days (10-01…07 are off, Saturday 10-10 is worked: 调休)."""
    micro = team.world.micro_a1
    for day in [(9, 28), (9, 29), (10, 3), (10, 8), (10, 9)]:
        for hour in (8, 12, 17):
            check_in(team, team.micro, micro, at(2026, *day, hour))
    for hour in (8, 12):
        check_in(team, team.micro, micro, at(2026, 9, 30, hour))  # only two
    for hour in (8, 12, 17):
        check_in(team, team.grid_worker, micro, at(2026, 9, 28, hour))  # on a 微网格 of his grid


@pytest.mark.django_db
def test_compliance_per_grid_counts_working_days_only(team, golden_week):
    rows = {
        r.grid.code: r
        for r in patrol_compliance(
            user=team.desk, start=D(2026, 9, 28), end=D(2026, 10, 11), calendar=get_calendar()
        )
    }
    micro = rows[team.world.micro_a1.code].result
    assert (micro.owed_days, micro.compliant_days, micro.missed_days) == (6, 4, 2)
    assert micro.check_ins == 14  # the holiday's three are not owed, so not counted
    grid = rows[team.world.grid_a1.code]
    assert [(w.worker, w.result.compliant_days, w.result.owed_days) for w in grid.workers] == [
        (team.grid_worker, 1, 6)
    ]


@pytest.mark.django_db
def test_compliance_counts_from_the_day_a_worker_started(team, golden_week):
    from linli.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=team.micro).update(valid_from=D(2026, 10, 8))
    rows = patrol_compliance(
        user=team.desk, start=D(2026, 9, 28), end=D(2026, 10, 11), calendar=get_calendar()
    )
    micro = next(r for r in rows if r.grid == team.world.micro_a1).result
    assert (micro.owed_days, micro.compliant_days) == (3, 2)


@pytest.mark.django_db
def test_compliance_is_seen_within_scope(team, golden_week):
    def grids(user):
        rows = patrol_compliance(
            user=user, start=D(2026, 9, 28), end=D(2026, 10, 11), calendar=get_calendar()
        )
        return {r.grid.name for r in rows}

    assert grids(team.desk) == {"春晖第一网格", "春晖1-1微网格"}
    assert grids(team.micro) == {"春晖1-1微网格"}
    assert grids(team.outsider) == set()
    assert grids(team.informant) == set()

"""Who sees and runs which poll: the rule (may) and the selector (visible) agree for every role, in and
out of scope; a grid- or building-wide poll has the roll of that grid or building only."""

import pytest

from linli.core import policy
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.votes import rules, selectors, services
from linli.votes.models import Poll

from .factories import opinion_poll, resident, staff

pytestmark = pytest.mark.django_db

CASES = [
    # role, where (attribute of world), sees the poll of 春晖花园, may run it
    (Role.COMMUNITY_WORKER, "community_a", True, True),
    (Role.COMMUNITY_WORKER, "community_b", False, False),
    (Role.STREET_OFFICIAL, "street", True, True),
    (Role.BRANCH_SECRETARY, "compound_a1", True, True),
    (Role.BRANCH_SECRETARY, "compound_a2", False, False),
    (Role.OWNERS_COMMITTEE, "compound_a1", True, True),
    (Role.PROPERTY_STAFF, "compound_a1", True, False),
    (Role.GRID_WORKER, "grid_a1", True, False),
    (Role.VOLUNTEER, "compound_a1", False, False),
]


@pytest.mark.parametrize(("role", "where", "sees", "runs"), CASES)
def test_rule_and_selector_agree_for_each_role_and_scope(world, role, where, sees, runs):
    poll = opinion_poll(world, staff(world))
    node = getattr(world, where)
    kwargs = {"grid": node} if where.startswith("grid") else {"place": node}
    user = user_with_role(role, **kwargs)
    assert policy.may(user, rules.VIEW_POLL, poll) is sees
    assert selectors.polls_visible_to(user=user).filter(pk=poll.pk).exists() is sees
    assert policy.may(user, rules.MANAGE_POLL, poll) is runs


def test_resident_sees_only_polls_whose_roll_they_are_on(world):
    desk = staff(world)
    mine = opinion_poll(world, desk)
    other = opinion_poll(world, desk, place=world.compound_a2)
    draft = opinion_poll(world, desk, open_=False)
    user = resident(world.households[world.compound_a1.code][0])
    assert list(selectors.polls_visible_to(user=user)) == [mine]
    assert not policy.may(user, rules.VIEW_POLL, other) and not policy.may(user, rules.VIEW_POLL, draft)


def test_grid_poll_rolls_only_the_households_of_that_grid(world):
    desk = staff(world)
    poll = services.poll_create(
        actor=desk, place=world.community_a, grid=world.micro_a2, title="微网格议事", options=["好", "不好"]
    )
    services.poll_open(actor=desk, poll=poll)
    gridded = [h.pk for h in world.households[world.compound_a2.code][:2]]  # the third is not in a grid
    assert sorted(poll.electors.values_list("household", flat=True)) == sorted(gridded)


def test_building_poll_and_list_page_stay_within_a_few_queries(world, client, django_assert_max_num_queries):
    desk = staff(world)
    building = world.unit_of(world.compound_a1).parent
    for i in range(5):
        opinion_poll(world, desk, place=building, title=f"楼栋事项{i}")
    assert Poll.objects.get(title="楼栋事项0").electors.count() == 3
    client.force_login(desk)
    with django_assert_max_num_queries(20):
        assert client.get("/votes/").status_code == 200

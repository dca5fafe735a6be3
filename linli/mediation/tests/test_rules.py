"""Role × in scope / out of scope: the rule (policy.may on the case) and the selector (the list) agree, and
the list pages make a fixed number of queries however many cases there are."""

import pytest

from linli.core import policy
from linli.core.roles import Role
from linli.mediation import rules, selectors
from linli.places.tests.factories import user_with_role

from .factories import Team, register

pytestmark = pytest.mark.django_db

# (role, where: attribute of the world, sees a 春晖花园 case, may mediate it)
MATRIX = [
    (Role.MEDIATOR, "community_a", True, True),
    (Role.MEDIATOR, "community_b", False, False),
    (Role.COMMUNITY_SECRETARY, "community_a", True, False),
    (Role.COMMUNITY_SECRETARY, "community_b", False, False),
    (Role.BRANCH_SECRETARY, "compound_a1", True, False),
    (Role.BRANCH_SECRETARY, "compound_a2", False, False),
    (Role.STREET_OFFICIAL, "street", True, False),
    (Role.RESIDENT, "compound_a1", False, False),
    (Role.PROPERTY_STAFF, "compound_a1", False, False),
]


@pytest.mark.parametrize(("role", "where", "sees", "mediates"), MATRIX)
def test_rule_and_selector_agree(world, role, where, sees, mediates):
    case = register(Team(world))
    user = user_with_role(role, place=getattr(world, where))
    assert policy.may(user, rules.VIEW_CASE, case) is sees
    assert selectors.case_visible_to(user).filter(pk=case.pk).exists() is sees
    assert policy.may(user, rules.MEDIATE_CASE, case) is mediates


def test_case_list_query_count_does_not_grow_with_cases(client, world, django_assert_max_num_queries):
    team = Team(world)
    client.force_login(team.mediator)
    register(team)
    with django_assert_max_num_queries(20) as few:
        client.get("/mediation/")
    for _ in range(5):
        register(team)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/mediation/").status_code == 200

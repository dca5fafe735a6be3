"""Role × in scope / out of scope: the rules and the selectors agree for lists, projects and management."""

import pytest

from linli.core import policy
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.projects import rules, selectors, services

pytestmark = pytest.mark.django_db

# (role, node, sees the 春晖花园 needs, sees its project, may manage it)
MATRIX = [
    (Role.BRANCH_SECRETARY, "compound_a1", True, True, True),
    (Role.BRANCH_SECRETARY, "compound_a2", False, False, False),
    (Role.OWNERS_COMMITTEE, "compound_a1", True, True, False),
    (Role.COMMUNITY_WORKER, "community_a", True, True, True),
    (Role.COMMUNITY_WORKER, "community_b", False, False, False),
    (Role.STREET_OFFICIAL, "street", True, True, True),
    (Role.RESIDENT, "home_a1", False, True, False),
    (Role.RESIDENT, "home_a2", False, False, False),
    (Role.MEDIATOR, "community_a", False, False, False),
]


@pytest.mark.parametrize(("role", "node", "sees_lists", "sees_project", "manages"), MATRIX)
def test_rules_and_selectors_agree(world, role, node, sees_lists, sees_project, manages):
    branch = user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1)
    need = services.need_add(
        actor=branch, compound=world.compound_a1, title="扶手", category="elderly", source="visit"
    )
    project = services.project_create(
        actor=branch, compound=world.compound_a1, need=need, title="扶手改造", kind="practical", budget="100"
    )
    places = {
        "home_a1": world.households[world.compound_a1.code][0],
        "home_a2": world.households[world.compound_a2.code][0],
    }
    user = user_with_role(role, place=places.get(node) or getattr(world, node))
    assert policy.may(user, rules.VIEW_LISTS, need) is sees_lists
    assert selectors.needs_visible_to(user).filter(pk=need.pk).exists() is sees_lists
    assert policy.may(user, rules.VIEW_PROJECT, project) is sees_project
    assert selectors.projects_visible_to(user).filter(pk=project.pk).exists() is sees_project
    assert policy.may(user, rules.MANAGE, project) is manages

"""Role × scope for reviewing and organising topics: the rule (policy.may) and the selector agree."""

import pytest

from linli.core import policy
from linli.core.roles import Role
from linli.deliberation import rules, selectors
from linli.places.tests.factories import user_with_role

from .factories import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "where", "may_review", "sees_submitted"),
    [
        (Role.BRANCH_SECRETARY, "compound_a1", True, True),
        (Role.BRANCH_MEMBER, "compound_a1", True, True),
        (Role.BRANCH_SECRETARY, "compound_a2", False, False),
        (Role.COMMUNITY_WORKER, "community_a", True, True),
        (Role.COMMUNITY_SECRETARY, "community_b", False, False),
        (Role.STREET_OFFICIAL, "street", True, True),
        (Role.OWNERS_COMMITTEE, "compound_a1", False, True),
        (Role.PROPERTY_STAFF, "compound_a1", False, True),
        (Role.RESIDENT, "household_a1", False, False),
        (Role.GRID_WORKER, "grid_a1", False, True),
        (Role.GRID_WORKER, "grid_a2", False, False),
    ],
)
def test_review_rule_and_topic_visibility_agree_by_role_and_scope(
    world, role, where, may_review, sees_submitted
):
    cast = Cast(world)
    topic = cast.propose()
    if where == "household_a1":
        user = user_with_role(role, place=world.households[world.compound_a1.code][2])
    elif where.startswith("grid"):
        user = user_with_role(role, grid=getattr(world, where))
    else:
        user = user_with_role(role, place=getattr(world, where))
    assert policy.may(user, rules.REVIEW_TOPIC, topic) is may_review
    assert selectors.topics_visible_to(user=user).filter(pk=topic.pk).exists() is sees_submitted
    # Everyone who can review can see the topic under review.
    assert not may_review or sees_submitted

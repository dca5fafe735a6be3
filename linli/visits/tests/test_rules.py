"""Role × in scope / out of scope: the rule (may) and the selector (visible) always agree, and the
matrix says who reaches a household, visit and hazard of 春晖花园1栋1单元."""

import pytest

from linli.core import policy
from linli.visits import rules
from linli.visits.models import Hazard, Visit
from linli.visits.services import hazard_report, visit_record

from .factories import Team

pytestmark = pytest.mark.django_db

PEOPLE = [
    "leader",
    "informant",
    "caretaker",
    "informant2",
    "micro",
    "grid_worker",
    "grid_leader",
    "branch",
    "property",
    "desk",
    "secretary",
    "street",
    "outsider",
    "resident",
]

# Who reaches a household/visit/hazard in 1单元 (in scope), per permission.
EXPECTED = {
    rules.RECORD_VISIT: {
        "leader",
        "informant",
        "caretaker",
        "micro",
        "grid_worker",
        "grid_leader",
        "branch",
        "desk",
        "secretary",
    },
    rules.VIEW_VISIT: {
        "leader",
        "informant",
        "caretaker",
        "micro",
        "grid_worker",
        "grid_leader",
        "branch",
        "desk",
        "secretary",
        "street",
    },
    rules.VIEW_HAZARD: {
        "leader",
        "informant",
        "caretaker",
        "micro",
        "grid_worker",
        "grid_leader",
        "branch",
        "property",
        "desk",
        "secretary",
        "street",
    },
    rules.HANDLE_HAZARD: {
        "micro",
        "grid_worker",
        "grid_leader",
        "branch",
        "property",
        "desk",
        "secretary",
        "street",
    },
    rules.CLOSE_HAZARD: {"micro", "grid_worker", "grid_leader", "branch", "desk", "secretary", "street"},
}


@pytest.fixture
def objects(world):
    team = Team(world)
    home = team.homes1[0]
    visit = visit_record(actor=team.leader, household=home, kind="monthly", outcome="met")
    hazard = hazard_report(
        actor=team.leader, place=team.unit1, category="other", description="楼道扶手松动了"
    )
    return team, {"household": home, "visit": visit, "hazard": hazard}


@pytest.mark.parametrize("permission", sorted(EXPECTED))
def test_rule_and_selector_agree_and_match_the_matrix(objects, permission):
    team, objs = objects
    for name in PEOPLE:
        user = getattr(team, name)
        for label, obj in objs.items():
            if permission.endswith("hazard") != (label == "hazard"):
                continue
            allowed = policy.may(user, permission, obj)
            listed = policy.visible(user, permission, type(obj).objects.all()).filter(pk=obj.pk).exists()
            assert allowed == listed, (name, label)
            assert allowed == (name in EXPECTED[permission]), (name, label, permission)


def test_the_next_stairwell_is_another_world(objects):
    team, objs = objects
    visit = visit_record(actor=team.informant2, household=team.homes2[0], kind="monthly", outcome="met")
    assert list(policy.visible(team.informant, rules.VIEW_VISIT, Visit.objects.all())) == [objs["visit"]]
    assert list(policy.visible(team.informant2, rules.VIEW_VISIT, Visit.objects.all())) == [visit]
    assert set(policy.visible(team.micro, rules.VIEW_VISIT, Visit.objects.all())) == {objs["visit"], visit}
    assert not policy.visible(team.informant2, rules.VIEW_HAZARD, Hazard.objects.all()).exists()

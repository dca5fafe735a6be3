"""Recording visits, and a need found on a visit becoming an appeal in one step."""

import pytest
from django.core.exceptions import PermissionDenied

from linli.appeals.choices import Channel, Status
from linli.appeals.models import Appeal, AppealEvent, Category
from linli.appeals.taxonomy import load_default_taxonomy
from linli.core.exceptions import DomainError
from linli.visits.choices import ContactReason, Outcome, VisitKind
from linli.visits.models import Visit
from linli.visits.services import visit_record, visit_record_with_appeal

from .factories import Team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    return Team(world)


def test_stairwell_leader_records_a_visit_stamped_with_household_and_grid(team):
    home = team.homes1[1]
    visit = visit_record(
        actor=team.leader, household=home, kind=VisitKind.MONTHLY, outcome=Outcome.MET, notes="身体不错"
    )
    assert visit.place_code == home.code
    assert visit.grid_code == team.world.micro_a1.code
    assert visit.visitor_role == "stairwell_leader"
    assert visit.appeal is None


def test_four_contacts_visit_needs_its_reason(team):
    with pytest.raises(DomainError, match="四必联请选择事由"):
        visit_record(actor=team.leader, household=team.homes1[0], kind=VisitKind.FOUR_CONTACTS, outcome="met")
    assert not Visit.objects.exists()
    visit = visit_record(
        actor=team.leader,
        household=team.homes1[0],
        kind=VisitKind.FOUR_CONTACTS,
        reason=ContactReason.DISPUTE,
        outcome=Outcome.MET,
    )
    assert visit.get_reason_display() == "邻里纠纷"


def test_a_reason_given_with_another_kind_is_dropped(team):
    visit = visit_record(
        actor=team.leader,
        household=team.homes1[0],
        kind=VisitKind.DOOR_KNOCK,
        reason="epidemic",
        outcome="met",
    )
    assert visit.reason == ""


def test_person_met_must_live_in_the_household(team):
    stranger = team.homes2[0].members.first()
    with pytest.raises(DomainError, match="所选居民不住在这一户"):
        visit_record(
            actor=team.leader, household=team.homes1[0], kind="monthly", outcome="met", person=stranger
        )


def test_only_households_are_visited(team):
    with pytest.raises(DomainError, match="请选择要走访的住户"):
        visit_record(actor=team.leader, household=team.unit1, kind="monthly", outcome="met")


def test_informant_cannot_record_a_visit_in_the_next_stairwell(team):
    with pytest.raises(PermissionDenied):
        visit_record(actor=team.informant, household=team.homes2[0], kind="monthly", outcome="met")
    assert not Visit.objects.exists()


def test_property_staff_do_not_record_visits(team):
    with pytest.raises(PermissionDenied):
        visit_record(actor=team.property, household=team.homes1[0], kind="monthly", outcome="met")


def test_a_need_found_becomes_an_appeal_in_one_step(team):
    load_default_taxonomy(Category)
    home = team.homes1[0]
    person = home.members.first()
    visit = visit_record_with_appeal(
        actor=team.leader,
        household=home,
        kind=VisitKind.MONTHLY,
        outcome=Outcome.MET,
        person=person,
        needs_found="楼道灯坏了一个多星期，老人晚上下楼看不见，请尽快修好。",
    )
    visit.refresh_from_db()
    appeal = visit.appeal
    assert appeal is not None
    assert appeal.channel == Channel.VISIT
    assert appeal.status == Status.RECEIVED  # recorded by a worker: received at once
    assert appeal.place == home
    assert appeal.text.startswith("楼道灯坏了")
    assert appeal.reporter_name == person.name
    assert appeal.on_behalf_by == team.leader
    submitted = AppealEvent.objects.get(appeal=appeal, kind="submitted")
    assert submitted.data["visit"] == visit.pk
    assert "月度走访" in submitted.note
    assert list(appeal.visits.all()) == [visit]


def test_visit_and_appeal_are_both_written_or_neither(team):
    with pytest.raises(DomainError) as caught:
        visit_record_with_appeal(
            actor=team.leader, household=team.homes1[0], kind="monthly", outcome="met", needs_found="灯坏"
        )
    assert caught.value.field == "needs_found"
    assert not Visit.objects.exists()
    assert not Appeal.objects.exists()


def test_turning_into_an_appeal_needs_the_need_written(team):
    with pytest.raises(DomainError, match="请写明发现的需求"):
        visit_record_with_appeal(
            actor=team.leader, household=team.homes1[0], kind="monthly", outcome="met", needs_found="  "
        )
    assert not Visit.objects.exists()

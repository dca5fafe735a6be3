"""Polls through their services: the roll, one vote per elector, secret ballots, hidden results, paper
ballots and 业主大会 votes on the test world."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.votes import selectors, services
from linli.votes.choices import Channel, ChoiceMode, EventKind, Matter, Outcome, PollStatus, VoterUnit
from linli.votes.models import Ballot, Elector, Participation, Poll, PollEvent

from .factories import assembly_poll, opinion_poll, resident, staff

pytestmark = pytest.mark.django_db


def homes(world):
    return world.households[world.compound_a1.code]


def first(poll, label=None):
    options = list(poll.options.all())
    return [next(o.pk for o in options if o.label == label) if label else options[0].pk]


def test_household_poll_roll_has_each_inhabited_household_once(world):
    poll = opinion_poll(world, staff(world))
    assert poll.status == PollStatus.OPEN
    assert set(poll.electors.values_list("household", flat=True)) == {h.pk for h in homes(world)}


def test_second_vote_of_a_household_is_refused_in_chinese(world):
    poll = opinion_poll(world, staff(world))
    owner, spouse = resident(homes(world)[0]), resident(homes(world)[0], owner=False)
    services.ballot_cast(actor=owner, poll=poll, option_ids=first(poll))
    with pytest.raises(Conflict, match="该户已经投过票"):
        services.ballot_cast(actor=spouse, poll=poll, option_ids=first(poll))
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_person_poll_lets_owner_and_spouse_each_vote_once(world):
    poll = opinion_poll(world, staff(world), voter_unit=VoterUnit.PERSON)
    assert poll.electors.count() == 6
    owner, spouse = resident(homes(world)[0]), resident(homes(world)[0], owner=False)
    services.ballot_cast(actor=owner, poll=poll, option_ids=first(poll))
    services.ballot_cast(actor=spouse, poll=poll, option_ids=first(poll))
    with pytest.raises(Conflict, match="该居民已经投过票"):
        services.ballot_cast(actor=spouse, poll=poll, option_ids=first(poll))
    assert Participation.objects.filter(poll=poll).count() == 2


def test_secret_ballot_keeps_no_link_to_its_voter_and_is_reshuffled_at_close(world):
    desk = staff(world)
    poll = opinion_poll(world, desk, secret=True)
    voters = [resident(h) for h in homes(world)]
    for user, label in zip(voters, ["赞成", "反对", "赞成"], strict=True):
        services.ballot_cast(actor=user, poll=poll, option_ids=first(poll, label))
    ballots = Ballot.objects.filter(poll=poll)
    assert not ballots.filter(elector__isnull=False).exists()
    # Nothing on a ballot but its id (random UUID v4), its poll and its marks: no voter, no time.
    assert {f.name for f in Ballot._meta.concrete_fields} == {"id", "poll", "elector"}
    assert all(b.id.version == 4 for b in ballots)
    before = set(ballots.values_list("id", flat=True))
    services.poll_close(actor=desk, poll=poll)
    after = set(Ballot.objects.filter(poll=poll).values_list("id", flat=True))
    assert len(after) == 3 and not before & after
    counts = {c.option.label: c.count for c in selectors.poll_result(poll=poll).options}
    assert counts == {"赞成": 2, "反对": 1, "无所谓": 0}


def test_open_ballot_names_its_elector(world):
    poll = opinion_poll(world, staff(world))
    participation = services.ballot_cast(actor=resident(homes(world)[1]), poll=poll, option_ids=first(poll))
    assert Ballot.objects.get(poll=poll).elector == participation.elector


def test_results_stay_hidden_until_close_when_the_poll_says_so(world):
    desk = staff(world)
    poll = opinion_poll(world, desk, hide_results=True)
    services.ballot_cast(actor=resident(homes(world)[0]), poll=poll, option_ids=first(poll))
    result = selectors.poll_result(poll=poll)
    assert result.hidden and result.options == [] and result.voted == 1 and result.eligible == 3
    services.poll_close(actor=desk, poll=poll)
    result = selectors.poll_result(poll=poll)
    assert not result.hidden and [c.count for c in result.options] == [1, 0, 0]


def test_multiple_choice_takes_up_to_its_limit_and_single_choice_only_one(world):
    desk = staff(world)
    multi = opinion_poll(
        world,
        desk,
        options=["健身器材", "儿童滑梯", "休息长椅", "晾衣架"],
        choice_mode=ChoiceMode.MULTIPLE,
        max_choices=2,
    )
    ids = list(multi.options.values_list("pk", flat=True))
    with pytest.raises(DomainError, match="最多可选 2 项"):
        services.ballot_cast(actor=resident(homes(world)[0]), poll=multi, option_ids=ids[:3])
    services.ballot_cast(actor=resident(homes(world)[1]), poll=multi, option_ids=ids[:2])
    single = opinion_poll(world, desk)
    with pytest.raises(DomainError, match="单选"):
        services.ballot_cast(
            actor=resident(homes(world)[2]),
            poll=single,
            option_ids=list(single.options.values_list("pk", flat=True))[:2],
        )
    assert Participation.objects.filter(poll__in=[multi, single]).count() == 1


def test_voting_before_opening_or_after_closing_is_refused(world):
    desk = staff(world)
    draft = opinion_poll(world, desk, open_=False)
    Elector.objects.create(poll=draft, household=homes(world)[0])
    voter = resident(homes(world)[0])
    with pytest.raises(Conflict, match="不在投票期间"):
        services.ballot_cast(actor=voter, poll=draft, option_ids=first(draft))
    poll = opinion_poll(world, desk)
    services.poll_close(actor=desk, poll=poll)
    with pytest.raises(Conflict, match="投票已经结束"):
        services.ballot_cast(actor=voter, poll=poll, option_ids=first(poll))
    assert not Participation.objects.exists()


def test_resident_of_another_compound_cannot_vote(world):
    poll = opinion_poll(world, staff(world))
    outsider = resident(world.households[world.compound_b1.code][0])
    with pytest.raises(PermissionDenied):
        services.ballot_cast(actor=outsider, poll=poll, option_ids=first(poll))
    assert not selectors.polls_visible_to(user=outsider).exists()


def test_paper_ballot_records_who_entered_it_and_when(world):
    desk = staff(world)
    poll = opinion_poll(world, desk)
    elector = poll.electors.first()
    participation = services.paper_ballot_enter(
        actor=desk, poll=poll, elector=elector, option_ids=first(poll)
    )
    assert participation.channel == Channel.PAPER and participation.cast_by == desk and participation.cast_at
    event = PollEvent.objects.get(poll=poll, kind=EventKind.PAPER_ENTERED)
    assert event.by == desk and event.by_role == Role.COMMUNITY_WORKER
    with pytest.raises(Conflict):
        services.paper_ballot_enter(actor=desk, poll=poll, elector=elector, option_ids=first(poll))


def test_staff_of_another_community_cannot_create_or_open_a_poll(world):
    other = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    with pytest.raises(PermissionDenied):
        opinion_poll(world, other, open_=False)
    poll = opinion_poll(world, staff(world), open_=False)
    with pytest.raises(PermissionDenied):
        services.poll_open(actor=other, poll=poll)
    assert Poll.objects.get().status == PollStatus.DRAFT


def test_owners_assembly_passes_with_two_thirds_turnout_and_majority(world):
    desk = staff(world)
    poll = assembly_poll(world, desk)
    assert [(e.area, e.person.is_owner) for e in poll.electors.order_by("household__code")] == [
        (Decimal("90.00"), True),
        (Decimal("120.50"), True),
        (Decimal("60.25"), True),
    ]
    for home in homes(world)[:2]:  # 210.50 of 270.75 ㎡ and 2 of 3 owners
        services.ballot_cast(actor=resident(home), poll=poll, option_ids=first(poll, "同意"))
    services.poll_close(actor=desk, poll=poll)
    assert poll.outcome == Outcome.PASSED
    note = PollEvent.objects.get(poll=poll, kind=EventKind.CLOSED).note
    assert "通过" in note
    lines = selectors.poll_result(poll=poll).decision.explanation
    assert lines[0] == "参与表决专有部分面积占比：210.50㎡ ÷ 270.75㎡ = 77.75%，须不低于三分之二，达到。"


def test_owners_assembly_fails_turnout_by_area_even_with_two_thirds_of_owners(world):
    desk = staff(world)
    poll = assembly_poll(world, desk, matter=Matter.RAISE_FUND)
    for home in (homes(world)[0], homes(world)[2]):  # 150.25 of 270.75 ㎡: 55.49 %
        services.ballot_cast(actor=resident(home), poll=poll, option_ids=first(poll, "同意"))
    services.poll_close(actor=desk, poll=poll)
    assert poll.outcome == Outcome.NO_QUORUM


def test_assembly_cannot_open_until_every_owners_area_is_registered(world):
    desk = staff(world)
    poll = assembly_poll(world, desk, areas=("90.00", "120.50"), open_=False)
    with pytest.raises(DomainError, match="尚未登记专有部分面积：春晖花园1栋1单元201室"):
        services.poll_open(actor=desk, poll=poll)
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT and not poll.electors.exists()


def test_area_corrected_after_opening_leaves_the_roll_unchanged(world):
    desk = staff(world)
    poll = assembly_poll(world, desk)
    services.area_set(actor=desk, household=homes(world)[0], area="95.5")
    assert poll.electors.get(household=homes(world)[0]).area == Decimal("90.00")


def test_non_owner_cannot_vote_in_an_owners_assembly(world):
    poll = assembly_poll(world, staff(world))
    with pytest.raises(DomainError, match="不在本次表决的表决权名册"):
        services.ballot_cast(actor=resident(homes(world)[0], owner=False), poll=poll, option_ids=first(poll))


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/x"])
def test_subject_link_must_be_a_site_path_or_web_address(world, url):
    with pytest.raises(DomainError, match="关联事项链接"):
        opinion_poll(world, staff(world), open_=False, subject_label="议题", subject_url=url)
    assert not Poll.objects.exists()


def test_poll_past_its_closing_time_is_closed_by_the_periodic_job_and_recorded_as_such(world):
    from datetime import timedelta

    from django.utils import timezone

    from linli.votes.tick import run

    desk = staff(world)
    due = opinion_poll(world, desk, closes_at=timezone.now() + timedelta(hours=1))
    later = opinion_poll(world, desk, closes_at=timezone.now() + timedelta(days=3))
    assert run(now=timezone.now() + timedelta(hours=2)) == "表决：到期自动结束 1 项"
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (PollStatus.CLOSED, PollStatus.OPEN)
    event = PollEvent.objects.get(poll=due, kind=EventKind.CLOSED)
    assert event.by is None and event.note.startswith("到达截止时间")
    assert run(now=timezone.now() + timedelta(hours=2)) == "表决：到期自动结束 0 项"

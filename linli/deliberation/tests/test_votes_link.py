"""The vote stage: a topic sent to a vote gets a poll (created and opened through the votes app, or an
existing poll of its 小区 linked), residents vote, the topic page shows the result, and the resolution
waits until the poll is closed."""

import pytest

from linli.core.exceptions import Conflict, DomainError
from linli.deliberation.services import polls
from linli.deliberation.services import topics as svc
from linli.votes import services as vote_services
from linli.votes.models import Poll

from .factories import Cast, tomorrow

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(world):
    return Cast(world)


def to_vote(cast, mode="vote"):
    topic = cast.propose()
    svc.topic_approve(actor=cast.secretary, topic=topic)
    svc.topic_open(actor=cast.secretary, topic=topic)
    svc.topic_send_to_decision(actor=cast.secretary, topic=topic, mode=mode)
    return topic


def test_branch_starts_a_poll_residents_vote_and_the_topic_shows_the_result(cast, client):
    topic = to_vote(cast)
    client.force_login(cast.secretary)
    response = client.post(
        f"/deliberation/topics/{topic.pk}/start_poll/",
        {"options": "同意\n不同意", "voter_unit": "household"},
        follow=True,
    )
    assert "居民可在手机上投票" in response.content.decode()
    topic.refresh_from_db()
    poll = topic.poll
    assert (poll.status, poll.place, poll.subject_url) == (
        "open",
        topic.place,
        f"/deliberation/topics/{topic.pk}/",
    )
    assert topic.status == "deciding" and topic.events.last().kind == "poll_linked"
    agree, disagree = poll.options.order_by("position")
    vote_services.ballot_cast(actor=cast.resident, poll=poll, option_ids=[agree.pk])
    vote_services.ballot_cast(actor=cast.neighbour, poll=poll, option_ids=[agree.pk])
    vote_services.ballot_cast(actor=cast.neighbour2, poll=poll, option_ids=[disagree.pk])
    with pytest.raises(Conflict):
        svc.topic_resolve(
            actor=cast.secretary,
            topic=topic,
            resolution="同意",
            consensus=True,
            items=[{"text": "x", "owner": cast.property, "deadline": tomorrow()}],
        )
    vote_services.poll_close(actor=cast.secretary, poll=poll)
    client.force_login(cast.neighbour)
    page = client.get(f"/deliberation/topics/{topic.pk}/").content.decode()
    assert "应投 3，已投 3" in page and "同意：2" in page
    detail = client.get(f"/api/deliberation/topics/{topic.pk}").json()
    assert detail["poll"]["status"] == "closed" and "已投 3" in detail["poll"]["summary"]
    topic.refresh_from_db()
    svc.topic_resolve(
        actor=cast.secretary,
        topic=topic,
        resolution="2/3 户同意，加装电梯。",
        consensus=False,
        items=[{"text": "申请加装电梯补贴", "owner": cast.owners, "deadline": tomorrow()}],
    )
    topic.refresh_from_db()
    assert topic.status == "implementing"


def test_poll_only_for_a_topic_decided_by_vote_and_only_once(cast):
    meeting_topic = to_vote(cast, mode="meeting")
    with pytest.raises(Conflict):
        polls.topic_start_poll(actor=cast.secretary, topic=meeting_topic, options=["同意", "不同意"])
    topic = to_vote(cast)
    with pytest.raises(DomainError):
        polls.topic_start_poll(actor=cast.secretary, topic=topic, options=["同意"])
    assert not Poll.objects.exists() and topic.events.last().kind == "sent_to_decision"
    polls.topic_start_poll(actor=cast.secretary, topic=topic, options=["同意", "不同意"])
    topic.refresh_from_db()
    with pytest.raises(Conflict):
        polls.topic_start_poll(actor=cast.secretary, topic=topic, options=["同意", "不同意"])
    assert Poll.objects.count() == 1


def test_link_an_existing_poll_of_the_same_compound_only(cast):
    topic = to_vote(cast)
    elsewhere = vote_services.poll_create(
        actor=cast.desk, place=cast.world.compound_a2, title="雅苑停车", options=["是", "否"]
    )
    with pytest.raises(DomainError):
        polls.topic_link_poll(actor=cast.desk, topic=topic, poll_id=elsewhere.pk)
    here = vote_services.poll_create(
        actor=cast.desk, place=cast.world.compound_a1, title="花园电梯", options=["是", "否"]
    )
    polls.topic_link_poll(actor=cast.desk, topic=topic, poll_id=here.pk)
    topic.refresh_from_db()
    assert topic.poll == here

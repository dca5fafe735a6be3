"""Meetings: scheduling with agenda and invitees, sign-in (self, walk-in, by the organiser, never twice,
never after the minutes), minutes whose decisions become supervised action items; the monthly 联席会议
cadence per 小区; and the counts of deliberation per territory."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone

from linli.core.exceptions import Conflict, DomainError
from linli.deliberation import selectors
from linli.deliberation.models import ActionItem, Invitee, Meeting
from linli.deliberation.services import meetings as svc
from linli.deliberation.services import topics as topic_svc

from .factories import Cast, tomorrow

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(world):
    return Cast(world)


def joint(cast, *, place=None, by=None, **kwargs):
    return svc.meeting_schedule(
        actor=by or cast.secretary,
        place=place or cast.world.compound_a1,
        kind=kwargs.pop("kind", "joint"),
        title=kwargs.pop("title", "11月联席会议"),
        scheduled_at=timezone.now() + timedelta(hours=2),
        location="小区党群服务站",
        invitees=[cast.owners, cast.property],
        guests=[("刘片警", "社区民警")],
        **kwargs,
    )


def test_branch_schedules_a_joint_meeting_with_invitees(cast, client):
    client.force_login(cast.secretary)
    response = client.post(
        "/deliberation/meetings/new/",
        {
            "place": cast.world.compound_a1.pk,
            "kind": "joint",
            "title": "11月联席会议",
            "scheduled_at": "2030-11-20T19:30",
            "location": "党群服务站",
            "invitees": [cast.owners.pk, cast.property.pk],
            "guests": "刘片警\n",
        },
        follow=True,
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 200 and "会议已安排" in response.content.decode()
    assert meeting.convener == cast.secretary and meeting.kind == "joint"
    assert sorted(meeting.invitees.values_list("name", flat=True)) == sorted(["孙主任", "马经理", "刘片警"])


def test_resident_cannot_schedule_and_other_branch_cannot_see(cast, client):
    client.force_login(cast.resident)
    assert client.get("/deliberation/meetings/new/").status_code == 403
    meeting = joint(cast)
    client.force_login(cast.other_secretary)
    assert client.get(f"/deliberation/meetings/{meeting.pk}/").status_code == 404
    assert client.post(f"/deliberation/meetings/{meeting.pk}/sign_in/").status_code == 404
    assert not Invitee.objects.filter(signed_in_at__isnull=False).exists()


def test_sign_in_once_by_invitee_walk_in_or_organiser_and_never_after_the_minutes(cast, client):
    meeting = joint(cast)
    client.force_login(cast.owners)
    client.post(f"/deliberation/meetings/{meeting.pk}/sign_in/")
    mine = meeting.invitees.get(user=cast.owners)
    assert mine.signed_in_at is not None
    with pytest.raises(Conflict):
        svc.meeting_sign_in(actor=cast.owners, meeting=meeting)
    # A resident of the 小区 comes along; an outsider cannot.
    svc.meeting_sign_in(actor=cast.neighbour, meeting=meeting)
    with pytest.raises(PermissionDenied):
        svc.meeting_sign_in(actor=cast.outsider, meeting=meeting)
    guest = meeting.invitees.get(name="刘片警")
    with pytest.raises(PermissionDenied):
        svc.meeting_sign_in(actor=cast.neighbour, meeting=meeting, invitee=guest)
    client.force_login(cast.secretary)
    client.post(f"/deliberation/meetings/{meeting.pk}/sign_in/", {"invitee": guest.pk})
    guest.refresh_from_db()
    assert guest.signed_in_at is not None
    svc.meeting_record(actor=cast.secretary, meeting=meeting, minutes="议定三件事。", decisions=[])
    meeting.refresh_from_db()
    with pytest.raises(Conflict):
        svc.meeting_sign_in(actor=cast.property, meeting=meeting)
    assert meeting.invitees.filter(signed_in_at__isnull=False).count() == 3
    with pytest.raises(IntegrityError):
        Invitee.objects.create(meeting=meeting, user=cast.owners, name="重复")


def test_minutes_turn_decisions_into_supervised_items(cast, client):
    topic = cast.propose()
    topic_svc.topic_approve(actor=cast.secretary, topic=topic)
    topic_svc.topic_open(actor=cast.secretary, topic=topic)
    meeting = joint(cast)
    topic_svc.topic_send_to_decision(actor=cast.secretary, topic=topic, mode="meeting", meeting=meeting)
    assert list(meeting.agenda.all()) == [topic]
    other = cast.propose(title="另一个议题")
    client.force_login(cast.secretary)
    response = client.post(
        f"/deliberation/meetings/{meeting.pk}/record/",
        {
            "minutes": "会议议定：物业本月内清理楼道。",
            "item_text": ["清理楼道堆物"],
            "item_owner": [cast.property.pk],
            "item_deadline": [tomorrow().isoformat()],
            "item_topic": [other.pk],
        },
        follow=True,
    )
    assert "只能关联本次会议议程中的议题" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "scheduled" and not ActionItem.objects.exists()
    client.post(
        f"/deliberation/meetings/{meeting.pk}/record/",
        {
            "minutes": "会议议定：物业本月内清理楼道。",
            "item_text": ["清理楼道堆物", ""],
            "item_owner": [cast.property.pk, ""],
            "item_deadline": [tomorrow().isoformat(), ""],
            "item_topic": [topic.pk, ""],
        },
    )
    meeting.refresh_from_db()
    item = ActionItem.objects.get()
    assert meeting.status == "held" and meeting.held_at
    assert (item.meeting, item.topic, item.owner, item.place) == (
        meeting,
        topic,
        cast.property,
        meeting.place,
    )
    with pytest.raises(Conflict):
        svc.meeting_record(actor=cast.secretary, meeting=meeting, minutes="再记一次", decisions=[])


def test_record_refuses_empty_minutes_and_past_deadlines(cast):
    meeting = joint(cast)
    with pytest.raises(DomainError):
        svc.meeting_record(actor=cast.secretary, meeting=meeting, minutes=" ", decisions=[])
    past = timezone.localdate() - timedelta(days=1)
    with pytest.raises(DomainError):
        svc.meeting_record(
            actor=cast.secretary,
            meeting=meeting,
            minutes="ok",
            decisions=[{"text": "x", "owner": cast.property, "deadline": past}],
        )
    meeting.refresh_from_db()
    assert meeting.status == "scheduled" and not ActionItem.objects.exists()


def test_cadence_lists_compounds_without_a_joint_meeting_this_month(cast, client):
    world, month = cast.world, timezone.localdate()
    held = joint(cast)
    svc.meeting_record(actor=cast.secretary, meeting=held, minutes="已召开。", decisions=[])
    planned = joint(cast, place=world.compound_a2, by=cast.other_secretary)
    # A 居民议事会 is not a 联席会议; last month's joint meeting does not count for this month.
    other = joint(cast, place=world.compound_a2, by=cast.other_secretary, kind="residents_council")
    svc.meeting_record(actor=cast.other_secretary, meeting=other, minutes="已召开。", decisions=[])
    gaps = selectors.joint_meeting_gaps(user=cast.desk, month=month)
    assert [(g.compound, g.scheduled) for g in gaps] == [(world.compound_a2, planned)]
    first = month.replace(day=1)
    Meeting.objects.filter(pk=held.pk).update(held_at=held.held_at.replace(year=first.year - 1))
    assert [g.compound for g in selectors.joint_meeting_gaps(user=cast.desk, month=month)] == [
        world.compound_a1,
        world.compound_a2,
    ]
    assert [g.compound for g in selectors.joint_meeting_gaps(user=cast.desk_b, month=month)] == [
        world.compound_b1
    ]
    client.force_login(cast.desk)
    page = client.get("/deliberation/stats/").content.decode()
    assert "春晖雅苑" in page and "秋实家园" not in page
    home = client.get("/").content.decode()
    assert "本月未开联席会议的小区" in home
    client.force_login(cast.resident)
    assert client.get("/deliberation/stats/").status_code == 403


def test_counts_of_deliberation_follow_scope(cast, client):
    solved = cast.resolved(title="楼道灯")
    item = solved.items.get()
    from linli.deliberation.services.items import item_complete

    item_complete(actor=cast.property, item=item, note="已更换。")
    topic_svc.topic_close(actor=cast.secretary, topic=solved)
    cast.resolved(title="加装电梯")
    cast.propose(title="还在审核")
    total, rows = selectors.counts(user=cast.desk)
    assert (total.held, total.solved, total.consensus) == (2, 1, 2)
    assert rows == [
        {
            "place__name": "春晖花园",
            "place__code": cast.world.compound_a1.code,
            "held": 2,
            "solved": 1,
            "consensus": 2,
        }
    ]
    total_b, rows_b = selectors.counts(user=cast.desk_b)
    assert (total_b.held, total_b.solved, rows_b) == (0, 0, [])
    client.force_login(cast.desk)
    page = client.get("/deliberation/stats/").content.decode()
    assert 'id="count-held">2<' in page and 'id="count-solved">1<' in page

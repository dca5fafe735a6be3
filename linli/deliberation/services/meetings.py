"""Meetings (联席会议, 居民议事会, 坝坝会 …): schedule with agenda and invitees, sign-in, minutes with
decisions that become action items, cancel.

Invariants: a meeting is held once (compare-and-set on status and version) and a held meeting has its
minutes (database); one sign-in row per invited user (database); sign-in only before the minutes close
the meeting."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError

from .. import rules
from ..choices import MeetingKind, MeetingStatus
from ..models import Invitee, Meeting, Topic
from ..scoping import compounds_in
from .items import check_items, create_items


@transaction.atomic
def meeting_schedule(
    *,
    actor,
    place,
    kind: str,
    title: str,
    scheduled_at: datetime,
    location: str,
    topics: list[Topic] = (),
    invitees: list = (),
    guests: list[tuple[str, str]] = (),
) -> Meeting:
    """Schedule a meeting of the 小区 ``place`` with agenda topics, invited users and named guests."""
    if not compounds_in(policy.scope_for(actor, rules.MANAGE_MEETING)).filter(pk=place.pk).exists():
        raise PermissionDenied
    if kind not in MeetingKind.values:
        raise DomainError("请选择会议类型。", field="kind")
    title, location = (title or "").strip(), (location or "").strip()
    if not title or len(title) > 80:
        raise DomainError("请填写会议名称（不超过 80 字）。", field="title")
    if not location or len(location) > 80:
        raise DomainError("请填写会议地点（不超过 80 字）。", field="location")
    if not isinstance(scheduled_at, datetime):
        raise DomainError("请填写召开时间。", field="scheduled_at")
    if any(t.place_id != place.pk for t in topics):
        raise DomainError("议程只能包含本小区的议题。", field="topics")
    meeting = Meeting.objects.create(
        place=place, kind=kind, title=title, scheduled_at=scheduled_at, location=location, convener=actor
    )
    meeting.agenda.set(topics)
    seen = set()
    for user in invitees:
        if user.pk not in seen:
            seen.add(user.pk)
            Invitee.objects.create(meeting=meeting, user=user, name=user.name)
    for name, body in guests:
        if name.strip():
            Invitee.objects.create(meeting=meeting, name=name.strip()[:40], body=body.strip()[:40])
    return meeting


def meeting_sign_in(*, actor, meeting: Meeting, invitee: Invitee | None = None) -> Invitee:
    """Sign in: oneself (an invitee, or a resident of the 小区 coming along), or an organiser signs in an
    invitee. Raises Conflict when the meeting is closed or the person has already signed in."""
    if meeting.status != MeetingStatus.SCHEDULED:
        raise Conflict("会议已结束或已取消，不能签到。")
    now = timezone.now()
    if invitee is not None:
        if invitee.meeting_id != meeting.pk:
            raise DomainError("该参会人不属于本次会议。")
        if invitee.user_id != actor.pk and not policy.may(actor, rules.MANAGE_MEETING, meeting):
            raise PermissionDenied
        target = invitee
    else:
        target = Invitee.objects.filter(meeting=meeting, user=actor).first()
        if target is None:
            if not policy.may(actor, rules.PARTICIPATE, meeting):
                raise PermissionDenied
            try:
                with transaction.atomic():
                    return Invitee.objects.create(
                        meeting=meeting, user=actor, name=actor.name, signed_in_at=now
                    )
            except IntegrityError:
                raise Conflict("您已经签到。") from None
    if Invitee.objects.filter(pk=target.pk, signed_in_at__isnull=True).update(signed_in_at=now) != 1:
        raise Conflict("已经签到，无需重复签到。")
    target.refresh_from_db()
    return target


@transaction.atomic
def meeting_record(*, actor, meeting: Meeting, minutes: str, decisions: list[dict]) -> Meeting:
    """Close the meeting with its minutes; each decision (text, owner, deadline, optional agenda topic)
    becomes an action item under supervision."""
    if not policy.may(actor, rules.MANAGE_MEETING, meeting):
        raise PermissionDenied
    minutes = (minutes or "").strip()
    if not minutes:
        raise DomainError("请填写会议记录。", field="minutes")
    if decisions:
        check_items(decisions, today=timezone.localdate())
        agenda = set(meeting.agenda.values_list("pk", flat=True))
        if any(d.get("topic") is not None and d["topic"].pk not in agenda for d in decisions):
            raise DomainError("会议决定只能关联本次会议议程中的议题。", field="decisions")
    updated = Meeting.objects.filter(
        pk=meeting.pk, version=meeting.version, status=MeetingStatus.SCHEDULED
    ).update(status=MeetingStatus.HELD, version=F("version") + 1, minutes=minutes, held_at=timezone.now())
    if updated != 1:
        raise Conflict("会议已记录或已取消，请刷新页面。")
    meeting.refresh_from_db()
    create_items(place=meeting.place, topic=None, meeting=meeting, items=decisions)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    if not policy.may(actor, rules.MANAGE_MEETING, meeting):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("取消会议须写明原因。", field="reason")
    updated = Meeting.objects.filter(
        pk=meeting.pk, version=meeting.version, status=MeetingStatus.SCHEDULED
    ).update(status=MeetingStatus.CANCELLED, version=F("version") + 1, minutes=f"会议取消：{reason}"[:2000])
    if updated != 1:
        raise Conflict("会议已记录或已取消，请刷新页面。")
    meeting.refresh_from_db()
    return meeting

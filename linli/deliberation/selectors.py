"""Reads that depend on the user: topics, meetings and action items in reach, the counts of
deliberation per 小区, and the monthly 联席会议 cadence check. Missing and out of reach give the same 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from linli.accounts.models import RoleAssignment, User
from linli.core import policy
from linli.places.models import Place

from . import rules
from .choices import PUBLIC_STATES, RESOLVED_STATES, MeetingKind, MeetingStatus, TopicStatus
from .models import ActionItem, Meeting, Topic
from .scoping import compounds_in


def topics_visible_to(*, user) -> QuerySet[Topic]:
    """Workers see every topic of their territory; residents the reviewed topics of their 小区; everyone
    the topics they proposed."""
    base = Topic.objects.all()
    if not getattr(user, "is_authenticated", False):
        return base.none()
    qs = (
        policy.visible(user, rules.VIEW_TOPIC, base)
        | policy.visible(user, rules.PARTICIPATE, base.filter(status__in=PUBLIC_STATES))
        | base.filter(proposer=user)
    )
    return qs.select_related("place", "proposer", "steward")


def topic_get_for_user(*, user, pk) -> Topic:
    try:
        return topics_visible_to(user=user).get(pk=pk)
    except (Topic.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def meetings_visible_to(*, user) -> QuerySet[Meeting]:
    return policy.visible(user, rules.PARTICIPATE, Meeting.objects.select_related("place", "convener"))


def meeting_get_for_user(*, user, pk) -> Meeting:
    return policy.get_visible_or_404(user, rules.PARTICIPATE, Meeting.objects.select_related("place"), pk=pk)


def items_to_supervise(*, user) -> QuerySet[ActionItem]:
    """Action items the user organises (their territory) or owns."""
    return policy.visible(
        user, rules.SUPERVISE_ITEM, ActionItem.objects.select_related("place", "owner", "topic", "meeting")
    )


def item_get_for_user(*, user, pk) -> ActionItem:
    return policy.get_visible_or_404(user, rules.SUPERVISE_ITEM, ActionItem.objects.all(), pk=pk)


def compounds_for(user, permission: str) -> QuerySet[Place]:
    """The 小区 where ``user`` may use ``permission``."""
    return compounds_in(policy.scope_for(user, permission)).order_by("code")


def owner_candidates(place: Place) -> QuerySet[User]:
    """People who can own an action item of the 小区: those serving in it, its grids or its community."""
    community = place.code[:12]
    users = (
        RoleAssignment.objects.active()
        .filter(role__in=rules.WORKERS)
        .filter(
            Q(place__code__startswith=place.code)
            | Q(place__code=community)
            | Q(grid__community__code=community)
        )
        .values("user")
    )
    return User.objects.filter(pk__in=users, is_active=True).order_by("name")


@dataclass(frozen=True)
class Counts:
    held: int  # deliberations held: topics that reached a resolution
    solved: int  # problems solved: topics closed with every action item done
    consensus: int  # consensus items: resolutions recorded as reached by consensus
    meetings: int  # meetings held


def counts(*, user, since: date | None = None) -> tuple[Counts, list[dict]]:
    """Totals over the user's territory and one row per 小区 (name, held, solved, consensus)."""
    topics = policy.visible(user, rules.VIEW_CADENCE, Topic.objects.filter(status__in=RESOLVED_STATES))
    meetings = policy.visible(user, rules.VIEW_CADENCE, Meeting.objects.filter(status=MeetingStatus.HELD))
    if since is not None:
        start = timezone.make_aware(datetime.combine(since, time.min))
        topics, meetings = topics.filter(resolved_at__gte=start), meetings.filter(held_at__gte=start)
    solved_q = Q(status=TopicStatus.CLOSED)
    rows = list(
        topics.values("place__name", "place__code")
        .annotate(
            held=Count("pk"),
            solved=Count("pk", filter=solved_q),
            consensus=Count("pk", filter=Q(is_consensus=True)),
        )
        .order_by("place__code")
    )
    total = Counts(
        held=sum(r["held"] for r in rows),
        solved=sum(r["solved"] for r in rows),
        consensus=sum(r["consensus"] for r in rows),
        meetings=meetings.count(),
    )
    return total, rows


def month_bounds(month: date) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    following = (first.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)
    aware = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), aware),
        timezone.make_aware(datetime.combine(following, time.min), aware),
    )


@dataclass(frozen=True)
class Gap:
    compound: Place
    scheduled: Meeting | None  # a 联席会议 scheduled this month but not yet held


def joint_meeting_gaps(*, user, month: date) -> list[Gap]:
    """The 小区 in the user's territory whose branch held no 联席会议 in ``month`` (with the one
    scheduled, if any)."""
    start, end = month_bounds(month)
    compounds = list(compounds_for(user, rules.VIEW_CADENCE).select_related("parent"))
    joint = Meeting.objects.filter(kind=MeetingKind.JOINT, place__in=compounds)
    held = set(
        joint.filter(status=MeetingStatus.HELD, held_at__gte=start, held_at__lt=end).values_list(
            "place", flat=True
        )
    )
    scheduled = {
        m.place_id: m
        for m in joint.filter(status=MeetingStatus.SCHEDULED, scheduled_at__gte=start, scheduled_at__lt=end)
    }
    return [Gap(c, scheduled.get(c.pk)) for c in compounds if c.pk not in held]

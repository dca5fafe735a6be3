"""Reads for volunteers, through the policy."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from linli.core import policy

from . import rules
from .choices import ActivityStatus, SignUpStatus
from .models import Activity, SignUp, Team, Volunteer


def volunteers_visible_to(user) -> QuerySet:
    return policy.visible(user, rules.VIEW_VOLUNTEER, Volunteer.objects.select_related("place", "grid"))


def teams_visible_to(user) -> QuerySet:
    return (
        policy.visible(user, rules.VIEW_VOLUNTEER, Team.objects.all())
        if policy.may(user, rules.VIEW_VOLUNTEER)
        else Team.objects.none()
    )


def activities_visible_to(user, *, upcoming: bool | None = None) -> QuerySet:
    rows = policy.visible(user, rules.VIEW_ACTIVITY, Activity.objects.select_related("place", "team"))
    if upcoming is True:
        rows = rows.filter(status=ActivityStatus.PUBLISHED, ends_at__gt=timezone.now()).order_by("starts_at")
    elif upcoming is False:
        rows = rows.filter(Q(ends_at__lte=timezone.now()) | ~Q(status=ActivityStatus.PUBLISHED))
    return rows


def activity_for(*, user, pk) -> Activity:
    return policy.get_visible_or_404(
        user, rules.VIEW_ACTIVITY, Activity.objects.select_related("place", "team"), pk=pk
    )


def volunteer_of(user) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Volunteer.objects.filter(user=user, is_active=True).first()


def my_signups(user) -> QuerySet:
    return SignUp.objects.filter(volunteer__user=user, status=SignUpStatus.SIGNED).select_related("activity")


def signups_of(activity: Activity) -> QuerySet:
    return activity.signups.filter(status=SignUpStatus.SIGNED).select_related("volunteer", "confirmed_by")


def may_confirm(user, activity: Activity) -> bool:
    """Staff of the place, or the leader of the activity's team."""
    if policy.may(user, rules.PUBLISH_ACTIVITY, activity):
        return True
    return bool(activity.team_id and activity.team.leader_id and activity.team.leader.user_id == user.pk)


def hours_board(*, place, start: date, end: date, limit: int = 50) -> list[dict]:
    """时长晾晒: volunteers of ``place`` by hours served in [start, end], names masked."""
    rows = (
        SignUp.objects.filter(
            volunteer__place__code__startswith=place.code,
            minutes__isnull=False,
            activity__starts_at__date__gte=start,
            activity__starts_at__date__lte=end,
        )
        .values("volunteer_id", "volunteer__name", "volunteer__place__name")
        .annotate(minutes=Sum("minutes"))
        .order_by("-minutes", "volunteer_id")[:limit]
    )
    from linli.core.masking import mask_name

    return [
        {
            "name": mask_name(r["volunteer__name"]),
            "place": r["volunteer__place__name"],
            "hours": round(r["minutes"] / 60, 1),
        }
        for r in rows
    ]

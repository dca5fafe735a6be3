"""Writes for volunteers: register, teams, publish activities, sign up (never over capacity), check in and
out by the 6-digit code or a leader's confirmation; a finished service pays points (points.services)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from linli.accounts.models import RoleAssignment
from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role
from linli.places.choices import GridLevel, PlaceLevel
from linli.places.models import GridNode, Place

from . import rules
from .choices import ActivityStatus, SignUpStatus, TeamKind, VolunteerKind
from .models import Activity, SignUp, Team, Volunteer

#: Check-in opens this long before an activity starts.
CHECK_IN_EARLY = timedelta(minutes=30)


def _grant(user, role: str, *, place=None, grid=None) -> None:
    """The role that opens the volunteer's (or part-time grid member's) tools, unless already held."""
    today = timezone.localdate()
    if not RoleAssignment.objects.active().filter(user=user, role=role, place=place, grid=grid).exists():
        RoleAssignment.objects.create(user=user, role=role, place=place, grid=grid, valid_from=today)
        user.forget_assignments()


@transaction.atomic
def volunteer_register(
    *,
    actor,
    user,
    place: Place,
    kind: str = VolunteerKind.RESIDENT,
    skills: str = "",
    availability: str = "",
    occupation: str = "",
    grid: GridNode | None = None,
    is_party_member: bool = False,
) -> Volunteer:
    """Register ``user`` as a volunteer of a 社区/小区; a 兼职网格员 (courier, rider) also gets the 微网格员
    role on their grid, so they use the same tools as the grid members."""
    policy.require(actor, rules.MANAGE_VOLUNTEER, place)
    if place.level not in (PlaceLevel.COMMUNITY, PlaceLevel.COMPOUND):
        raise DomainError("志愿者须登记在社区或小区。", field="place")
    if kind not in VolunteerKind.values:
        raise DomainError("志愿者类别无效。", field="kind")
    if kind == VolunteerKind.PART_TIME_GRID:
        if grid is None or grid.level != GridLevel.MICRO:
            raise DomainError("兼职网格员须选择一个微网格。", field="grid")
        if not grid.code.startswith(place.code[:12]):
            raise DomainError("兼职网格须在该社区内。", field="grid")
        policy.require(actor, rules.MANAGE_VOLUNTEER, grid.community)
    else:
        grid = None
    if Volunteer.objects.filter(user=user).exists():
        raise Conflict(f"{user.name}已是志愿者。")
    volunteer = Volunteer.objects.create(
        user=user,
        name=user.name,
        place=place,
        kind=kind,
        skills=skills.strip()[:200],
        availability=availability.strip()[:100],
        occupation=occupation.strip()[:30],
        grid=grid,
        is_party_member=is_party_member or kind == VolunteerKind.PARTY_MEMBER,
    )
    _grant(user, Role.VOLUNTEER, place=place)
    if grid is not None:
        _grant(user, Role.MICRO_GRID_WORKER, grid=grid)
    from linli.points.services import account_for

    account_for(volunteer)
    return volunteer


@transaction.atomic
def team_create(*, actor, place: Place, name: str, kind: str, leader: Volunteer | None = None) -> Team:
    policy.require(actor, rules.MANAGE_VOLUNTEER, place)
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("请填写队伍名称。", field="name")
    if kind not in TeamKind.values:
        raise DomainError("请选择服务类别。", field="kind")
    team = Team.objects.create(place=place, name=name[:50], kind=kind, leader=leader)
    if leader is not None:
        team.members.add(leader)
    return team


@transaction.atomic
def team_join(*, actor, team: Team, volunteer: Volunteer) -> None:
    policy.require(actor, rules.MANAGE_VOLUNTEER, team.place)
    team.members.add(volunteer)


@transaction.atomic
def activity_publish(
    *,
    actor,
    place: Place,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int,
    team: Team | None = None,
    location: str = "",
    description: str = "",
    points_cap: int | None = None,
) -> Activity:
    policy.require(actor, rules.PUBLISH_ACTIVITY, place)
    title = " ".join((title or "").split())
    if not title:
        raise DomainError("请填写活动名称。", field="title")
    if ends_at <= starts_at:
        raise DomainError("结束时间须晚于开始时间。", field="ends_at")
    if ends_at - starts_at > timedelta(hours=24):
        raise DomainError("一次活动不能超过24小时，请拆分成多次。", field="ends_at")
    if not 1 <= capacity <= 10000:
        raise DomainError("名额须在1到10000之间。", field="capacity")
    if points_cap is not None and points_cap < 0:
        raise DomainError("积分上限不能为负数。", field="points_cap")
    return Activity.objects.create(
        place=place,
        title=title[:100],
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        team=team,
        location=location.strip()[:100],
        description=description.strip(),
        points_cap=points_cap,
        created_by=actor,
    )


def _volunteer_of(actor) -> Volunteer:
    volunteer = Volunteer.objects.filter(user=actor, is_active=True).first()
    if volunteer is None:
        raise DomainError("您还不是在册志愿者，请先到社区登记。")
    return volunteer


@transaction.atomic
def sign_up(*, actor, activity: Activity) -> SignUp:
    """Take one place; refused when full — the counter moves by compare-and-set, so concurrent
    sign-ups can never over-fill the activity."""
    policy.require(actor, rules.SIGN_UP, activity)
    volunteer = _volunteer_of(actor)
    now = timezone.now()
    if activity.status != ActivityStatus.PUBLISHED or activity.ends_at <= now:
        raise Conflict("活动已结束或已取消，不能报名。")
    existing = SignUp.objects.filter(activity=activity, volunteer=volunteer).first()
    if existing is not None and existing.status == SignUpStatus.SIGNED:
        raise Conflict("您已报名该活动。")
    taken = Activity.objects.filter(
        pk=activity.pk, status=ActivityStatus.PUBLISHED, signed_count__lt=F("capacity")
    ).update(signed_count=F("signed_count") + 1)
    if taken != 1:
        raise Conflict("名额已满。")
    if existing is not None:
        if not SignUp.objects.filter(pk=existing.pk, status=SignUpStatus.CANCELLED).update(
            status=SignUpStatus.SIGNED
        ):
            raise Conflict("您已报名该活动。")
        existing.refresh_from_db()
        return existing
    try:
        with transaction.atomic():
            return SignUp.objects.create(activity=activity, volunteer=volunteer)
    except IntegrityError:
        raise Conflict("您已报名该活动。") from None


@transaction.atomic
def sign_up_cancel(*, actor, signup: SignUp) -> SignUp:
    if signup.volunteer.user_id != actor.pk:
        raise PermissionDenied
    if signup.checked_in_at is not None:
        raise Conflict("已签到，不能取消报名。")
    if not SignUp.objects.filter(pk=signup.pk, status=SignUpStatus.SIGNED).update(
        status=SignUpStatus.CANCELLED
    ):
        raise Conflict("报名已取消。")
    Activity.objects.filter(pk=signup.activity_id, signed_count__gt=0).update(
        signed_count=F("signed_count") - 1
    )
    signup.refresh_from_db()
    return signup


def _signed(activity: Activity, volunteer: Volunteer) -> SignUp:
    signup = SignUp.objects.filter(activity=activity, volunteer=volunteer, status=SignUpStatus.SIGNED).first()
    if signup is None:
        raise DomainError("您没有报名该活动。")
    return signup


def _check_code(activity: Activity, code: str) -> None:
    if (code or "").strip() != activity.code:
        raise DomainError("签到码不正确，请向活动负责人核对6位签到码。", field="code")


def served_minutes(activity: Activity, start: datetime, end: datetime) -> int:
    """Minutes served inside the activity's time: early arrival and late leaving do not count."""
    start, end = max(start, activity.starts_at), min(end, activity.ends_at)
    return max(0, int((end - start).total_seconds() // 60))


@transaction.atomic
def check_in(*, actor, activity: Activity, code: str) -> SignUp:
    signup = _signed(activity, _volunteer_of(actor))
    _check_code(activity, code)
    now = timezone.now()
    if now < activity.starts_at - CHECK_IN_EARLY:
        raise DomainError("活动开始前30分钟才能签到。")
    if now >= activity.ends_at:
        raise DomainError("活动已结束，不能签到；请联系负责人确认时长。")
    if not SignUp.objects.filter(pk=signup.pk, checked_in_at__isnull=True).update(checked_in_at=now):
        raise Conflict("您已签到。")
    signup.refresh_from_db()
    return signup


@transaction.atomic
def check_out(*, actor, activity: Activity, code: str) -> SignUp:
    signup = _signed(activity, _volunteer_of(actor))
    _check_code(activity, code)
    if signup.checked_in_at is None:
        raise DomainError("请先签到。")
    now = timezone.now()
    minutes = served_minutes(activity, signup.checked_in_at, now)
    if not SignUp.objects.filter(pk=signup.pk, checked_out_at__isnull=True).update(
        checked_out_at=now, minutes=minutes
    ):
        raise Conflict("您已签退。")
    signup.refresh_from_db()
    _pay(signup, actor=None)
    return signup


@transaction.atomic
def attendance_confirm(*, actor, signup: SignUp, minutes: int | None = None) -> SignUp:
    """A leader (staff, or the team's leader) confirms that the volunteer served — the whole activity,
    or ``minutes`` of it — when the code was not used."""
    policy.require(actor, rules.CONFIRM_ATTENDANCE, signup)
    activity = signup.activity
    whole = served_minutes(activity, activity.starts_at, activity.ends_at)
    if minutes is None:
        minutes = whole
    if not 0 < minutes <= whole:
        raise DomainError(f"确认时长须在1到{whole}分钟之间。", field="minutes")
    if timezone.now() < activity.starts_at:
        raise DomainError("活动尚未开始，不能确认时长。")
    if signup.status != SignUpStatus.SIGNED:
        raise DomainError("该志愿者已取消报名。")
    updated = SignUp.objects.filter(pk=signup.pk, checked_out_at__isnull=True).update(
        checked_in_at=signup.checked_in_at or activity.starts_at,
        checked_out_at=min(timezone.now(), activity.ends_at),
        minutes=minutes,
        confirmed_by=actor,
    )
    if not updated:
        raise Conflict("该志愿者已签退，时长已记录。")
    signup.refresh_from_db()
    _pay(signup, actor=actor)
    return signup


def _pay(signup: SignUp, *, actor) -> None:
    from linli.points.services import award_service

    award_service(signup=signup, actor=actor)


@transaction.atomic
def activity_cancel(*, actor, activity: Activity) -> Activity:
    policy.require(actor, rules.PUBLISH_ACTIVITY, activity)
    if not Activity.objects.filter(pk=activity.pk, status=ActivityStatus.PUBLISHED).update(
        status=ActivityStatus.CANCELLED
    ):
        raise Conflict("活动已结束或已取消。")
    activity.refresh_from_db()
    return activity

"""Thin views for volunteers: activities (list, publish, sign up, check in/out, confirm), the roster with
registration and teams, and the 时长晾晒 board."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from linli.accounts.models import User
from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.choices import GridLevel, PlaceLevel
from linli.places.models import GridNode, Place

from . import rules, selectors, services
from .forms import ActivityForm, RegisterForm, TeamForm
from .models import SignUp, Team


def _places(user, permission) -> list[Place]:
    return list(
        policy.visible(
            user, permission, Place.objects.filter(level__in=[PlaceLevel.COMMUNITY, PlaceLevel.COMPOUND])
        ).order_by("code")[:300]
    )


@login_required
def activities(request):
    if not policy.may(request.user, rules.VIEW_ACTIVITY):
        raise PermissionDenied
    upcoming = selectors.activities_visible_to(request.user, upcoming=True)[:50]
    past = Paginator(selectors.activities_visible_to(request.user, upcoming=False), 20).get_page(
        request.GET.get("page")
    )
    mine = {s.activity_id: s for s in selectors.my_signups(request.user)}
    return render(
        request,
        "volunteers/activities.html",
        {
            "upcoming": upcoming,
            "past": past,
            "mine": mine,
            "volunteer": selectors.volunteer_of(request.user),
            "may_publish": policy.may(request.user, rules.PUBLISH_ACTIVITY),
            "may_roster": policy.may(request.user, rules.MANAGE_VOLUNTEER),
        },
    )


@login_required
def activity_new(request):
    if not policy.may(request.user, rules.PUBLISH_ACTIVITY):
        raise PermissionDenied
    places = _places(request.user, rules.PUBLISH_ACTIVITY)
    teams = list(policy.visible(request.user, rules.MANAGE_VOLUNTEER, Team.objects.all())[:200])
    form = ActivityForm(request.POST or None, places=places, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = next(p for p in places if p.code == data["place"])
        team = next((t for t in teams if str(t.pk) == data["team"]), None)
        try:
            activity = services.activity_publish(
                actor=request.user,
                place=place,
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                capacity=data["capacity"],
                team=team,
                location=data["location"],
                description=data["description"],
                points_cap=data["points_cap"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已发布活动“{activity.title}”，签到码 {activity.code}。")
            return redirect("volunteers:activity", pk=activity.pk)
    return render(request, "volunteers/activity_new.html", {"form": form})


@login_required
def activity_detail(request, pk: int):
    activity = selectors.activity_for(user=request.user, pk=pk)
    may_confirm = selectors.may_confirm(request.user, activity)
    mine = SignUp.objects.filter(activity=activity, volunteer__user=request.user).first()
    return render(
        request,
        "volunteers/activity.html",
        {
            "activity": activity,
            "mine": mine,
            "volunteer": selectors.volunteer_of(request.user),
            "may_confirm": may_confirm,
            "signups": selectors.signups_of(activity) if may_confirm else [],
            "may_cancel": policy.may(request.user, rules.PUBLISH_ACTIVITY, activity),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def activity_act(request, pk: int, action: str):
    activity = selectors.activity_for(user=request.user, pk=pk)
    user, code = request.user, request.POST.get("code", "")
    try:
        if action == "sign-up":
            services.sign_up(actor=user, activity=activity)
            text = "报名成功。活动开始前30分钟起可凭签到码签到。"
        elif action == "cancel-sign-up":
            signup = SignUp.objects.filter(activity=activity, volunteer__user=user).first()
            if signup is None:
                raise DomainError("您没有报名该活动。")
            services.sign_up_cancel(actor=user, signup=signup)
            text = "已取消报名。"
        elif action == "check-in":
            services.check_in(actor=user, activity=activity, code=code)
            text = "签到成功。"
        elif action == "check-out":
            signup = services.check_out(actor=user, activity=activity, code=code)
            text = f"签退成功，服务时长 {signup.hours} 小时，积分已入账。"
        elif action == "confirm":
            signup = SignUp.objects.filter(activity=activity, pk=request.POST.get("signup") or 0).first()
            if signup is None:
                raise Http404
            raw = request.POST.get("minutes", "").strip()
            minutes = int(raw) if raw.isdigit() else None
            signup = services.attendance_confirm(actor=user, signup=signup, minutes=minutes)
            text = f"已确认 {signup.volunteer.name} 服务 {signup.hours} 小时。"
        elif action == "cancel":
            services.activity_cancel(actor=user, activity=activity)
            text = "活动已取消。"
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您无权进行此操作。")
    else:
        messages.success(request, text)
    return redirect("volunteers:activity", pk=activity.pk)


@login_required
def roster(request):
    if not policy.may(request.user, rules.VIEW_VOLUNTEER):
        raise PermissionDenied
    manage = policy.may(request.user, rules.MANAGE_VOLUNTEER)
    places = _places(request.user, rules.MANAGE_VOLUNTEER) if manage else []
    grids = (
        list(
            policy.visible(
                request.user, rules.MANAGE_VOLUNTEER, GridNode.objects.filter(level=GridLevel.MICRO)
            )[:300]
        )
        if manage
        else []
    )
    form = RegisterForm(request.POST or None, places=places, grids=grids, prefix="reg")
    team_form = TeamForm(request.POST or None, places=places, prefix="team")
    if request.method == "POST" and manage:
        try:
            if "reg-phone" in request.POST and form.is_valid():
                data = form.cleaned_data
                person = User.objects.filter(phone=data["phone"], is_active=True).first()
                if person is None:
                    raise DomainError("该手机号还没有平台账号，请先请其注册或由管理员开通。", field="phone")
                volunteer = services.volunteer_register(
                    actor=request.user,
                    user=person,
                    place=next(p for p in places if p.code == data["place"]),
                    kind=data["kind"],
                    occupation=data["occupation"],
                    grid=next((g for g in grids if g.code == data["grid"]), None),
                    skills=data["skills"],
                    availability=data["availability"],
                )
                messages.success(request, f"已登记志愿者 {volunteer.name}。")
                return redirect("volunteers:roster")
            if "team-name" in request.POST and team_form.is_valid():
                data = team_form.cleaned_data
                team = services.team_create(
                    actor=request.user,
                    place=next(p for p in places if p.code == data["place"]),
                    name=data["name"],
                    kind=data["kind"],
                )
                messages.success(request, f"已成立服务队“{team.name}”。")
                return redirect("volunteers:roster")
        except DomainError as exc:
            target = form if "reg-phone" in request.POST else team_form
            target.add_error(exc.field if exc.field in target.fields else None, exc.message)
    rows = selectors.volunteers_visible_to(request.user).select_related("points")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteers/roster.html",
        {
            "page": page,
            "teams": selectors.teams_visible_to(request.user).select_related("leader")[:100],
            "form": form,
            "team_form": team_form,
            "manage": manage,
        },
    )


def _period(request) -> tuple[date, date, str]:
    today = timezone.localdate()
    if request.GET.get("period") == "year":
        return date(today.year, 1, 1), today, f"{today.year}年"
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return start, today, f"{today.year}年第{(today.month - 1) // 3 + 1}季度"


@login_required
def board(request):
    """时长晾晒: hours served, names masked, for the community the user belongs to or serves."""
    places = _places(request.user, rules.VIEW_ACTIVITY)
    code = request.GET.get("place", "")
    place = next((p for p in places if p.code == code), None)
    if place is None:
        communities = [p for p in places if p.level == PlaceLevel.COMMUNITY]
        place = communities[0] if communities else (places[0] if places else None)
    if place is None:
        volunteer = selectors.volunteer_of(request.user)
        place = volunteer.place if volunteer else None
    if place is None:
        raise PermissionDenied
    start, end, label = _period(request)
    rows = selectors.hours_board(place=place, start=start, end=end)
    return render(
        request,
        "volunteers/board.html",
        {"rows": rows, "place": place, "places": places, "label": label, "url": reverse("volunteers:board")},
    )

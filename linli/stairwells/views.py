"""楼道 pages: the team's monthly plan (generate, see who visits whom, what is done), the star ratings of a
scope (rate, award 先锋楼道)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules, selectors, services
from .choices import Indicator
from .models import Criterion


def _month(request) -> date:
    raw = request.GET.get("month") or request.POST.get("month") or ""
    try:
        year, month = (int(x) for x in raw.split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
def index(request):
    mine = selectors.my_units(request.user)
    if len(mine) == 1:
        return redirect("stairwells:plan", code=mine[0].code)
    if policy.may(request.user, rules.VIEW_RATING):
        return redirect("stairwells:ratings")
    raise PermissionDenied


@login_required
def plan(request, code: str):
    unit = selectors.unit_for(user=request.user, code=code)
    month = _month(request)
    if request.method == "POST":
        try:
            services.plan_generate(actor=request.user, unit=unit, month=month)
        except DomainError as exc:
            messages.error(request, exc.message)
        except PermissionDenied:
            messages.error(request, "您无权生成该楼道的走访计划。")
        else:
            messages.success(request, "已按居民台账生成本月走访计划。")
        return redirect(reverse("stairwells:plan", args=[unit.code]) + f"?month={month:%Y-%m}")
    current = selectors.plan_of(unit, month)
    items = selectors.plan_items(current) if current else []
    return render(
        request,
        "stairwells/plan.html",
        {
            "unit": unit,
            "month": month,
            "plan": current,
            "items": items,
            "done": sum(1 for i in items if i.done),
            "team": services.team_of(unit),
            "may_generate": policy.may(request.user, rules.GENERATE_PLAN, unit),
        },
    )


@login_required
def ratings(request):
    if not policy.may(request.user, rules.VIEW_RATING):
        raise PermissionDenied
    month = _month(request)
    places = list(
        policy.visible(
            request.user,
            rules.VIEW_RATING,
            Place.objects.filter(level__in=[PlaceLevel.COMMUNITY, PlaceLevel.COMPOUND]),
        ).order_by("code")[:300]
    )
    code = request.GET.get("under") or request.POST.get("under") or ""
    under = next((p for p in places if p.code == code), places[0] if places else None)
    if request.method == "POST" and under is not None:
        try:
            if request.POST.get("action") == "rate":
                n = services.rate_month(actor=request.user, under=under, month=month)
                messages.success(request, f"已评定 {under.name} {n} 个楼道 {month:%Y年%m月}的星级。")
            elif request.POST.get("action") == "award":
                unit = (
                    selectors.units_visible_to(request.user, rules.RATE)
                    .filter(code=request.POST.get("unit", ""))
                    .first()
                )
                if unit is None:
                    raise DomainError("找不到该楼道。")
                services.award_pioneer(
                    actor=request.user, unit=unit, month=month, reason=request.POST.get("reason", "")
                )
                messages.success(request, f"{unit.parent.name}{unit.name} 评为 {month:%Y年%m月}先锋楼道。")
        except DomainError as exc:
            messages.error(request, exc.message)
        except PermissionDenied:
            messages.error(request, "您无权评定星级楼道。")
        return redirect(reverse("stairwells:ratings") + f"?month={month:%Y-%m}&under={under.code}")
    rows = selectors.ratings(user=request.user, under=under, month=month)[:500] if under else []
    return render(
        request,
        "stairwells/ratings.html",
        {
            "month": month,
            "places": places,
            "under": under,
            "rows": rows,
            "awards": selectors.awards(user=request.user, month=month),
            "criteria": Criterion.objects.filter(is_active=True),
            "indicators": Indicator.choices,
            "may_rate": policy.may(request.user, rules.RATE),
        },
    )

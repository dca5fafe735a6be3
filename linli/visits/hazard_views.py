"""Thin views for hazards (安全隐患): list, report with photos, detail with steps, and the actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError

from . import rules, selectors, services
from .choices import HazardCategory, HazardStatus
from .forms import HazardForm
from .nav import render


@login_required
def hazard_list(request):
    policy.require(request.user, rules.VIEW_HAZARD)
    today = timezone.localdate()
    qs = selectors.hazard_visible_to(request.user).select_related("place__parent__parent__parent")
    status, category = request.GET.get("status", ""), request.GET.get("category", "")
    overdue = request.GET.get("overdue") == "1"
    if status in HazardStatus.values:
        qs = qs.filter(status=status)
    elif not overdue and status != "all":
        qs = qs.exclude(status=HazardStatus.CLOSED)
    if category in HazardCategory.values:
        qs = qs.filter(category=category)
    if overdue:
        qs = qs.exclude(status=HazardStatus.CLOSED).filter(deadline__lt=today)
    return render(
        request,
        "visits/hazards.html",
        {
            "page": Paginator(qs.order_by("deadline", "-found_at"), 30).get_page(request.GET.get("page")),
            "today": today,
            "params": {"status": status, "category": category, "overdue": overdue},
            "statuses": HazardStatus.choices,
            "categories": HazardCategory.choices,
            "may_report": policy.may(request.user, rules.REPORT_HAZARD),
        },
    )


@login_required
def hazard_new(request):
    policy.require(request.user, rules.REPORT_HAZARD)
    places = selectors.hazard_places_for(request.user)
    initial = {"place": request.GET.get("place", "")}
    form = HazardForm(request.POST or None, request.FILES or None, places=places, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            hazard = services.hazard_report(
                actor=request.user,
                place=next(p for p in places if p.code == data["place"]),
                category=data["category"],
                description=data["description"],
                deadline=data["deadline"],
                address=data["address"],
                photos=data["photos"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, f"隐患已上报，整改期限 {hazard.deadline:%Y-%m-%d}。")
            return redirect("visits:hazard_detail", pk=hazard.pk)
    return render(request, "visits/hazard_new.html", {"form": form})


@login_required
def hazard_detail(request, pk: int):
    hazard = selectors.hazard_get_for_user(user=request.user, pk=pk)
    is_open = hazard.status != HazardStatus.CLOSED
    return render(
        request,
        "visits/hazard_detail.html",
        {
            "hazard": hazard,
            "steps": hazard.steps.select_related("by").prefetch_related("photos"),
            "found_photos": [p for p in hazard.photos.all() if p.step_id is None or p.kind == "found"],
            "overdue": hazard.is_overdue(timezone.localdate()),
            "may_step": is_open and policy.may(request.user, rules.HANDLE_HAZARD, hazard),
            "may_close": is_open and policy.may(request.user, rules.CLOSE_HAZARD, hazard),
            "may_turn": is_open
            and not hazard.appeal_id
            and policy.may(request.user, rules.HANDLE_HAZARD, hazard),
        },
    )


@login_required
@require_POST
def hazard_act(request, pk: int, action: str):
    hazard = selectors.hazard_get_for_user(user=request.user, pk=pk)
    photos = request.FILES.getlist("photos")
    try:
        if action == "step":
            services.hazard_add_step(
                actor=request.user, hazard=hazard, note=request.POST.get("note", ""), photos=photos
            )
            messages.success(request, "已记录整改进展。")
        elif action == "close":
            services.hazard_close(
                actor=request.user, hazard=hazard, evidence=request.POST.get("evidence", ""), photos=photos
            )
            messages.success(request, "隐患已整改销号。")
        elif action == "to_appeal":
            appeal = services.hazard_to_appeal(actor=request.user, hazard=hazard)
            messages.success(request, f"已转为工单，编号 {appeal.number}，社区将派单处置。")
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您没有执行此操作的权限。")
    return redirect("visits:hazard_detail", pk=hazard.pk)


@login_required
def hazard_photo(request, pk: int, photo_pk: int):
    """A photo of a hazard, for those who may see the hazard (404 otherwise)."""
    from linli.core.files import private_file

    hazard = selectors.hazard_get_for_user(user=request.user, pk=pk)
    photo = hazard.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    return private_file(photo.image)

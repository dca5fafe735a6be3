"""Emergency pages: the list with the declare form, the live board per grid (refreshes itself), a
member's own households on a phone, one-tap confirmation, closing with the summary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules, selectors, services
from .choices import TaskStatus
from .forms import DeclareForm
from .models import HouseholdTask


@login_required
def index(request):
    if not policy.may(request.user, rules.VIEW_EMERGENCY):
        raise PermissionDenied
    may_declare = policy.may(request.user, rules.DECLARE)
    places = (
        list(
            policy.visible(
                request.user,
                rules.DECLARE,
                Place.objects.filter(
                    level__in=[PlaceLevel.STREET, PlaceLevel.COMMUNITY, PlaceLevel.COMPOUND]
                ),
            ).order_by("code")[:300]
        )
        if may_declare
        else []
    )
    form = DeclareForm(request.POST or None, places=places)
    if request.method == "POST" and may_declare and form.is_valid():
        data = form.cleaned_data
        try:
            emergency = services.emergency_declare(
                actor=request.user,
                place=next(p for p in places if p.code == data["place"]),
                title=data["title"],
                kind=data["kind"],
                level=data["level"],
                templates=data["templates"],
                reach_minutes=data["reach_minutes"],
                instructions=data["instructions"],
                is_drill=data["is_drill"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, f"已启动应急响应，{emergency.households} 户的入户任务已派到各楼道和微网格。"
            )
            return redirect("mobilization:board", pk=emergency.pk)
    rows = selectors.emergencies_visible_to(request.user)
    page = Paginator(rows, 20).get_page(request.GET.get("page"))
    return render(
        request, "mobilization/index.html", {"page": page, "form": form, "may_declare": may_declare}
    )


@login_required
def board(request, pk: int):
    emergency = selectors.emergency_for(user=request.user, pk=pk)
    rows = selectors.board(user=request.user, emergency=emergency)
    context = {
        "emergency": emergency,
        "rows": rows,
        "clock": selectors.clock(emergency),
        "total": {
            "households": sum(r.total for r in rows),
            "reached": sum(r.reached + r.needs_help for r in rows),
            "needs_help": sum(r.needs_help for r in rows),
            "pending": sum(r.pending + r.not_home for r in rows),
        },
        "may_close": emergency.status == "active"
        and policy.may(request.user, rules.DECLARE, emergency.place),
        "may_confirm": policy.may(request.user, rules.CONFIRM_TASK),
    }
    if request.htmx:
        return render(request, "mobilization/_board.html", context)
    return render(request, "mobilization/board.html", context)


@login_required
def mine(request, pk: int):
    emergency = selectors.emergency_for(user=request.user, pk=pk)
    if not policy.may(request.user, rules.CONFIRM_TASK):
        raise PermissionDenied
    tasks = selectors.my_tasks(user=request.user, emergency=emergency)
    page = Paginator(tasks, 40).get_page(request.GET.get("page"))
    open_count = tasks.filter(status__in=[TaskStatus.PENDING, TaskStatus.NOT_HOME]).count()
    return render(
        request,
        "mobilization/mine.html",
        {"emergency": emergency, "page": page, "open_count": open_count, "clock": selectors.clock(emergency)},
    )


@login_required
@require_POST
def confirm(request, pk: int, task_pk: int):
    emergency = selectors.emergency_for(user=request.user, pk=pk)
    task = policy.get_visible_or_404(
        request.user, rules.CONFIRM_TASK, HouseholdTask.objects.filter(emergency=emergency), pk=task_pk
    )
    try:
        task = services.task_confirm(
            actor=request.user,
            task=task,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
            to_appeal=bool(request.POST.get("to_appeal")),
        )
    except DomainError as exc:
        messages.error(request, f"{task.household.name}：{exc.message}")
    else:
        text = f"{task.household.display_name}：{task.get_status_display()}。"
        if task.appeal_id:
            text += f"需求已转为诉求 {task.appeal.number}。"
        messages.success(request, text)
    page = request.POST.get("page", "1")
    return redirect(
        reverse("mobilization:mine", args=[emergency.pk]) + f"?page={page if page.isdigit() else 1}"
    )


@login_required
@require_POST
def close(request, pk: int):
    emergency = selectors.emergency_for(user=request.user, pk=pk)
    try:
        services.emergency_close(actor=request.user, emergency=emergency)
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, "应急响应已结束，总结已生成。")
    return redirect("mobilization:board", pk=emergency.pk)

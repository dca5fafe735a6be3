"""Thin views: parse, fetch through selectors, call one service, render."""

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
from linli.places.models import Place

from . import rules, selectors
from .actions import ACTIONS, available_actions
from .choices import Channel, Status
from .deadlines import deadline_state, handle_clock, sign_clock
from .forms import RateForm, ReportForm, StaffIntakeForm
from .models import Category, HandlingUnit, ReplyTemplate
from .services import workflow
from .services.intake import appeal_submit, check_intake_rate, resident_places


@login_required
def appeal_queue(request):
    policy.require(request.user, rules.VIEW_APPEAL)
    counts = selectors.queue_counts(user=request.user)
    key = request.GET.get("queue") or next((k for k, n in counts.items() if n and k != "mine"), "all")
    if key not in selectors.QUEUES:
        raise Http404
    qs = selectors.queue(user=request.user, key=key)
    params = {
        k: request.GET.get(k, "").strip() for k in ("status", "category", "channel", "card", "q", "place")
    }
    qs = (
        selectors.filter_appeals(qs, **params)
        .select_related("category", "unit", "assignee")
        .order_by("-submitted_at")
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    may_dispatch = policy.may(request.user, rules.DISPATCH_APPEAL)
    return render(
        request,
        "appeals/queue.html",
        {
            "queues": [
                (k, selectors.QUEUES[k][0], counts.get(k))
                for k in selectors.QUEUES
                if k in counts or k == "all"
            ],
            "current": key,
            "page": page,
            "params": params,
            "statuses": Status.choices,
            "channels": Channel.choices,
            "categories": Category.objects.filter(parent__isnull=True),
            "may_dispatch": may_dispatch and key == "to_dispatch",
            "units": HandlingUnit.objects.filter(is_active=True).filter(
                HandlingUnit.scope_q(policy.scope_for(request.user, rules.DISPATCH_APPEAL))
            )[:200]
            if may_dispatch and key == "to_dispatch"
            else [],
        },
    )


@login_required
def appeal_report(request):
    """The resident's phone page: what happened, where, photos."""
    policy.require(request.user, rules.SUBMIT_APPEAL)
    places = resident_places(request.user)
    if not places:
        messages.error(request, "您的账号还没有登记住址，请联系社区工作人员。")
        return redirect("home")
    form = ReportForm(request.POST or None, request.FILES or None, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check_intake_rate(actor=request.user)
        try:
            appeal = appeal_submit(
                actor=request.user,
                channel=Channel.SELF_SERVICE,
                text=data["text"],
                appeal_type=data["appeal_type"],
                place=next(p for p in places if p.code == data["place"]),
                photos=data["photos"],
                is_public=data["is_public"],
                address=data["address"],
                latitude=data["latitude"],
                longitude=data["longitude"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, f"已提交，编号 {appeal.number}。社区会尽快受理，您可以在“我的诉求”里查看进度。"
            )
            return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/report.html", {"form": form})


@login_required
def appeal_new(request):
    """Staff record an appeal for a resident (代办, 接待日, 走访, 巡查, 热线)."""
    policy.require(request.user, rules.SUBMIT_APPEAL)
    categories = list(selectors.leaf_categories())
    form = StaffIntakeForm(request.POST or None, request.FILES or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = Place.objects.filter(code=data["place_code"].strip()).first()
        try:
            if place is None:
                raise DomainError("找不到该地点编码。", field="place_code")
            check_intake_rate(actor=request.user)
            appeal = appeal_submit(
                actor=request.user,
                channel=data["channel"],
                text=data["text"],
                title=data["title"],
                appeal_type=data["appeal_type"],
                category=next((c for c in categories if c.code == data["category"]), None),
                place=place,
                reporter_name=data["reporter_name"],
                reporter_phone=data["reporter_phone"],
                photos=data["photos"],
            )
        except DomainError as exc:
            field = "place_code" if exc.field == "place" else exc.field
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            messages.success(request, f"已录入并受理，编号 {appeal.number}。")
            return redirect("appeals:detail", pk=appeal.pk)
    return render(request, "appeals/new.html", {"form": form})


@login_required
def appeal_mine(request):
    policy.require(request.user, rules.VIEW_APPEAL)
    qs = selectors.queue(user=request.user, key="mine").select_related("category").order_by("-submitted_at")
    return render(
        request,
        "appeals/mine.html",
        {
            "page": Paginator(qs, 20).get_page(request.GET.get("page")),
            "neighbours": selectors.public_near_me(user=request.user),
        },
    )


@login_required
def appeal_detail(request, pk: int):
    appeal = selectors.appeal_get_for_user(user=request.user, pk=pk)
    from django.utils import timezone

    now = timezone.now()
    staff_view = policy.may(request.user, rules.NOTE_APPEAL, appeal)
    context = {
        "appeal": appeal,
        "events": selectors.timeline_for(user=request.user, appeal=appeal, internal=staff_view),
        "actions": available_actions(request.user, appeal),
        "staff_view": staff_view,
        "is_reporter": appeal.reporter_id == request.user.pk,
        "sign_state": deadline_state(sign_clock(appeal), now),
        "handle_state": deadline_state(handle_clock(appeal), now),
        "photos": appeal.photos.all(),
    }
    if staff_view:
        context.update(
            units=selectors.dispatch_targets(appeal=appeal),
            assignable=selectors.assignable_people(appeal=appeal)[:100],
            categories=selectors.leaf_categories(),
            templates=ReplyTemplate.objects.all()[:50],
            similar=selectors.similar_open_appeals(appeal=appeal)
            if appeal.status in (Status.SUBMITTED, Status.RECEIVED)
            else [],
        )
    if "rate" in {a.name for a in context["actions"]}:
        context["rate_form"] = RateForm()
    return render(request, "appeals/detail.html", context)


class _FormData:
    """The posted form, plus the uploaded photos under ``_files`` (the handlers read ``.get``)."""

    def __init__(self, post, files):
        self._post, self._files = post, files

    def get(self, name, default=None):
        return self._files if name == "_files" else self._post.get(name, default)


@login_required
@require_POST
def appeal_act(request, pk: int, action: str):
    appeal = selectors.appeal_get_for_user(user=request.user, pk=pk)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    try:
        message = handler(request.user, appeal, _FormData(request.POST, request.FILES.getlist("photos")))
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您没有执行此操作的权限。")
    else:
        messages.success(request, message)
    return redirect("appeals:detail", pk=appeal.pk)


@login_required
@require_POST
def appeal_bulk_dispatch(request):
    """批量派单: the selected appeals to one unit; each one succeeds or is reported on its own."""
    policy.require(request.user, rules.DISPATCH_APPEAL)
    unit = HandlingUnit.objects.filter(pk=request.POST.get("unit") or 0, is_active=True).first()
    if unit is None:
        messages.error(request, "请选择承办单位。")
        return redirect(reverse("appeals:list") + "?queue=to_dispatch")
    done, failed = 0, []
    for pk in request.POST.getlist("appeal"):
        try:
            appeal = selectors.appeal_get_for_user(user=request.user, pk=pk)
            workflow.appeal_dispatch(appeal=appeal, actor=request.user, unit=unit)
            done += 1
        except (DomainError, PermissionDenied, Http404) as exc:
            failed.append(f"{pk}：{getattr(exc, 'message', '无权或不存在')}")
    if done:
        messages.success(request, f"已派单 {done} 件给 {unit.name}。")
    for line in failed:
        messages.error(request, f"未能派单 {line}")
    return redirect(reverse("appeals:list") + "?queue=to_dispatch")


@login_required
def appeal_hotspots(request):
    policy.require(request.user, rules.VIEW_MEASURES)
    from django.conf import settings

    return render(
        request,
        "appeals/hotspots.html",
        {
            "rows": selectors.hotspots(user=request.user),
            "days": settings.LINLI_HOTSPOT_DAYS,
            "minimum": settings.LINLI_HOTSPOT_MIN,
        },
    )


@login_required
def appeal_measures(request):
    from .measures_views import measures_page

    return measures_page(request)


@login_required
def appeal_photo(request, pk: int, photo_pk: int):
    """A photo of an appeal, for those who may see the appeal (404 otherwise)."""
    from linli.core.files import private_file

    appeal = selectors.appeal_get_for_user(user=request.user, pk=pk)
    photo = appeal.photos.filter(pk=photo_pk).first()
    if photo is None:
        raise Http404
    return private_file(photo.image)

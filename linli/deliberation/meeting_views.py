"""Thin views for meetings, action items under supervision (督办) and the statistics page with the
联席会议 cadence check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError

from . import rules, selectors
from .choices import MeetingKind, MeetingStatus, ProgressKind, TopicStatus
from .models import ActionItem
from .nav import render
from .parsing import parse_datetime, parse_items
from .services import items as item_svc
from .services import meetings as svc


@login_required
def meeting_list(request):
    policy.require(request.user, rules.PARTICIPATE)
    qs = selectors.meetings_visible_to(user=request.user)
    kind = request.GET.get("kind", "")
    if kind in MeetingKind.values:
        qs = qs.filter(kind=kind)
    return render(
        request,
        "deliberation/meetings.html",
        {
            "meetings": qs[:50],
            "kind": kind,
            "kinds": MeetingKind.choices,
            "may_schedule": selectors.compounds_for(request.user, rules.MANAGE_MEETING).exists(),
        },
    )


@login_required
def meeting_new(request):
    places = list(selectors.compounds_for(request.user, rules.MANAGE_MEETING)[:200])
    if not places:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    default = places[0] if len(places) == 1 and not data.get("place") else None
    place = next((p for p in places if str(p.pk) == data.get("place", "")), default)
    topics = selectors.topics_visible_to(user=request.user).filter(
        place=place, status__in=[TopicStatus.DISCUSSING, TopicStatus.DECIDING]
    )
    candidates = selectors.owner_candidates(place) if place else []
    error = None
    if request.method == "POST":
        try:
            if place is None:
                raise DomainError("请选择小区。", field="place")
            chosen = set(request.POST.getlist("invitees"))
            meeting = svc.meeting_schedule(
                actor=request.user,
                place=place,
                kind=data.get("kind", ""),
                title=data.get("title", ""),
                scheduled_at=parse_datetime(
                    data.get("scheduled_at", ""), field="scheduled_at", label="召开时间"
                ),
                location=data.get("location", ""),
                topics=[t for t in topics if str(t.pk) in set(request.POST.getlist("topics"))],
                invitees=[u for u in candidates if str(u.pk) in chosen],
                guests=[(line, "") for line in data.get("guests", "").splitlines()],
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "会议已安排。")
            return redirect("deliberation:meeting", pk=meeting.pk)
    return render(
        request,
        "deliberation/meeting_new.html",
        {
            "places": places,
            "place": place,
            "kinds": MeetingKind.choices,
            "topics": topics,
            "candidates": candidates,
            "data": data,
            "error": error,
        },
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    manage = policy.may(request.user, rules.MANAGE_MEETING, meeting)
    invitees = list(meeting.invitees.all())
    mine = next((i for i in invitees if i.user_id == request.user.pk), None)
    scheduled = meeting.status == MeetingStatus.SCHEDULED
    return render(
        request,
        "deliberation/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda.all(),
            "invitees": invitees,
            "signed": sum(1 for i in invitees if i.signed_in_at),
            "may_sign_in": scheduled and (mine is None or mine.signed_in_at is None),
            "manage": manage and scheduled,
            "decisions": meeting.decisions.select_related("owner", "topic"),
            "candidates": selectors.owner_candidates(meeting.place) if manage and scheduled else [],
            "item_rows": range(3),
        },
    )


@login_required
@require_POST
def meeting_act(request, pk: int, action: str):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    post = request.POST
    try:
        if action == "sign_in":
            invitee = None
            if post.get("invitee"):
                invitee = (
                    meeting.invitees.filter(pk=post["invitee"]).first() if post["invitee"].isdigit() else None
                )
                if invitee is None:
                    raise DomainError("该参会人不属于本次会议。")
            svc.meeting_sign_in(actor=request.user, meeting=meeting, invitee=invitee)
            messages.success(request, "签到成功。")
        elif action == "record":
            agenda = {str(t.pk): t for t in meeting.agenda.all()}
            decisions = parse_items(
                post.getlist("item_text"),
                post.getlist("item_owner"),
                post.getlist("item_deadline"),
                candidates=selectors.owner_candidates(meeting.place),
                topics=post.getlist("item_topic"),
                agenda=agenda,
            )
            svc.meeting_record(
                actor=request.user, meeting=meeting, minutes=post.get("minutes", ""), decisions=decisions
            )
            messages.success(request, "会议记录已保存，会议决定进入督办。")
        elif action == "cancel":
            svc.meeting_cancel(actor=request.user, meeting=meeting, reason=post.get("reason", ""))
            messages.success(request, "会议已取消。")
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您没有执行此操作的权限。")
    return redirect("deliberation:meeting", pk=meeting.pk)


@login_required
def item_list(request):
    policy.require(request.user, rules.SUPERVISE_ITEM)
    qs = selectors.items_to_supervise(user=request.user).prefetch_related("progress__by")
    today = timezone.localdate()
    show = request.GET.get("show", "open")
    if show == "overdue":
        qs = qs.filter(done_at__isnull=True, deadline__lt=today)
    elif show != "all":
        qs = qs.filter(done_at__isnull=True)
    items = list(qs[:100])
    urgeable = set(
        policy.visible(
            request.user, rules.MANAGE_TOPIC, ActionItem.objects.filter(pk__in=[i.pk for i in items])
        ).values_list("pk", flat=True)
    )
    for item in items:
        item.overdue = item.is_overdue(today)
        item.may_urge = item.pk in urgeable
    return render(request, "deliberation/items.html", {"items": items, "show": show})


@login_required
@require_POST
def item_act(request, pk: int, action: str):
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    try:
        if action in (ProgressKind.PROGRESS, ProgressKind.URGE):
            item_svc.item_note(actor=request.user, item=item, note=request.POST.get("note", ""), kind=action)
            messages.success(request, "已记录。")
        elif action == "done":
            item_svc.item_complete(actor=request.user, item=item, note=request.POST.get("note", ""))
            messages.success(request, "事项已完成。")
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您没有执行此操作的权限。")
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/deliberation/") and "//" not in back else "deliberation:items")


@login_required
def stats(request):
    policy.require(request.user, rules.VIEW_CADENCE)
    month = timezone.localdate()
    total, rows = selectors.counts(user=request.user)
    return render(
        request,
        "deliberation/stats.html",
        {
            "total": total,
            "rows": rows,
            "month": month,
            "gaps": selectors.joint_meeting_gaps(user=request.user, month=month),
        },
    )

"""Thin views for topics (议题): list, propose, detail with the steps the user may take, and the actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.selectors import narrowing_code, narrowing_label

from . import rules, selectors
from .actions import rows_from, run_topic_action
from .choices import DecisionMode, InputKind, MeetingStatus, ProposerBody, TopicCategory, TopicStatus
from .nav import render
from .poll_card import linkable_polls, poll_card
from .services import topics as svc
from .transitions import allowed_from


@login_required
def topic_list(request):
    policy.require(request.user, rules.PARTICIPATE)
    qs = selectors.topics_visible_to(user=request.user)
    status = request.GET.get("status", "")
    if status in TopicStatus.values:
        qs = qs.filter(status=status)
    place = narrowing_code(request)
    if place:
        qs = qs.filter(place__code__startswith=place)
    page = Paginator(qs.order_by("-created_at"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "deliberation/topics.html",
        {
            "page": page,
            "status": status,
            "place": place,
            "place_name": narrowing_label(place, bool(page.object_list)),
            "statuses": TopicStatus.choices,
            "may_propose": selectors.compounds_for(request.user, rules.PROPOSE_TOPIC).exists(),
        },
    )


@login_required
def topic_new(request):
    places = list(selectors.compounds_for(request.user, rules.PROPOSE_TOPIC)[:200])
    if not places:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else {}
    default = places[0] if len(places) == 1 and not data.get("place") else None
    place = next((p for p in places if str(p.pk) == data.get("place", "")), default)
    bodies = svc.bodies_for(request.user, place) if place else [ProposerBody.RESIDENT.value]
    error = None
    if request.method == "POST":
        try:
            if place is None:
                raise DomainError("请选择小区。", field="place")
            topic = svc.topic_propose(
                actor=request.user,
                place=place,
                title=data.get("title", ""),
                description=data.get("description", ""),
                category=data.get("category", ""),
                body=data.get("body", ProposerBody.RESIDENT),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "议题已提交，等待党组织审核。")
            return redirect("deliberation:topic", pk=topic.pk)
    labels = dict(ProposerBody.choices)
    return render(
        request,
        "deliberation/topic_new.html",
        {
            "places": places,
            "place": place,
            "bodies": [(b, labels[b]) for b in bodies],
            "categories": TopicCategory.choices,
            "data": data,
            "error": error,
        },
    )


@login_required
def topic_detail(request, pk: int):
    user = request.user
    topic = selectors.topic_get_for_user(user=user, pk=pk)
    steps = [t for t in allowed_from(topic.status) if policy.may(user, t.permission, topic)]
    if topic.decision_mode != DecisionMode.VOTE or topic.poll_id:
        steps = [t for t in steps if t.name != "link_poll"]
    participant = policy.may(user, rules.PARTICIPATE, topic)
    items = list(topic.items.select_related("owner", "done_by"))
    today = timezone.localdate()
    for item in items:
        item.overdue = item.is_overdue(today)
    manage = policy.may(user, rules.MANAGE_TOPIC, topic)
    scheduled = selectors.meetings_visible_to(user=user).filter(
        place=topic.place, status=MeetingStatus.SCHEDULED
    )
    return render(
        request,
        "deliberation/topic_detail.html",
        {
            "topic": topic,
            "steps": {t.name: t for t in steps},
            "events": topic.events.select_related("actor"),
            "needs": topic.inputs.filter(kind=InputKind.NEED).select_related("author"),
            "opinions": topic.inputs.filter(kind=InputKind.OPINION).select_related("author"),
            "supports": topic.supports.count(),
            "supported": topic.supports.filter(user=user).exists(),
            "items": items,
            "evaluations": topic.evaluations.select_related("user"),
            "evaluated": topic.evaluations.filter(user=user).exists(),
            "participant": participant,
            "categories": TopicCategory.choices,
            "modes": DecisionMode.choices,
            "meetings": scheduled if manage else [],
            "candidates": selectors.owner_candidates(topic.place) if manage else [],
            "item_rows": range(3),
            "agenda_meetings": topic.meetings.all(),
            "poll": poll_card(topic),
            "linkable_polls": linkable_polls(user, topic) if "link_poll" in {t.name for t in steps} else [],
        },
    )


@login_required
@require_POST
def topic_act(request, pk: int, action: str):
    topic = selectors.topic_get_for_user(user=request.user, pk=pk)
    try:
        messages.success(
            request, run_topic_action(request.user, topic, action, request.POST.get, rows_from(request.POST))
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您没有执行此操作的权限。")
    return redirect("deliberation:topic", pk=topic.pk)

"""The JSON API for deliberation: topics with the steps the caller may take, proposing and acting on a
topic, meetings with sign-in, and the counts with the 联席会议 cadence. Thin over selectors and services;
errors are mapped to JSON by linli.api."""

from __future__ import annotations

from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils import timezone
from ninja import Router, Status

from linli.core import policy
from linli.core.api_errors import errors

from . import rules, selectors
from .actions import run_topic_action
from .choices import InputKind
from .models import Topic, TopicEvent
from .schemas import (
    DeliberationCountsOut,
    MeetingOut,
    TopicActionIn,
    TopicActionResult,
    TopicDetail,
    TopicIn,
    TopicOut,
)
from .services import meetings as meeting_svc
from .services import topics as svc
from .services.polls import poll_of
from .transitions import allowed_from

router = Router(tags=["议事协商"])


def _out(t: Topic) -> dict:
    return {
        "id": t.pk,
        "title": t.title,
        "status": t.status,
        "status_label": t.get_status_display(),
        "place_code": t.place.code,
        "place_name": t.place.name,
        "category": t.category,
        "proposer_body": t.proposer_body,
        "created_at": t.created_at,
        "supports": t.n_supports if hasattr(t, "n_supports") else t.supports.count(),
    }


@router.get("/topics", response={200: list[TopicOut], **errors(403, 422)})
def topic_list(request, status: str = ""):
    policy.require(request.user, rules.PARTICIPATE)
    qs = selectors.topics_visible_to(user=request.user).annotate(n_supports=Count("supports"))
    if status:
        qs = qs.filter(status=status)
    return [_out(t) for t in qs.order_by("-created_at")[:200]]


@router.get("/topics/{int:pk}", response={200: TopicDetail, **errors(404, 422)})
def topic_detail(request, pk: int):
    user = request.user
    t = selectors.topic_get_for_user(user=user, pk=pk)
    today = timezone.localdate()
    inputs = t.inputs.aggregate(
        needs=Count("pk", filter=Q(kind=InputKind.NEED)),
        opinions=Count("pk", filter=Q(kind=InputKind.OPINION)),
    )
    scores = t.evaluations.aggregate(n=Count("pk"), avg=Avg("score"))
    labels = dict(TopicEvent._meta.get_field("kind").choices)
    return {
        **_out(t),
        "description": t.description,
        "return_reason": t.return_reason,
        "decision_mode": t.decision_mode,
        "resolution": t.resolution,
        "is_consensus": t.is_consensus,
        "steward": t.steward.name if t.steward else None,
        "actions": [x.name for x in allowed_from(t.status) if policy.may(user, x.permission, t)],
        "needs": inputs["needs"],
        "opinions": inputs["opinions"],
        "evaluations": scores["n"],
        "average_score": round(scores["avg"], 2) if scores["avg"] is not None else None,
        "items": [
            {
                "id": i.pk,
                "text": i.text,
                "owner": i.owner.name,
                "deadline": i.deadline,
                "done_at": i.done_at,
                "overdue": i.is_overdue(today),
            }
            for i in t.items.select_related("owner")
        ],
        "poll": _poll(t),
        "events": [
            {
                "kind": e.kind,
                "label": labels.get(e.kind, e.kind),
                "at": e.at,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "note": e.note,
            }
            for e in t.events.all()
        ],
    }


def _poll(t: Topic) -> dict | None:
    result = poll_of(t)
    if result is None:
        return None
    return {"id": t.poll_id, "title": t.poll.title, "status": t.poll.status, "summary": result.summary}


@router.post("/topics", response={201: TopicOut, **errors(400, 403, 404, 409, 422)})
def topic_propose(request, payload: TopicIn):
    place = selectors.compounds_for(request.user, rules.PROPOSE_TOPIC).filter(code=payload.place_code).first()
    if place is None:
        raise Http404
    t = svc.topic_propose(
        actor=request.user,
        place=place,
        title=payload.title,
        description=payload.description,
        category=payload.category,
        body=payload.body,
    )
    return Status(201, _out(t))


@router.post(
    "/topics/{int:pk}/{action}", response={200: TopicActionResult, **errors(400, 403, 404, 409, 422)}
)
def topic_act(request, pk: int, action: str, payload: TopicActionIn):
    topic = selectors.topic_get_for_user(user=request.user, pk=pk)
    values = payload.dict()
    values["meeting"] = str(payload.meeting_id or "")
    values["score"] = "" if payload.score is None else str(payload.score)
    values["options"] = "\n".join(payload.options)
    values["poll"] = str(payload.poll_id or "")

    def get(name, default=None):
        value = values.get(name, default)
        return "1" if value is True else ("" if value is False else value)

    rows = (
        [i.text for i in payload.items],
        [str(i.owner_id) for i in payload.items],
        [i.deadline for i in payload.items],
    )
    message = run_topic_action(request.user, topic, action, get, rows)
    topic.refresh_from_db()
    return {"detail": message, "status": topic.status}


@router.get("/meetings", response={200: list[MeetingOut], **errors(403)})
def meeting_list(request):
    policy.require(request.user, rules.PARTICIPATE)
    qs = selectors.meetings_visible_to(user=request.user).annotate(
        invited=Count("invitees"), signed_in=Count("invitees", filter=Q(invitees__signed_in_at__isnull=False))
    )
    return [
        {
            "id": m.pk,
            "kind": m.kind,
            "kind_label": m.get_kind_display(),
            "title": m.title,
            "place_name": m.place.name,
            "scheduled_at": m.scheduled_at,
            "location": m.location,
            "status": m.status,
            "invited": m.invited,
            "signed_in": m.signed_in,
        }
        for m in qs[:200]
    ]


@router.post(
    "/meetings/{int:pk}/sign-in", response={200: TopicActionResult, **errors(400, 403, 404, 409, 422)}
)
def meeting_sign_in(request, pk: int):
    meeting = selectors.meeting_get_for_user(user=request.user, pk=pk)
    meeting_svc.meeting_sign_in(actor=request.user, meeting=meeting)
    return {"detail": "签到成功。", "status": meeting.status}


@router.get("/counts", response={200: DeliberationCountsOut, **errors(403)})
def counts(request):
    policy.require(request.user, rules.VIEW_CADENCE)
    total, _rows = selectors.counts(user=request.user)
    gaps = selectors.joint_meeting_gaps(user=request.user, month=timezone.localdate())
    return {
        "held": total.held,
        "solved": total.solved,
        "consensus": total.consensus,
        "meetings": total.meetings,
        "joint_meeting_missing": [g.compound.code for g in gaps],
    }

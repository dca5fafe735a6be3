"""The JSON API of polls and 业主大会 votes: list, detail with result, create, open, close, vote online,
enter a paper ballot. Thin over selectors and services; errors become JSON with a Chinese ``detail`` in
linli.api (DomainError 400, Conflict 409, PermissionDenied 403, Http404 404)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from linli.core import policy
from linli.core.api_errors import errors
from linli.places.models import GridNode, Place

from . import rules, selectors, services
from .choices import ChoiceMode, PollKind, VoterUnit
from .models import Participation, Poll

router = Router(tags=["表决"])


class PollIn(Schema):
    place: str = Field(description="小区或楼栋编码（按网格发起时为社区编码）")
    title: str
    kind: str = PollKind.OPINION
    options: list[str] = []
    description: str = ""
    grid: str | None = None
    choice_mode: str = ChoiceMode.SINGLE
    max_choices: int | None = None
    voter_unit: str = VoterUnit.HOUSEHOLD
    secret: bool = False
    hide_results: bool = False
    matter: str = ""
    closes_at: datetime | None = None
    subject_label: str = ""
    subject_url: str = ""


class BallotIn(Schema):
    option_ids: list[int]


class PaperIn(Schema):
    elector_id: int
    option_ids: list[int]


class PollOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    place: str
    place_name: str
    voter_unit: str
    secret: bool
    hide_results: bool
    matter: str
    closes_at: datetime | None
    outcome: str
    subject_label: str
    subject_url: str


class OptionOut(Schema):
    id: int
    label: str
    count: int | None = None
    area: Decimal | None = None


class PollDetail(PollOut):
    options: list[OptionOut]
    eligible: int
    voted: int
    results_hidden: bool
    can_vote: bool
    voted_by_me: bool
    explanation: list[str] = []


class CastOut(Schema):
    poll: int
    channel: str
    cast_at: datetime
    detail: str


def _out(poll: Poll) -> dict:
    return {
        "id": poll.pk,
        "title": poll.title,
        "kind": poll.kind,
        "kind_label": poll.get_kind_display(),
        "status": poll.status,
        "status_label": poll.get_status_display(),
        "place": poll.place.code,
        "place_name": poll.place.display_name,
        "voter_unit": poll.voter_unit,
        "secret": poll.secret,
        "hide_results": poll.hide_results,
        "matter": poll.matter,
        "closes_at": poll.closes_at,
        "outcome": poll.outcome,
        "subject_label": poll.subject_label,
        "subject_url": poll.subject_url,
    }


def _detail(request, poll: Poll) -> dict:
    result = selectors.poll_result(poll=poll)
    counts = {c.option.pk: c for c in result.options}
    elector = selectors.elector_of(request.user, poll)
    voted = elector is not None and Participation.objects.filter(elector=elector).exists()
    return {
        **_out(poll),
        "options": [
            {
                "id": o.pk,
                "label": o.label,
                "count": counts[o.pk].count if o.pk in counts else None,
                "area": counts[o.pk].area if o.pk in counts and poll.is_assembly else None,
            }
            for o in poll.options.all()
        ],
        "eligible": result.eligible,
        "voted": result.voted,
        "results_hidden": result.hidden,
        "can_vote": elector is not None and not voted and poll.status == "open",
        "voted_by_me": voted,
        "explanation": result.decision.explanation if result.decision else [],
    }


@router.get("/", response={200: list[PollOut], **errors(422)}, summary="我能看到的表决")
def poll_list(request, status: str = ""):
    polls = selectors.polls_visible_to(user=request.user)
    if status:
        polls = polls.filter(status=status)
    return [_out(p) for p in polls[:200]]


@router.get("/awaiting", response={200: list[PollOut], **errors()}, summary="待我投票的表决")
def awaiting(request):
    return [_out(p) for p in selectors.polls_awaiting_vote(user=request.user)[:200]]


@router.post("/", response={201: PollDetail, **errors(400, 403, 404, 409, 422)}, summary="发起表决（草稿）")
def poll_create(request, data: PollIn):
    place = policy.get_visible_or_404(request.user, rules.MANAGE_POLL, Place.objects.all(), code=data.place)
    grid = get_object_or_404(GridNode, code=data.grid) if data.grid else None
    fields = data.dict(exclude={"place", "grid"})
    poll = services.poll_create(actor=request.user, place=place, grid=grid, **fields)
    return Status(201, _detail(request, poll))


@router.get("/{poll_id}", response={200: PollDetail, **errors(404, 422)}, summary="表决详情和结果")
def poll_detail(request, poll_id: int):
    return _detail(request, selectors.poll_get_for_user(user=request.user, pk=poll_id))


@router.post(
    "/{poll_id}/open",
    response={200: PollDetail, **errors(400, 403, 404, 409, 422)},
    summary="开始投票（固定表决权名册）",
)
def poll_open(request, poll_id: int):
    poll = services.poll_open(
        actor=request.user, poll=selectors.poll_get_for_user(user=request.user, pk=poll_id)
    )
    return _detail(request, poll)


@router.post(
    "/{poll_id}/close",
    response={200: PollDetail, **errors(400, 403, 404, 409, 422)},
    summary="结束投票并计票",
)
def poll_close(request, poll_id: int):
    poll = services.poll_close(
        actor=request.user, poll=selectors.poll_get_for_user(user=request.user, pk=poll_id)
    )
    return _detail(request, poll)


@router.post(
    "/{poll_id}/ballot", response={201: CastOut, **errors(400, 403, 404, 409, 422)}, summary="本人在线投票"
)
def ballot_cast(request, poll_id: int, data: BallotIn):
    poll = selectors.poll_get_for_user(user=request.user, pk=poll_id)
    p = services.ballot_cast(actor=request.user, poll=poll, option_ids=data.option_ids)
    return Status(201, {"poll": poll.pk, "channel": p.channel, "cast_at": p.cast_at, "detail": "投票成功。"})


@router.post(
    "/{poll_id}/paper", response={201: CastOut, **errors(400, 403, 404, 409, 422)}, summary="录入纸质表决票"
)
def paper_enter(request, poll_id: int, data: PaperIn):
    poll = selectors.poll_get_for_user(user=request.user, pk=poll_id)
    elector = get_object_or_404(poll.electors.all(), pk=data.elector_id)
    p = services.paper_ballot_enter(
        actor=request.user, poll=poll, elector=elector, option_ids=data.option_ids
    )
    return Status(
        201, {"poll": poll.pk, "channel": p.channel, "cast_at": p.cast_at, "detail": "已录入纸质表决票。"}
    )

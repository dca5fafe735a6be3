"""Owners JSON API (/api/owners): 业委会 candidate review — list, propose, approve, reject with a reason,
pre-appointment talk. Same selectors and services as the pages."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Router, Schema, Status

from linli.core import policy
from linli.core.api_errors import errors
from linli.core.exceptions import DomainError

from . import candidates, selectors
from .models import CandidateReview
from .rules import PROPOSE_CANDIDATE, VIEW_OWNERS

router = Router(tags=["业主自治"])


class CandidateIn(Schema):
    body_id: int
    name: str
    is_party_member: bool = False
    intro: str = ""


class ReasonIn(Schema):
    reason: str


class TalkIn(Schema):
    talk_on: date
    talk_note: str


class CandidateOut(Schema):
    id: int
    body_id: int
    body_name: str
    name: str
    is_party_member: bool
    intro: str
    status: str
    status_label: str
    reason: str
    proposed_at: datetime | None
    reviewed_on: date | None
    talk_on: date | None
    talk_note: str


def _out(r: CandidateReview) -> dict:
    return {
        "id": r.pk,
        "body_id": r.body_id,
        "body_name": r.body.name,
        "name": r.name,
        "is_party_member": r.is_party_member,
        "intro": r.intro,
        "status": r.status,
        "status_label": r.get_status_display(),
        "reason": r.reason,
        "proposed_at": r.proposed_at,
        "reviewed_on": r.reviewed_on,
        "talk_on": r.talk_on,
        "talk_note": r.talk_note,
    }


def _get(request, review_id: int) -> CandidateReview:
    policy.require(request.user, VIEW_OWNERS)
    return policy.get_visible_or_404(
        request.user, VIEW_OWNERS, selectors.candidates_visible_to(user=request.user), pk=review_id
    )


@router.get(
    "/candidates",
    response={200: list[CandidateOut], **errors(403, 422)},
    summary="候选人审查（status 可选：pending/approved/rejected）",
)
def candidate_list(request, status: str = ""):
    policy.require(request.user, VIEW_OWNERS)
    qs = selectors.candidates_visible_to(user=request.user)
    if status:
        qs = qs.filter(status=status)
    return [_out(r) for r in qs[:200]]


@router.post(
    "/candidates",
    response={201: CandidateOut, **errors(400, 403, 409, 422)},
    summary="推荐候选人，提交党组织审查",
)
def candidate_create(request, payload: CandidateIn):
    policy.require(request.user, PROPOSE_CANDIDATE)
    body = (
        policy.visible(request.user, PROPOSE_CANDIDATE, selectors.bodies_visible_to(user=request.user))
        .filter(pk=payload.body_id)
        .first()
    )
    if body is None:
        raise DomainError("找不到该业委会（物管会、监事会），或不在您的范围内。", field="body_id")
    review = candidates.candidate_propose(
        actor=request.user,
        body=body,
        name=payload.name,
        is_party_member=payload.is_party_member,
        intro=payload.intro,
    )
    return Status(201, _out(review))


@router.get(
    "/candidates/{int:review_id}", response={200: CandidateOut, **errors(403, 404, 422)}, summary="一名候选人"
)
def candidate_detail(request, review_id: int):
    return _out(_get(request, review_id))


@router.post(
    "/candidates/{int:review_id}/approve",
    response={200: CandidateOut, **errors(400, 403, 404, 409, 422)},
    summary="党组织审查通过",
)
def candidate_approve(request, review_id: int):
    return _out(candidates.candidate_approve(actor=request.user, review=_get(request, review_id)))


@router.post(
    "/candidates/{int:review_id}/reject",
    response={200: CandidateOut, **errors(400, 403, 404, 409, 422)},
    summary="审查不通过（须说明原因）",
)
def candidate_reject(request, review_id: int, payload: ReasonIn):
    review = _get(request, review_id)
    return _out(candidates.candidate_reject(actor=request.user, review=review, reason=payload.reason))


@router.post(
    "/candidates/{int:review_id}/talk",
    response={200: CandidateOut, **errors(400, 403, 404, 409, 422)},
    summary="记录任前谈话（审查通过后）",
)
def candidate_talk(request, review_id: int, payload: TalkIn):
    review = _get(request, review_id)
    return _out(
        candidates.candidate_record_talk(
            actor=request.user, review=review, on=payload.talk_on, note=payload.talk_note
        )
    )

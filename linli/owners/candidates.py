"""业委会 candidate review (候选人资格审查) by the party organisation.

Aggregate: ``CandidateReview`` with its append-only ``CandidateEvent`` log. A candidate is proposed for an
owners' body (业委会, 物管会, 监事会); the party organisation over the 小区 approves, or rejects with a
reason; after approval it records the pre-appointment talk (任前谈话). Status moves by compare-and-set
from 待审查, so two reviewers cannot both decide; the database refuses a rejection without a reason and a
talk before approval. Every service is keyword-only, takes ``actor``, and raises PermissionDenied out of
scope, DomainError / Conflict with a Chinese message otherwise — nothing is written then."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.party.choices import OWNERS_BODIES
from linli.party.models import Body

from .models import CandidateEvent, CandidateReview, CandidateStatus
from .rules import PROPOSE_CANDIDATE, REVIEW_CANDIDATE


def _text(value: str | None, *, label: str, field: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{label}。", field=field)
    if len(value) > max_length:
        raise DomainError(f"{label}不能超过 {max_length} 个字。", field=field)
    return value


def _event(review, *, actor, permission, verb, before="", after="", note=""):
    CandidateEvent.objects.create(
        review=review,
        verb=verb,
        from_status=before,
        to_status=after,
        actor=actor,
        actor_role=policy.acting_role(actor, permission),
        note=note[:200],
    )


@transaction.atomic
def candidate_propose(
    *, actor, body: Body, name: str, is_party_member: bool = False, intro: str = ""
) -> CandidateReview:
    """Put ``name`` forward for ``body``; the review starts as 待审查."""
    if body.kind not in OWNERS_BODIES:
        raise DomainError("只能为业委会、物管会或监事会推荐候选人。", field="body")
    policy.require(actor, PROPOSE_CANDIDATE, body)
    name = _text(name, label="候选人姓名", field="name", max_length=40)
    intro = _text(intro, label="基本情况", field="intro", max_length=1000, required=False)
    if CandidateReview.objects.filter(body=body, name=name, status=CandidateStatus.PENDING).exists():
        raise DomainError(f"{name}已在审查中。", field="name")
    review = CandidateReview.objects.create(
        body=body,
        name=name,
        is_party_member=is_party_member,
        intro=intro,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    _event(review, actor=actor, permission=PROPOSE_CANDIDATE, verb="proposed", after=CandidateStatus.PENDING)
    return review


def _decide(*, actor, review: CandidateReview, status: str, reason: str, on: date | None) -> CandidateReview:
    policy.require(actor, REVIEW_CANDIDATE, review)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError("审查日期不能晚于今天。", field="reviewed_on")
    updated = CandidateReview.objects.filter(pk=review.pk, status=CandidateStatus.PENDING).update(
        status=status, reason=reason, reviewed_by=actor, reviewed_on=on
    )
    if updated != 1:
        raise Conflict("该候选人已审查，请刷新页面。")
    review.refresh_from_db()
    verb = "approved" if status == CandidateStatus.APPROVED else "rejected"
    _event(
        review,
        actor=actor,
        permission=REVIEW_CANDIDATE,
        verb=verb,
        before=CandidateStatus.PENDING,
        after=status,
        note=reason,
    )
    return review


@transaction.atomic
def candidate_approve(*, actor, review: CandidateReview, on: date | None = None) -> CandidateReview:
    """The party organisation finds the candidate qualified."""
    return _decide(actor=actor, review=review, status=CandidateStatus.APPROVED, reason="", on=on)


@transaction.atomic
def candidate_reject(
    *, actor, review: CandidateReview, reason: str, on: date | None = None
) -> CandidateReview:
    """The party organisation finds the candidate not qualified, and says why."""
    reason = _text(reason, label="不通过原因", field="reason", max_length=200)
    return _decide(actor=actor, review=review, status=CandidateStatus.REJECTED, reason=reason, on=on)


@transaction.atomic
def candidate_record_talk(*, actor, review: CandidateReview, on: date, note: str) -> CandidateReview:
    """Record the pre-appointment talk with an approved candidate (may be corrected; each is logged)."""
    policy.require(actor, REVIEW_CANDIDATE, review)
    if on is None:
        raise DomainError("请填写谈话日期。", field="talk_on")
    if on > timezone.localdate():
        raise DomainError("谈话日期不能晚于今天。", field="talk_on")
    note = _text(note, label="谈话记录", field="talk_note", max_length=2000)
    if review.reviewed_on and on < review.reviewed_on:
        raise DomainError("任前谈话应在资格审查之后。", field="talk_on")
    updated = CandidateReview.objects.filter(pk=review.pk, status=CandidateStatus.APPROVED).update(
        talk_on=on, talk_note=note
    )
    if updated != 1:
        raise DomainError("资格审查通过后才能记录任前谈话。", field="talk_on")
    review.refresh_from_db()
    _event(review, actor=actor, permission=REVIEW_CANDIDATE, verb="talked", note=f"{on} 任前谈话")
    return review

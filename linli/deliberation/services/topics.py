"""Topics (议题): propose, review (approve / return with a reason), resubmit, withdraw, open for opinions,
send to a meeting or a vote, resolve with action items, close; needs, opinions, supports, evaluations.

Invariants: the workflow moves only through transitions.TRANSITIONS (compare-and-set, one event per
change); one support and one evaluation per person (database); a topic closes only when every action
item is done."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.core.policy import Scope

from .. import rules
from ..choices import DecisionMode, InputKind, ProposerBody, TopicCategory, TopicEventKind, TopicStatus
from ..models import ActionItem, Meeting, Topic, TopicEvaluation, TopicEvent, TopicInput, TopicSupport
from ..scoping import compounds_in
from ._apply import apply_transition
from .items import check_items, create_items

_OPEN_FOR_SUPPORT = {TopicStatus.COLLECTING, TopicStatus.DISCUSSING, TopicStatus.DECIDING}


def bodies_for(user, place) -> list[str]:
    """The bodies ``user`` may speak for when proposing at the 小区 ``place`` (居民 always)."""
    found = [ProposerBody.RESIDENT.value]
    for body, roles in rules.BODY_ROLES.items():
        held = [a for a in user.active_assignments() if a.role in roles]
        if not held:
            continue
        scope = Scope(
            everything=any(a.place_code is None and a.grid_code is None for a in held),
            place_codes=frozenset(a.place_code for a in held if a.place_code),
            grid_codes=frozenset(a.grid_code for a in held if a.grid_code),
        )
        if compounds_in(scope).filter(pk=place.pk).exists():
            found.append(body)
    return found


def _clean_text(title: str, description: str, category: str) -> tuple[str, str]:
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise DomainError("请填写议题名称。", field="title")
    if len(title) > 80:
        raise DomainError("议题名称不能超过 80 个字。", field="title")
    if not description:
        raise DomainError("请写明议题内容：要解决什么问题、有什么想法。", field="description")
    if len(description) > 2000:
        raise DomainError("议题内容不能超过 2000 个字。", field="description")
    if category not in TopicCategory.values:
        raise DomainError("请选择议题类别。", field="category")
    return title, description


@transaction.atomic
def topic_propose(*, actor, place, title: str, description: str, category: str, body: str) -> Topic:
    """A resident or a body proposes a topic for their 小区; it waits for the party organisation's review.
    Raises PermissionDenied outside the proposer's 小区, DomainError for bad input."""
    if not compounds_in(policy.scope_for(actor, rules.PROPOSE_TOPIC)).filter(pk=place.pk).exists():
        raise PermissionDenied
    title, description = _clean_text(title, description, category)
    if body not in bodies_for(actor, place):
        raise DomainError("您不能以该身份提出议题。", field="body")
    topic = Topic.objects.create(
        place=place,
        title=title,
        description=description,
        category=category,
        proposer=actor,
        proposer_body=body,
    )
    TopicEvent.objects.create(
        topic=topic,
        kind=TopicEventKind.PROPOSED,
        actor=actor,
        actor_role=policy.acting_role(actor, rules.PROPOSE_TOPIC),
        to_status=topic.status,
        note=ProposerBody(body).label,
    )
    return topic


@transaction.atomic
def topic_approve(*, actor, topic: Topic, note: str = "") -> TopicEvent:
    """The reviewer approves; they become the topic's organiser (steward) and needs are collected."""
    now = timezone.now()
    return apply_transition(
        topic=topic, name="approve", actor=actor, changes={"steward": actor, "reviewed_at": now}, note=note
    )


@transaction.atomic
def topic_return(*, actor, topic: Topic, reason: str) -> TopicEvent:
    """The reviewer returns the topic to its proposer with a reason (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("退回议题须写明理由。", field="reason")
    if len(reason) > 300:
        raise DomainError("退回理由不能超过 300 个字。", field="reason")
    changes = {"return_reason": reason, "reviewed_at": timezone.now()}
    return apply_transition(topic=topic, name="return", actor=actor, changes=changes, note=reason)


@transaction.atomic
def topic_resubmit(*, actor, topic: Topic, title: str, description: str, category: str) -> TopicEvent:
    """The proposer revises a returned topic and submits it for review again."""
    title, description = _clean_text(title, description, category)
    changes = {"title": title, "description": description, "category": category, "return_reason": ""}
    return apply_transition(topic=topic, name="resubmit", actor=actor, changes=changes)


@transaction.atomic
def topic_withdraw(*, actor, topic: Topic) -> TopicEvent:
    return apply_transition(topic=topic, name="withdraw", actor=actor)


@transaction.atomic
def topic_open(*, actor, topic: Topic) -> TopicEvent:
    """Needs are collected; opinions are now asked for (事中提意见)."""
    return apply_transition(topic=topic, name="open", actor=actor)


@transaction.atomic
def topic_send_to_decision(*, actor, topic: Topic, mode: str, meeting: Meeting | None = None) -> TopicEvent:
    """The topic goes to a meeting (optionally put on a scheduled meeting's agenda) or to a vote."""
    if mode not in DecisionMode.values:
        raise DomainError("请选择会议协商或投票表决。", field="mode")
    if meeting is not None:
        if mode != DecisionMode.MEETING or meeting.place_id != topic.place_id:
            raise DomainError("只能列入本小区会议的议程。", field="meeting")
        if meeting.status != "scheduled":
            raise DomainError("该会议已召开或已取消，不能再列入议程。", field="meeting")
    note = DecisionMode(mode).label + (f"：{meeting.title}" if meeting else "")
    event = apply_transition(
        topic=topic, name="to_decision", actor=actor, changes={"decision_mode": mode}, note=note
    )
    if meeting is not None:
        meeting.agenda.add(topic)
    return event


@transaction.atomic
def topic_resolve(
    *, actor, topic: Topic, resolution: str, consensus: bool, items: list[dict], today: date | None = None
) -> TopicEvent:
    """Record the resolution and its action items (each with text, owner, deadline)."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise DomainError("请填写决议内容。", field="resolution")
    today = today or timezone.localdate()
    if topic.poll_id is not None and topic.poll.status != "closed":
        raise Conflict("投票尚未结束，结束后再形成决议。")
    check_items(items, today=today)
    changes = {"resolution": resolution, "is_consensus": bool(consensus), "resolved_at": timezone.now()}
    event = apply_transition(topic=topic, name="resolve", actor=actor, changes=changes, note=resolution)
    create_items(place=topic.place, topic=topic, meeting=None, items=items)
    return event


@transaction.atomic
def topic_close(*, actor, topic: Topic, note: str = "") -> TopicEvent:
    """Close the topic once every action item is done; residents may then evaluate it."""
    if ActionItem.objects.filter(topic=topic, done_at__isnull=True).exists():
        raise Conflict("还有决议事项未完成，不能办结。")
    return apply_transition(
        topic=topic, name="close", actor=actor, changes={"closed_at": timezone.now()}, note=note
    )


def _require_participant(actor, topic: Topic) -> None:
    if not policy.may(actor, rules.PARTICIPATE, topic):
        raise PermissionDenied


@transaction.atomic
def topic_add_input(*, actor, topic: Topic, kind: str, text: str) -> TopicInput:
    """A need while needs are collected, an opinion while the topic is discussed or being decided."""
    _require_participant(actor, topic)
    text = (text or "").strip()
    if not text:
        raise DomainError("请填写内容。", field="text")
    if len(text) > 1000:
        raise DomainError("内容不能超过 1000 个字。", field="text")
    if kind == InputKind.NEED and topic.status != TopicStatus.COLLECTING:
        raise Conflict("需求征集已结束。")
    if kind == InputKind.OPINION and topic.status not in (TopicStatus.DISCUSSING, TopicStatus.DECIDING):
        raise Conflict("该议题当前不在征求意见阶段。")
    if kind not in InputKind.values:
        raise DomainError("请选择需求或意见。", field="kind")
    return TopicInput.objects.create(topic=topic, kind=kind, author=actor, text=text)


def topic_support(*, actor, topic: Topic) -> TopicSupport:
    """One support per person (a database constraint; a second one is refused, not counted)."""
    _require_participant(actor, topic)
    if topic.status not in _OPEN_FOR_SUPPORT:
        raise Conflict("该议题当前不能表示支持。")
    try:
        with transaction.atomic():
            return TopicSupport.objects.create(topic=topic, user=actor)
    except IntegrityError:
        raise Conflict("您已经支持过该议题。") from None


def topic_evaluate(*, actor, topic: Topic, score: int, comment: str = "") -> TopicEvaluation:
    """事后给评价: a 1–5 score and a comment, one per person, once the topic is closed."""
    _require_participant(actor, topic)
    if topic.status != TopicStatus.CLOSED:
        raise Conflict("议题办结后才能评价。")
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise DomainError("评分须为 1 到 5 分。", field="score")
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise DomainError("评价不能超过 300 个字。", field="comment")
    try:
        with transaction.atomic():
            return TopicEvaluation.objects.create(topic=topic, user=actor, score=score, comment=comment)
    except IntegrityError:
        raise Conflict("您已经评价过该议题。") from None

"""The vote stage of a topic, through the votes app's services and selectors: start a poll for a topic
sent to a vote (created and opened in one step), or link a poll already made for its 小区. The topic
keeps the link; its resolution waits until the poll is closed.

Invariants: only a topic being decided by vote (决策方式: 投票表决) gets a poll, once; the poll covers the
topic's 小区 (or a building of it); the link is a transition with its event row (compare-and-set)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse

from linli.core.exceptions import Conflict, DomainError
from linli.votes import selectors as vote_selectors
from linli.votes import services as vote_services

from ..choices import DecisionMode, TopicStatus
from ..models import Topic
from ._apply import apply_transition


def _check_stage(topic: Topic) -> None:
    if topic.status != TopicStatus.DECIDING or topic.decision_mode != DecisionMode.VOTE:
        raise Conflict("只有提交投票表决的议题可以发起投票。")
    if topic.poll_id is not None:
        raise Conflict("该议题已关联投票。")


@transaction.atomic
def topic_start_poll(
    *,
    actor,
    topic: Topic,
    options: list[str],
    voter_unit: str = "household",
    hide_results: bool = False,
    closes_at: datetime | None = None,
):
    """Create and open a resident poll (意见征询) on the topic for its 小区 and link it. Raises
    PermissionDenied when the actor may not organise the topic or run polls, Conflict at the wrong
    stage, DomainError for bad options (nothing is written then)."""
    _check_stage(topic)
    poll = vote_services.poll_create(
        actor=actor,
        place=topic.place,
        title=topic.title,
        options=options,
        description=topic.description,
        voter_unit=voter_unit,
        hide_results=hide_results,
        closes_at=closes_at,
        subject_label=f"议题：{topic.title}"[:200],
        subject_url=reverse("deliberation:topic", args=[topic.pk]),
    )
    vote_services.poll_open(actor=actor, poll=poll)
    apply_transition(topic=topic, name="link_poll", actor=actor, changes={"poll": poll}, note=poll.title)
    return poll


@transaction.atomic
def topic_link_poll(*, actor, topic: Topic, poll_id: int):
    """Link a poll the actor can see, made for the topic's 小区 (or one of its buildings)."""
    _check_stage(topic)
    poll = vote_selectors.poll_get_for_user(user=actor, pk=poll_id)
    if not poll.place.code.startswith(topic.place.code):
        raise DomainError("只能关联本小区的投票。", field="poll")
    apply_transition(topic=topic, name="link_poll", actor=actor, changes={"poll": poll}, note=poll.title)
    return poll


def poll_of(topic: Topic):
    """The result of the topic's poll (votes.selectors.PollResult), or None."""
    return vote_selectors.poll_result(poll=topic.poll) if topic.poll_id else None

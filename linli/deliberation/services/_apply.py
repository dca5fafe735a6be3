"""The one place a topic transition is applied: permission, state, compare-and-set, event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict

from ..choices import TopicStatus
from ..models import Topic, TopicEvent
from ..transitions import TRANSITIONS

_LABELS = dict(TopicStatus.choices)


def apply_transition(
    *, topic: Topic, name: str, actor, changes: dict | None = None, note: str = ""
) -> TopicEvent:
    """Move ``topic`` by transition ``name`` with field ``changes`` and write its event.

    Raises PermissionDenied when the actor may not, Conflict when the state does not allow it or someone
    else changed the topic first; nothing is written then."""
    t = TRANSITIONS[name]
    if not policy.may(actor, t.permission, topic):
        raise PermissionDenied
    if topic.status not in t.sources:
        raise Conflict(f"该议题当前为“{_LABELS[topic.status]}”，不能{t.label}。")
    updated = Topic.objects.filter(pk=topic.pk, version=topic.version, status=topic.status).update(
        status=t.target, version=F("version") + 1, updated_at=timezone.now(), **(changes or {})
    )
    if updated != 1:
        raise Conflict("该议题刚刚已被他人处理，请刷新页面后再试。")
    event = TopicEvent.objects.create(
        topic=topic,
        kind=t.event,
        actor=actor,
        actor_role=policy.acting_role(actor, t.permission),
        from_status=topic.status,
        to_status=t.target,
        note=note,
    )
    topic.refresh_from_db()
    return event

"""The one place a transition is applied: permission, state, compare-and-set, event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict

from ..choices import Status
from ..models import Appeal, AppealEvent
from ..transitions import TRANSITIONS

_STATUS_LABELS = dict(Status.choices)


def apply_transition(
    *,
    appeal: Appeal,
    name: str,
    actor,
    changes: dict | None = None,
    note: str = "",
    internal: bool = False,
    data: dict | None = None,
    system: bool = False,
) -> AppealEvent:
    """Move ``appeal`` by transition ``name`` with field ``changes``; write its event.

    Raises PermissionDenied when the actor may not, Conflict when the state does not allow it or someone
    else changed the appeal first (nothing is written then). ``system=True`` is for the platform's own
    steps (rework after an unsatisfied rating, supervision cards), which have no actor to check."""
    t = TRANSITIONS[name]
    if not system and not policy.may(actor, t.permission, appeal):
        if Appeal.objects.filter(pk=appeal.pk).exclude(version=appeal.version).exists():
            # Someone else changed it first (e.g. took it back from this unit): that is a conflict, not
            # a lack of rights, from where this person stands.
            raise Conflict("该诉求刚刚已被他人处理，请刷新页面后再试。")
        raise PermissionDenied
    if appeal.status not in t.sources:
        raise Conflict(f"该诉求当前为“{_STATUS_LABELS[appeal.status]}”，不能{t.label}。")
    target = t.target or appeal.status
    changes = dict(changes or {})
    updated = Appeal.objects.filter(pk=appeal.pk, version=appeal.version, status=appeal.status).update(
        status=target, version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if updated != 1:
        raise Conflict("该诉求刚刚已被他人处理，请刷新页面后再试。")
    event = AppealEvent.objects.create(
        appeal=appeal,
        kind=t.event,
        actor=None if system else actor,
        actor_role="" if system else policy.acting_role(actor, t.permission),
        from_status=appeal.status,
        to_status=target,
        note=note,
        is_internal=internal,
        data=data or {},
    )
    appeal.refresh_from_db()
    return event

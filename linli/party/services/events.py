"""The shared checks and the event row every party service writes."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import DomainError

from ..models import PartyEvent


def record(*, actor, permission: str, verb: str, place_code: str, summary: str, **subjects) -> PartyEvent:
    return PartyEvent.objects.create(
        actor=actor,
        actor_role=policy.acting_role(actor, permission),
        verb=verb,
        place_code=place_code,
        summary=summary[:200],
        **subjects,
    )


def text(value: str | None, *, label: str, field: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"请填写{label}。", field=field)
    if len(value) > max_length:
        raise DomainError(f"{label}不能超过 {max_length} 个字。", field=field)
    return value


def not_future(day: date | None, *, label: str, field: str) -> None:
    if day is not None and day > timezone.localdate():
        raise DomainError(f"{label}不能晚于今天。", field=field)

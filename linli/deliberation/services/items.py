"""Action items (决议事项) and their supervision (督办): progress notes, urging, completion.

Invariants: an item has an owner and a deadline not in the past when created; it is done once, with a
date and a person (compare-and-set on ``done_at``); every note is an append-only ItemProgress row.
Overdue is derived from the deadline (ActionItem.is_overdue), never stored."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError

from .. import rules
from ..choices import ProgressKind
from ..models import ActionItem, ItemProgress


def check_items(items: list[dict], *, today: date) -> None:
    """Each item needs text, an owner and a deadline from today on; at least one item."""
    if not items:
        raise DomainError("决议至少要有一项落实事项（事项、责任人、期限）。", field="items")
    for n, item in enumerate(items, start=1):
        text = (item.get("text") or "").strip()
        if not text or len(text) > 200:
            raise DomainError(f"第 {n} 项：请填写事项内容（不超过 200 字）。", field="items")
        if item.get("owner") is None:
            raise DomainError(f"第 {n} 项：请指定责任人。", field="items")
        deadline = item.get("deadline")
        if not isinstance(deadline, date):
            raise DomainError(f"第 {n} 项：请填写完成期限。", field="items")
        if deadline < today:
            raise DomainError(f"第 {n} 项：完成期限不能早于今天。", field="items")


def create_items(*, place, topic, meeting, items: list[dict]) -> list[ActionItem]:
    return [
        ActionItem.objects.create(
            place=place,
            topic=topic if topic is not None else item.get("topic"),
            meeting=meeting,
            text=item["text"].strip(),
            owner=item["owner"],
            deadline=item["deadline"],
        )
        for item in items
    ]


@transaction.atomic
def item_note(*, actor, item: ActionItem, note: str, kind: str = ProgressKind.PROGRESS) -> ItemProgress:
    """Record progress (the owner or the organisers) or urge the owner (督办, organisers only)."""
    if not policy.may(actor, rules.SUPERVISE_ITEM, item):
        raise PermissionDenied
    if kind == ProgressKind.URGE and not policy.may(actor, rules.MANAGE_TOPIC, item):
        raise PermissionDenied
    if kind not in (ProgressKind.PROGRESS, ProgressKind.URGE):
        raise DomainError("请选择进展或督办。", field="kind")
    note = (note or "").strip()
    if not note or len(note) > 500:
        raise DomainError("请填写说明（不超过 500 字）。", field="note")
    if item.done_at is not None:
        raise Conflict("该事项已完成。")
    return ItemProgress.objects.create(item=item, kind=kind, by=actor, note=note)


@transaction.atomic
def item_complete(*, actor, item: ActionItem, note: str) -> ItemProgress:
    """Mark the item done with what was done; raises Conflict when it already is."""
    if not policy.may(actor, rules.SUPERVISE_ITEM, item):
        raise PermissionDenied
    note = (note or "").strip()
    if not note or len(note) > 500:
        raise DomainError("请写明完成情况（不超过 500 字）。", field="note")
    updated = ActionItem.objects.filter(pk=item.pk, done_at__isnull=True).update(
        done_at=timezone.now(), done_by=actor
    )
    if updated != 1:
        raise Conflict("该事项已完成。")
    item.refresh_from_db()
    return ItemProgress.objects.create(item=item, kind=ProgressKind.DONE, by=actor, note=note)

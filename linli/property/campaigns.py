"""Writes of 集中整治. Aggregate: Campaign with its CampaignItems. Invariants: a campaign covers a place
in the organiser's scope and ends after it starts; an item names a 小区 inside the campaign's area and
the company serving it; an item is rectified once (compare-and-set), with evidence; a closed campaign
takes no new items. Every write leaves a PropertyEvent."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from linli.core.exceptions import Conflict, DomainError
from linli.core.policy import scope_for
from linli.places.choices import PlaceLevel

from . import events, rules
from .choices import CampaignStatus, EventKind
from .models import Campaign, CampaignItem
from .services import contract_on


def _require_place(actor, permission: str, place) -> None:
    if not scope_for(actor, permission).covers_place(place.code):
        raise PermissionDenied("无权在该范围内操作。")


@transaction.atomic
def campaign_start(*, actor, title: str, scope, starts: dt.date, ends: dt.date) -> Campaign:
    """Open a campaign over a street, community or 小区; active at once when it has started."""
    _require_place(actor, rules.MANAGE_PROPERTY, scope)
    title = (title or "").strip()
    if not title:
        raise DomainError("请填写整治主题。")
    if scope.level not in (PlaceLevel.DISTRICT, PlaceLevel.STREET, PlaceLevel.COMMUNITY, PlaceLevel.COMPOUND):
        raise DomainError("整治范围应为区、街道、社区或小区。")
    if ends < starts:
        raise DomainError("结束日期不能早于开始日期。")
    today = timezone.localdate()
    status = CampaignStatus.ACTIVE if starts <= today else CampaignStatus.PLANNED
    campaign = Campaign.objects.create(
        title=title[:200], scope=scope, starts=starts, ends=ends, status=status
    )
    events.record(
        actor=actor,
        permission=rules.MANAGE_PROPERTY,
        kind=EventKind.CAMPAIGN_STARTED,
        campaign=campaign,
        note=f"{scope.name}：{starts:%Y-%m-%d} 至 {ends:%Y-%m-%d}",
    )
    return campaign


@transaction.atomic
def campaign_item_add(
    *, actor, campaign: Campaign, compound, problem: str, deadline: dt.date
) -> CampaignItem:
    """Assign a problem found in a 小区 to the company serving it, to be rectified by ``deadline``."""
    _require_place(actor, rules.MANAGE_PROPERTY, compound)
    if campaign.status == CampaignStatus.CLOSED:
        raise DomainError("该集中整治已结束，不能再交办事项。")
    if compound.level != PlaceLevel.COMPOUND or not compound.code.startswith(campaign.scope.code):
        raise DomainError("请选择整治范围内的小区。")
    problem = (problem or "").strip()
    if not problem:
        raise DomainError("请填写发现的问题。")
    if deadline < campaign.starts:
        raise DomainError("整改期限不能早于整治开始日期。")
    contract = contract_on(compound=compound, on=timezone.localdate())
    item = CampaignItem.objects.create(
        campaign=campaign,
        company=contract.company if contract else None,
        compound=compound,
        problem=problem[:200],
        deadline=deadline,
    )
    events.record(
        actor=actor,
        permission=rules.MANAGE_PROPERTY,
        kind=EventKind.ITEM_ADDED,
        compound=compound,
        campaign=campaign,
        note=f"{problem[:100]}（限 {deadline:%Y-%m-%d} 前整改）",
    )
    return item


@transaction.atomic
def campaign_item_rectify(
    *, actor, item: CampaignItem, evidence: str, on: dt.date | None = None
) -> CampaignItem:
    """The property company reports the item rectified, with evidence. Raises Conflict when it already is."""
    _require_place(actor, rules.RECTIFY_CAMPAIGN_ITEM, item.compound)
    if item.campaign.status == CampaignStatus.CLOSED:
        raise DomainError("该集中整治已结束。")
    evidence = (evidence or "").strip()
    if not evidence:
        raise DomainError("请说明整改情况（整改依据）。")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise DomainError("整改完成日期不能晚于今天。")
    done = CampaignItem.objects.filter(pk=item.pk, rectified_at__isnull=True).update(
        rectified_at=on, evidence=evidence[:2000]
    )
    if done != 1:
        raise Conflict("该事项已整改销号。")
    events.record(
        actor=actor,
        permission=rules.RECTIFY_CAMPAIGN_ITEM,
        kind=EventKind.ITEM_RECTIFIED,
        compound=item.compound,
        campaign=item.campaign,
        note=f"{item.problem}：{evidence[:100]}",
    )
    item.refresh_from_db()
    return item


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    _require_place(actor, rules.MANAGE_PROPERTY, campaign.scope)
    if (
        not Campaign.objects.filter(pk=campaign.pk)
        .exclude(status=CampaignStatus.CLOSED)
        .update(status=CampaignStatus.CLOSED)
    ):
        raise Conflict("该集中整治已结束。")
    open_count = campaign.items.filter(rectified_at__isnull=True).count()
    events.record(
        actor=actor,
        permission=rules.MANAGE_PROPERTY,
        kind=EventKind.CAMPAIGN_CLOSED,
        campaign=campaign,
        note=f"结束时仍有 {open_count} 项未整改" if open_count else "全部事项已整改",
    )
    campaign.refresh_from_db()
    return campaign

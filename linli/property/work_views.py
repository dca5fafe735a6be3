"""Pages of the property company's work: 物业纠纷 (物业服务 appeals of its 小区 with deadline state) and
集中整治 (campaigns, their items, rectification). Thin: selector, service, render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import campaigns, rules
from . import work_selectors as ws
from .choices import CampaignStatus
from .models import CampaignItem


@login_required
def disputes(request):
    """物业纠纷: open 物业服务 appeals of the user's 小区, the most urgent deadline first."""
    policy.require(request.user, rules.VIEW_DISPUTES)
    show_all = request.GET.get("all") == "1"
    rows = ws.dispute_list(user=request.user, open_only=not show_all)
    return render(request, "property/disputes.html", {"rows": rows, "show_all": show_all})


@login_required
def campaign_list(request):
    policy.require(request.user, rules.VIEW_PROPERTY)
    return render(
        request,
        "property/campaigns.html",
        {
            "campaigns": ws.campaign_visible_to(request.user),
            "may_manage": policy.may(request.user, rules.MANAGE_PROPERTY),
            "scopes": policy.visible(
                request.user,
                rules.MANAGE_PROPERTY,
                Place.objects.filter(level__lte=PlaceLevel.COMMUNITY),
            ).order_by("code")[:200],
            "today": timezone.localdate(),
            "values": {},
        },
    )


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        raise DomainError("日期格式不对，请选择日期。") from None


@login_required
@require_POST
def campaign_new(request):
    policy.require(request.user, rules.MANAGE_PROPERTY)
    scope = (
        policy.visible(request.user, rules.MANAGE_PROPERTY, Place.objects.all())
        .filter(code=request.POST.get("scope", ""))
        .first()
    )
    try:
        if scope is None:
            raise DomainError("请选择整治范围。")
        campaign = campaigns.campaign_start(
            actor=request.user,
            title=request.POST.get("title", ""),
            scope=scope,
            starts=_date(request.POST.get("starts")),
            ends=_date(request.POST.get("ends")),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return render(
            request,
            "property/campaigns.html",
            {
                "campaigns": ws.campaign_visible_to(request.user),
                "may_manage": True,
                "scopes": policy.visible(
                    request.user, rules.MANAGE_PROPERTY, Place.objects.filter(level__lte=PlaceLevel.COMMUNITY)
                ).order_by("code")[:200],
                "today": timezone.localdate(),
                "values": request.POST,
            },
            status=400,
        )
    messages.success(request, f"已发起集中整治：{campaign.title}")
    return redirect("property:campaign", pk=campaign.pk)


def _campaign_page(request, campaign, *, error: str = "", status: int = 200):
    items = list(ws.campaign_items_for(user=request.user, campaign=campaign))
    today = timezone.localdate()
    may_manage = policy.may(request.user, rules.MANAGE_PROPERTY) and policy.scope_for(
        request.user, rules.MANAGE_PROPERTY
    ).covers_place(campaign.scope.code)
    rectifiable = {
        i.pk
        for i in items
        if policy.scope_for(request.user, rules.RECTIFY_CAMPAIGN_ITEM).covers_place(i.compound.code)
    }
    return render(
        request,
        "property/campaign_detail.html",
        {
            "campaign": campaign,
            "items": items,
            "done": sum(1 for i in items if i.rectified_at),
            "overdue": sum(1 for i in items if not i.rectified_at and i.deadline < today),
            "today": today,
            "open": campaign.status != CampaignStatus.CLOSED,
            "may_manage": may_manage,
            "rectifiable": rectifiable,
            "compounds": policy.visible(
                request.user,
                rules.MANAGE_PROPERTY,
                Place.objects.filter(level=PlaceLevel.COMPOUND, code__startswith=campaign.scope.code),
            ).order_by("code")[:300]
            if may_manage
            else [],
            "error": error,
            "values": request.POST,
        },
        status=status,
    )


@login_required
def campaign_detail(request, pk: int):
    return _campaign_page(request, ws.campaign_get_for_user(user=request.user, pk=pk))


@login_required
@require_POST
def campaign_item_new(request, pk: int):
    campaign = ws.campaign_get_for_user(user=request.user, pk=pk)
    compound = (
        policy.visible(request.user, rules.MANAGE_PROPERTY, Place.objects.filter(level=PlaceLevel.COMPOUND))
        .filter(code=request.POST.get("compound", ""))
        .first()
    )
    try:
        if compound is None:
            raise DomainError("请选择整治范围内的小区。")
        campaigns.campaign_item_add(
            actor=request.user,
            campaign=campaign,
            compound=compound,
            problem=request.POST.get("problem", ""),
            deadline=_date(request.POST.get("deadline")),
        )
    except DomainError as exc:
        return _campaign_page(request, campaign, error=exc.message, status=exc.status_code)
    messages.success(request, "已交办整治事项。")
    return redirect("property:campaign", pk=campaign.pk)


@login_required
@require_POST
def campaign_item_rectify(request, pk: int):
    item = policy.get_visible_or_404(
        request.user,
        rules.RECTIFY_CAMPAIGN_ITEM,
        CampaignItem.objects.select_related("campaign", "compound"),
        pk=pk,
    )
    try:
        campaigns.campaign_item_rectify(
            actor=request.user, item=item, evidence=request.POST.get("evidence", "")
        )
    except DomainError as exc:
        return _campaign_page(request, item.campaign, error=exc.message, status=exc.status_code)
    messages.success(request, f"“{item.problem}”已整改销号。")
    return redirect("property:campaign", pk=item.campaign_id)


@login_required
@require_POST
def campaign_close(request, pk: int):
    campaign = ws.campaign_get_for_user(user=request.user, pk=pk)
    try:
        campaigns.campaign_close(actor=request.user, campaign=campaign)
    except DomainError as exc:
        return _campaign_page(request, campaign, error=exc.message, status=exc.status_code)
    messages.success(request, "集中整治已结束。")
    return redirect("property:campaign", pk=campaign.pk)

"""Reads of the property company's daily work, scoped through linli.core.policy: 物业费 collection
rates and unpaid households, property disputes (物业服务 appeals) with their deadline state, and
集中整治 campaigns with their items."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from linli.appeals import selectors as appeal_selectors
from linli.appeals.choices import OPEN_STATES
from linli.appeals.deadlines import DeadlineState, deadline_state, handle_clock
from linli.core import policy
from linli.core.masking import mask_name
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules
from .models import Campaign, CampaignItem, FeeBill, FeeCollection

#: The 物业服务 group of the appeal taxonomy (appeals.taxonomy: 0101 保洁绿化 … 0104 物业收费与服务).
DISPUTE_GROUP = "01"
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _yuan(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def rate_of(paid: Decimal, due: Decimal) -> Decimal | None:
    """Collection rate in percent, two decimals; None when nothing is billed."""
    if not due:
        return None
    return (Decimal(paid) * HUNDRED / Decimal(due)).quantize(CENT)


@dataclass
class RateRow:
    code: str
    name: str
    households: int = 0
    unpaid: int = 0
    due: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    by_household: bool = True

    @property
    def rate(self) -> Decimal | None:
        return rate_of(self.paid, self.due)


@dataclass
class CommunityRates(RateRow):
    compounds: list[RateRow] = field(default_factory=list)


def fee_periods(*, user) -> list[str]:
    bills = policy.visible(user, rules.VIEW_FEES, FeeBill.objects.all()).values_list("period", flat=True)
    entered = policy.visible(user, rules.VIEW_FEES, FeeCollection.objects.all()).values_list(
        "period", flat=True
    )
    return sorted(set(bills.distinct()) | set(entered.distinct()), reverse=True)


def fee_rates(*, user, period: str) -> tuple[list[CommunityRates], RateRow]:
    """Per community and 小区: households billed, 应收, 实收, rate and unpaid households for ``period``.
    Household bills count first; a 小区 without them shows its entered totals (FeeCollection)."""
    bills = (
        policy.visible(user, rules.VIEW_FEES, FeeBill.objects.filter(period=period))
        .values("compound__code", "compound__name", "compound__parent__code", "compound__parent__name")
        .annotate(
            n=Count("pk"),
            due_sum=Sum("due"),
            paid_sum=Sum("paid"),
            unpaid=Count("pk", filter=Q(paid__lt=F("due"))),
        )
    )
    rows: dict[str, tuple[str, str, RateRow]] = {}
    for b in bills:
        rows[b["compound__code"]] = (
            b["compound__parent__code"],
            b["compound__parent__name"],
            RateRow(
                b["compound__code"],
                b["compound__name"],
                b["n"],
                b["unpaid"],
                _yuan(b["due_sum"]),
                _yuan(b["paid_sum"]),
            ),
        )
    entered = policy.visible(
        user, rules.VIEW_FEES, FeeCollection.objects.filter(period=period)
    ).select_related("compound__parent")
    for fc in entered:
        if fc.compound.code not in rows:
            row = RateRow(
                fc.compound.code, fc.compound.name, due=fc.due, paid=fc.collected, by_household=False
            )
            rows[fc.compound.code] = (fc.compound.parent.code, fc.compound.parent.name, row)
    communities: OrderedDict[str, CommunityRates] = OrderedDict()
    total = RateRow("", "合计")
    for code in sorted(rows):
        community_code, community_name, row = rows[code]
        group = communities.setdefault(community_code, CommunityRates(community_code, community_name))
        group.compounds.append(row)
        for target in (group, total):
            target.households += row.households
            target.unpaid += row.unpaid
            target.due += row.due
            target.paid += row.paid
    return list(communities.values()), total


def fee_compound_get(*, user, code: str, permission: str = rules.VIEW_FEES) -> Place:
    return policy.get_visible_or_404(
        user, permission, Place.objects.filter(level=PlaceLevel.COMPOUND), code=code
    )


@dataclass(frozen=True)
class Unpaid:
    bill: FeeBill
    home: str
    payer: str  # masked


def unpaid_households(*, user, compound: Place, period: str) -> list[Unpaid]:
    """Bills of the 小区 and period not yet fully paid, in household order; names masked."""
    bills = (
        policy.visible(user, rules.VIEW_FEES, FeeBill.objects.filter(compound=compound, period=period))
        .filter(paid__lt=F("due"))
        .select_related("household__parent__parent")
        .order_by("household__code")
    )
    return [
        Unpaid(
            b,
            f"{b.household.parent.parent.name}{b.household.parent.name}{b.household.name}",
            mask_name(b.payer_name),
        )
        for b in bills
    ]


def fee_bill_get(*, user, pk: int, permission: str = rules.RECORD_FEES) -> FeeBill:
    return policy.get_visible_or_404(
        user, permission, FeeBill.objects.select_related("household", "compound"), pk=pk
    )


def unpaid_count(*, user, period: str) -> int:
    return (
        policy.visible(user, rules.VIEW_FEES, FeeBill.objects.filter(period=period))
        .filter(paid__lt=F("due"))
        .count()
    )


# --- Property disputes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dispute:
    appeal: object
    state: DeadlineState
    openable: bool  # the reader may open the appeal itself (appeals' own rule)


def disputes_visible_to(user) -> QuerySet:
    """物业服务 appeals located in the 小区 the user serves (property.view_dispute)."""
    scope = policy.scope_for(user, rules.VIEW_DISPUTES)
    if scope.empty:
        return appeal_selectors.appeals_under(place_codes=[]).none()
    codes = None if scope.everything else scope.place_codes
    return appeal_selectors.filter_appeals(
        appeal_selectors.appeals_under(place_codes=codes), category=DISPUTE_GROUP
    )


def dispute_list(*, user, open_only: bool = True, limit: int = 200) -> list[Dispute]:
    qs = disputes_visible_to(user).select_related("category", "unit").order_by("handle_due", "-submitted_at")
    if open_only:
        qs = qs.filter(status__in=OPEN_STATES)
    appeals = list(qs[:limit])
    openable = set(
        appeal_selectors.appeal_visible_to(user)
        .filter(pk__in=[a.pk for a in appeals])
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    return [Dispute(a, deadline_state(handle_clock(a), now), a.pk in openable) for a in appeals]


# --- 集中整治 --------------------------------------------------------------------------------------


def campaign_visible_to(user) -> QuerySet:
    return policy.visible(user, rules.VIEW_PROPERTY, Campaign.objects.select_related("scope"))


def campaign_get_for_user(*, user, pk: int) -> Campaign:
    return policy.get_visible_or_404(
        user, rules.VIEW_PROPERTY, Campaign.objects.select_related("scope"), pk=pk
    )


def campaign_items_for(*, user, campaign: Campaign) -> QuerySet:
    """The campaign's items in the user's area (a 小区's staff see their 小区's items only)."""
    return policy.visible(
        user,
        rules.VIEW_PROPERTY,
        campaign.items.select_related("compound", "company").order_by("deadline", "pk"),
    )


def open_items(*, user) -> QuerySet:
    """Items not yet rectified, of campaigns under way, that the user may report as rectified."""
    return policy.visible(
        user,
        rules.RECTIFY_CAMPAIGN_ITEM,
        CampaignItem.objects.filter(rectified_at__isnull=True, campaign__status__in=["planned", "active"]),
    )

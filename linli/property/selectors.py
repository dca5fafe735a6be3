"""Reads for property companies, scoped through linli.core.policy: the credit file and 红黑榜."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from linli.core import policy

from . import rules
from .credit import BLACK_GRADES, RED_GRADES, CreditPolicy, CreditStanding, credit_standing
from .models import CreditEntry, PropertyCompany


def company_visible_to(user):
    return policy.visible(user, rules.VIEW_PROPERTY, PropertyCompany.objects.all())


def company_get_for_user(*, user, pk: int) -> PropertyCompany:
    return policy.get_visible_or_404(user, rules.VIEW_PROPERTY, PropertyCompany.objects.all(), pk=pk)


@dataclass(frozen=True)
class Ranked:
    company: PropertyCompany
    standing: CreditStanding


def credit_board(*, user, on: dt.date | None = None) -> list[Ranked]:
    """Companies in the user's scope ranked by credit score (best first), two queries."""
    on = on or timezone.localdate()
    companies = list(company_visible_to(user))
    entries = defaultdict(list)
    for entry in CreditEntry.objects.filter(company__in=companies):
        entries[entry.company_id].append(entry)
    credit_policy = CreditPolicy.from_settings()
    ranked = [Ranked(c, credit_standing(entries[c.pk], on=on, policy=credit_policy)) for c in companies]
    ranked.sort(key=lambda r: (-r.standing.score, r.company.name))
    return ranked


def red_and_black_lists(*, user, on: dt.date | None = None) -> tuple[list[Ranked], list[Ranked]]:
    board = credit_board(user=user, on=on)
    red = [r for r in board if r.standing.grade in RED_GRADES]
    black = [r for r in board if r.standing.grade in BLACK_GRADES]
    return red, black


def compound_credit(*, on: dt.date | None = None) -> dict[str, CreditStanding]:
    """System-wide (for the dashboards' nightly rollup, which is scoped when read): for every 小区 with a
    service contract current on ``on``, the credit standing of its company that day. Three queries."""
    from .models import ServiceContract

    on = on or timezone.localdate()
    contracts = (
        ServiceContract.objects.filter(start__lte=on, end__gte=on)
        .order_by("compound__code", "-start")
        .values_list("compound__code", "company_id")
    )
    company_of: dict[str, int] = {}
    for code, company_id in contracts:
        company_of.setdefault(code, company_id)  # the latest current contract of a 小区
    entries = defaultdict(list)
    for entry in CreditEntry.objects.filter(company_id__in=set(company_of.values())):
        entries[entry.company_id].append(entry)
    credit_policy = CreditPolicy.from_settings()
    standing = {
        pk: credit_standing(entries[pk], on=on, policy=credit_policy) for pk in set(company_of.values())
    }
    return {code: standing[pk] for code, pk in company_of.items()}

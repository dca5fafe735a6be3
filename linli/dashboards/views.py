"""The dashboard of one node (区, 街道, 社区, 小区) for a period, drill-down to the level below."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.places.choices import CompoundKind, PlaceLevel
from linli.places.models import Place

from . import rules, selectors
from .figures import METRICS
from .selectors import Filters

PERIODS = [("month", "本月"), ("quarter", "本季度"), ("year", "本年")]


def _filters(request) -> tuple[Filters, str]:
    today = timezone.localdate()
    q = request.GET
    period = q.get("period", "")
    try:
        start, end = date.fromisoformat(q.get("from", "")), date.fromisoformat(q.get("to", ""))
        if start > end or (end - start).days > 3 * 366:
            raise ValueError
        period = "custom"
    except ValueError:
        if period == "year":
            start = date(today.year, 1, 1)
        elif period == "quarter":
            start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        else:
            period, start = "month", today.replace(day=1)
        end = today
    kind = q.get("kind", "") if q.get("kind", "") in CompoundKind.values else ""
    managed = q.get("managed", "") if q.get("managed", "") in ("0", "1") else ""
    return Filters(start=start, end=end, kind=kind, managed=managed), period


@login_required
def index(request):
    node = selectors.top_node(request.user)
    if node is None:
        raise PermissionDenied
    return redirect("dashboards:node", code=node.code)


@login_required
def dashboard(request, code: str):
    node = policy.get_visible_or_404(
        request.user, rules.VIEW_DASHBOARD, Place.objects.filter(level__lte=PlaceLevel.COMPOUND), code=code
    )
    filters, period = _filters(request)
    kids = selectors.children(node, filters)
    suffix = "?" + filters.query()
    child_chart = {
        "labels": [k.place.name for k in kids],
        "values": [k.submitted for k in kids],
        "urls": [reverse("dashboards:node", args=[k.place.code]) + suffix for k in kids],
    }
    rates = selectors.appeal_rates(node, filters)
    return render(
        request,
        "dashboards/node.html",
        {
            "node": node,
            "crumbs": selectors.crumbs(node),
            "filters": filters,
            "period": period,
            "periods": PERIODS,
            "kinds": CompoundKind.choices,
            "figures": selectors.figures(node, filters),
            "counts": selectors.appeal_counts(node, filters),
            "rates": rates,
            "children": kids,
            "hotspots": selectors.hotspots(node, filters),
            "hotspot_days": selectors.HOTSPOT_DAYS,
            "child_metrics": [
                m
                for m in METRICS
                if m.key in ("visit_coverage", "branch_coverage", "appeals_overdue", "volunteers")
            ],
            "suffix": suffix,
            "charts": {
                "trend": selectors.appeal_series(node, filters),
                "rates": selectors.rate_series(node, filters),
                "category": selectors.appeal_breakdown(node, filters, "category"),
                "channel": selectors.appeal_breakdown(node, filters, "channel"),
                "children": child_chart,
            },
            "measures_url": reverse("appeals:measures")
            + f"?place={node.code}&from={filters.start}&to={filters.end}",
            "computed_at": selectors.computed_at(),
        },
    )

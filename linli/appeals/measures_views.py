from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from linli.core import policy
from linli.core.policy import subtree_q
from linli.places.codes import place_ancestor_codes
from linli.places.models import Place

from . import rules
from .measures import DEFAULT_PRESET, WEIGHT_PRESETS, composite, counts_for, rates_from
from .models import Appeal


def period_from(request) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("from", ""))
    except ValueError:
        start = today.replace(day=1)
    try:
        end = date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        end = today
    return (start, end) if start <= end else (end, start)


def measured(user, *, place_code: str, start: date, end: date):
    tz = timezone.get_current_timezone()
    qs = policy.visible(user, rules.VIEW_MEASURES, Appeal.objects.all()).filter(
        submitted_at__gte=datetime.combine(start, time.min, tz),
        submitted_at__lte=datetime.combine(end, time.max, tz),
    )
    if place_code:
        qs = qs.filter(subtree_q("place_code", [place_code]))
    return qs


@login_required
def measures_page(request):
    policy.require(request.user, rules.VIEW_MEASURES)
    start, end = period_from(request)
    preset = request.GET.get("weights") if request.GET.get("weights") in WEIGHT_PRESETS else DEFAULT_PRESET
    place = None
    code = request.GET.get("place", "").strip()
    if code:
        place = policy.get_visible_or_404(request.user, "places.view_place", Place.objects.all(), code=code)
    counts = counts_for(measured(request.user, place_code=code, start=start, end=end))
    rates = rates_from(counts)
    children = []
    if place is not None and place.level < 4:
        kids = policy.visible(request.user, "places.view_place", Place.objects.filter(parent=place))
    elif place is None:
        from linli.places.selectors import place_roots_for_user

        kids = place_roots_for_user(request.user)
    else:
        kids = []
    for kid in kids:
        kid_rates = rates_from(counts_for(measured(request.user, place_code=kid.code, start=start, end=end)))
        children.append((kid, {r.key: r for r in kid_rates}, composite(kid_rates, preset)))
    crumbs = list(Place.objects.filter(code__in=place_ancestor_codes(place.code))) if place else []
    return render(
        request,
        "appeals/measures.html",
        {
            "place": place,
            "crumbs": crumbs,
            "start": start,
            "end": end,
            "counts": counts,
            "rates": rates,
            "score": composite(rates, preset),
            "preset": preset,
            "presets": list(WEIGHT_PRESETS),
            "children": children,
        },
    )

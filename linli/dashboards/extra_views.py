"""Rankings (评比, 红黑榜, 评先评优), the "1136" steering schedule, and the monthly/quarterly reports."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from linli.core import policy, ratelimit
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import grid_rankings, rankings, reports, rules, steering
from .models import SteeringEvent
from .views import _filters


def _node(request, code: str) -> Place:
    return policy.get_visible_or_404(
        request.user, rules.VIEW_DASHBOARD, Place.objects.filter(level__lte=PlaceLevel.COMPOUND), code=code
    )


@login_required
def ranking(request, code: str):
    node = _node(request, code)
    filters, period = _filters(request)
    ranked, spec = rankings.rank(node, filters)
    red, black = rankings.red_black(ranked)
    grids, grid_spec = grid_rankings.rank_grids(node, filters)
    return render(
        request,
        "dashboards/rankings.html",
        {
            "node": node,
            "filters": filters,
            "period": period,
            "ranked": ranked,
            "spec": [(m, rankings.label(m), w) for m, w in spec],
            "red": red,
            "black": black,
            "candidates": rankings.candidates(ranked),
            "grids": grids,
            "grid_spec": [(m, grid_rankings.label(m), w) for m, w in grid_spec],
            "grid_percent": grid_rankings.PERCENT,
            "grid_red": rankings.red_black(grids)[0],
            "grid_black": rankings.red_black(grids)[1],
            "threshold": rankings.CANDIDATE_SCORE,
            "suffix": "?" + filters.query(),
        },
    )


@login_required
def report(request, code: str, fmt: str):
    node = _node(request, code)
    today = timezone.localdate()
    kind = "quarter" if request.GET.get("kind") == "quarter" else "month"
    try:
        year = int(request.GET.get("year", today.year))
        number = int(request.GET.get("n", (today.month - 1) // 3 + 1 if kind == "quarter" else today.month))
        built = reports.build(node, kind, year, number)
    except ValueError:
        raise Http404("报告期间无效") from None
    ratelimit.export(request.user)
    name = f"{built.title}.{fmt}"
    if fmt == "xlsx":
        body = reports.xlsx(built)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = reports.pdf(built)
        ctype = "application/pdf"
    response = HttpResponse(body, content_type=ctype)
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def steering_page(request, code: str):
    node = _node(request, code)
    year = timezone.localdate().year
    manage = policy.may(request.user, rules.MANAGE_STEERING, node)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "schedule":
                n = steering.schedule_year(actor=request.user, place=node, year=year)
                messages.success(request, f"已安排{year}年“1136”工作调度 {n} 项。")
            else:
                event = SteeringEvent.objects.filter(place=node, pk=request.POST.get("event") or 0).first()
                if event is None:
                    raise Http404
                held = date.fromisoformat(request.POST.get("held_on", ""))
                steering.record(
                    actor=request.user, event=event, held_on=held, text=request.POST.get("record", "")
                )
                messages.success(request, f"已记录{event.get_kind_display()}。")
        except ValueError:
            messages.error(request, "请填写召开日期。")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(reverse("dashboards:steering", args=[node.code]))
    events = SteeringEvent.objects.filter(place=node, due__year=year).select_related("recorded_by")
    return render(
        request,
        "dashboards/steering.html",
        {
            "node": node,
            "year": year,
            "events": events,
            "overdue": steering.overdue(events).count(),
            "manage": manage,
            "today": timezone.localdate(),
        },
    )

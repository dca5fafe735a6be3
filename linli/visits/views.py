"""Thin views for visits, coverage, care alerts and patrols: parse, fetch through selectors, call one
service, render. Hazards are in hazard_views.py."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.choices import GridLevel, PlaceLevel
from linli.workdays.selectors import get_calendar

from . import rules, selectors, services
from .alerts import care_alerts
from .choices import Outcome, VisitKind
from .forms import PatrolForm, VisitForm
from .nav import render

#: How many days back the 一日三巡 table looks (yesterday and before; today is still under way).
COMPLIANCE_DAYS = 14


def _month(request) -> date:
    raw = request.GET.get("month", "")
    try:
        year, month = (int(x) for x in raw.split("-"))
        return date(year, month, 1)
    except ValueError:
        return selectors.month_of()


def _filters(request, permission: str) -> dict:
    """The optional place/grid the page is narrowed to, checked against the user's scope (404)."""
    return selectors.narrowed(
        user=request.user,
        permission=permission,
        place=request.GET.get("place", ""),
        grid=request.GET.get("grid", ""),
    )


@login_required
def todo(request):
    """我的待走访: the households in my scope nobody has reached this month, each with a one-tap form."""
    if not policy.may(request.user, rules.RECORD_VISIT):
        policy.require(request.user, rules.VIEW_VISIT)
        return redirect("visits:coverage")
    month = selectors.month_of()
    where = _filters(request, rules.RECORD_VISIT)
    codes = {"place_code": where["place_code"], "grid_code": where["grid_code"]}
    page = Paginator(selectors.todo(user=request.user, month=month, **codes), 50).get_page(
        request.GET.get("page")
    )
    # The people of the listed households, for "见到的居民" (one query for the page).
    from linli.people.models import Person

    people: dict[int, list] = {}
    for person in Person.objects.filter(household__in=[h.pk for h in page]).order_by("id"):
        people.setdefault(person.household_id, []).append(person)
    labels = dict(Outcome.choices)
    rows = []
    for home in page:
        home.last_outcome_label = labels.get(home.last_outcome, "")
        rows.append((home, VisitForm(people=people.get(home.pk, []), auto_id=f"v{home.pk}_%s")))
    return render(
        request,
        "visits/todo.html",
        {
            "month": month,
            "rows": rows,
            "page": page,
            "total": selectors.coverage_total(user=request.user, month=month, **codes),
            "where": where,
            "may_see_coverage": policy.may(request.user, rules.VIEW_VISIT),
        },
    )


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@login_required
def record(request, code: str):
    """记录走访 for one household: the inline form on the to-do list posts here; GET shows it alone."""
    household = selectors.household_for_visit(user=request.user, code=code)
    from linli.people.models import Person

    people = list(Person.objects.filter(household=household).order_by("id"))
    form = VisitForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next((p for p in people if str(p.pk) == data["person"]), None)
        fields = {
            "actor": request.user,
            "household": household,
            "kind": data["kind"],
            "reason": data["reason"],
            "outcome": data["outcome"],
            "person": person,
            "notes": data["notes"],
            "needs_found": data["needs_found"],
        }
        try:
            if data["to_appeal"]:
                visit = services.visit_record_with_appeal(appeal_type=data["appeal_type"] or "help", **fields)
            else:
                visit = services.visit_record(**fields)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except PermissionDenied:
            raise Http404 from None
        else:
            text = f"已记录 {household.display_name} 的{visit.get_kind_display()}（{visit.get_outcome_display()}）。"
            if visit.appeal_id:
                text += f"需求已转为诉求，编号 {visit.appeal.number}。"
            messages.success(request, text)
            return redirect(_safe_next(request, reverse("visits:todo")))
    return render(
        request,
        "visits/record.html",
        {
            "household": household,
            "form": form,
            "page": Paginator(selectors.visit_history(user=request.user, household=household), 10).get_page(
                request.GET.get("page")
            ),
            "next": _safe_next(request, ""),
        },
    )


@login_required
def history(request):
    """走访记录: every visit the user may see, newest first, by place/grid, kind and month; paginated."""
    policy.require(request.user, rules.VIEW_VISIT)
    where = _filters(request, rules.VIEW_VISIT)
    kind = request.GET.get("kind", "")
    kind = kind if kind in VisitKind.values else ""
    month = _month(request) if request.GET.get("month") else None
    visits = selectors.visit_history(
        user=request.user,
        place_code=where["place_code"],
        grid_code=where["grid_code"],
        kind=kind,
        month=month,
    )
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "visits/history.html",
        {
            "page": Paginator(visits, 30).get_page(request.GET.get("page")),
            "where": where,
            "kind": kind,
            "month": month,
            "kinds": VisitKind.choices,
            "query": urlencode(params),
        },
    )


@login_required
def coverage(request):
    """每月最小单元全覆盖走访: per 楼道 and per 微网格, with a drill-down to the households."""
    policy.require(request.user, rules.VIEW_VISIT)
    month = selectors.month_of()
    chosen = _month(request)
    where = _filters(request, rules.VIEW_VISIT)
    codes = {"place_code": where["place_code"], "grid_code": where["grid_code"]}
    drill = (where["place"] is not None and where["place"].level >= PlaceLevel.UNIT) or (
        where["grid"] is not None and where["grid"].level == GridLevel.MICRO
    )
    months = [month]
    for _ in range(5):
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return render(
        request,
        "visits/coverage.html",
        {
            "month": chosen,
            "months": months,
            "where": where,
            "total": selectors.coverage_total(user=request.user, month=chosen, **codes),
            "units": selectors.coverage_by_unit(user=request.user, month=chosen, **codes),
            "grids": selectors.coverage_by_grid(user=request.user, month=chosen, **codes),
            "households": selectors.households_with_status(user=request.user, month=chosen, **codes)[:300]
            if drill
            else None,
            "may_record": policy.may(request.user, rules.RECORD_VISIT),
        },
    )


@login_required
def alerts(request):
    """智慧预警: residents with a care tag (ledger) not visited or contacted within their interval."""
    policy.require(request.user, rules.VIEW_CARE_ALERT)
    return render(
        request,
        "visits/alerts.html",
        {
            "alerts": care_alerts(user=request.user),
            "default_days": settings.LINLI_CARE_CONTACT_DAYS,
            "may_record": policy.may(request.user, rules.RECORD_VISIT),
        },
    )


@login_required
def patrols(request):
    """一日三巡: the check-in button and today's count for a grid worker; compliance per grid for those
    who oversee them."""
    may_check_in = policy.may(request.user, rules.CHECK_IN_PATROL)
    may_view = policy.may(request.user, rules.VIEW_PATROL)
    if not (may_check_in or may_view):
        raise PermissionDenied
    grids = selectors.patrol_grids_for(request.user) if may_check_in else []
    form = PatrolForm(request.POST or None, grids=grids)
    if request.method == "POST":
        if not grids:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            grid = next(g for g in grids if g.code == data["grid"])
            try:
                services.patrol_check_in(
                    actor=request.user,
                    grid=grid,
                    notes=data["notes"],
                    issues_found=data["issues_found"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                n = selectors.patrols_today(user=request.user).count()
                messages.success(request, f"已签到，今天第 {n} 次巡查。")
                return redirect("visits:patrols")
    today = timezone.localdate()
    start, end = today - timedelta(days=COMPLIANCE_DAYS), today - timedelta(days=1)
    return render(
        request,
        "visits/patrols.html",
        {
            "form": form,
            "grids": grids,
            "today": list(selectors.patrols_today(user=request.user).select_related("grid")) if grids else [],
            "per_day": settings.LINLI_PATROLS_PER_DAY,
            "compliance": selectors.patrol_compliance(
                user=request.user, start=start, end=end, calendar=get_calendar()
            )
            if may_view
            else [],
            "start": start,
            "end": end,
            "may_view": may_view,
        },
    )

"""The auditor's viewer: who accessed which personal information, filterable, newest first."""

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from linli.core import policy

from . import rules, selectors
from .models import Action


def _day(raw: str):
    try:
        return datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        return None


@login_required
def entries(request):
    if not policy.may(request.user, rules.VIEW_AUDIT):
        raise PermissionDenied
    rows = selectors.entries_visible_to(request.user)
    q = request.GET
    action = q.get("action", "")
    if action in Action.values:
        rows = rows.filter(action=action)
    actor = q.get("actor", "").strip()
    if actor:
        rows = rows.filter(actor__phone=actor) if actor.isdigit() else rows.filter(actor__name=actor)
    start, end = _day(q.get("start", "")), _day(q.get("end", ""))
    tz = timezone.get_current_timezone()
    if start:
        rows = rows.filter(at__gte=datetime.combine(start, time.min, tzinfo=tz))
    if end:
        rows = rows.filter(at__lt=datetime.combine(end, time.max, tzinfo=tz))
    page = Paginator(rows, 50).get_page(q.get("page"))
    return render(
        request,
        "audit/entries.html",
        {
            "page": page,
            "actions": Action.choices,
            "action": action,
            "actor": actor,
            "start": start,
            "end": end,
        },
    )

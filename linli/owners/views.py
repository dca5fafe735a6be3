from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from linli.core import policy

from . import selectors
from .rules import VIEW_OWNERS


@login_required
def overview(request):
    if not policy.may(request.user, VIEW_OWNERS):
        raise PermissionDenied
    today = timezone.localdate()
    bodies = selectors.bodies_visible_to(user=request.user)
    due_ids = set(selectors.bodies_due(today=today).values_list("pk", flat=True))
    return render(
        request,
        "owners/overview.html",
        {"bodies": bodies, "due_ids": due_ids, "days": selectors.reminder_days()},
    )

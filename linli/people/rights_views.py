"""Pages of the residents' rights (PIPL): 我的个人信息 (what is held, a download of one's own data, a
deletion request) and, for community staff, the deletion requests to answer. Thin: the rules are in
rights.py."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError

from . import rights, rules
from .choices import DeletionStatus
from .models import DeletionRequest


@login_required
@never_cache
def my_data(request):
    person = rights.own_person(request.user)
    return render(
        request,
        "people/my_data.html",
        {
            "person": person,
            "requests": rights.own_deletion_requests(request.user),
            "pending": rights.deletion_pending(person),
            "limit": settings.LINLI_OWN_DATA_DOWNLOADS_PER_DAY,
            "within": rights.ANSWER_WITHIN_DAYS,
        },
    )


@login_required
@require_POST
def my_data_download(request):
    try:
        data = rights.own_data_download(user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("people:my_data")
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = f"my-data-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def my_data_delete(request):
    try:
        rights.deletion_request(user=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"删除申请已提交，社区会在{rights.ANSWER_WITHIN_DAYS}日内答复。")
    return redirect("people:my_data")


@login_required
def deletion_list(request):
    policy.require(request.user, rules.HANDLE_DELETION)
    status = request.GET.get("status", DeletionStatus.PENDING)
    if status not in DeletionStatus.values:
        status = DeletionStatus.PENDING
    rows = rights.deletion_queue(request.user, status)
    return render(
        request,
        "people/deletion_requests.html",
        {
            "rows": rows,
            "status": status,
            "statuses": DeletionStatus.choices,
            "within": rights.ANSWER_WITHIN_DAYS,
        },
    )


@login_required
@require_POST
def deletion_answer(request, pk: int):
    found = policy.get_visible_or_404(
        request.user,
        rules.HANDLE_DELETION,
        DeletionRequest.objects.select_related("person__household"),
        pk=pk,
    )
    try:
        rights.deletion_answer(
            actor=request.user,
            request=found,
            carry_out=request.POST.get("decision") == "carry_out",
            reply=request.POST.get("reply", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已处理该删除申请。")
    return redirect("people:deletion_requests")

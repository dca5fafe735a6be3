"""Resident-facing pages: the list of polls (待投票 first), a poll with its ballot form and its result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError

from . import rules, selectors, services
from .choices import PollStatus
from .models import Participation


@login_required
def poll_list(request):
    policy.require(request.user, rules.VIEW_POLL)
    polls = selectors.polls_visible_to(user=request.user)
    status = request.GET.get("status", "")
    if status in PollStatus.values:
        polls = polls.filter(status=status)
    page = Paginator(polls, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "votes/list.html",
        {
            "awaiting": list(selectors.polls_awaiting_vote(user=request.user)[:20]),
            "page": page,
            "status": status,
            "statuses": PollStatus.choices,
            "may_manage": policy.may(request.user, rules.MANAGE_POLL),
        },
    )


@login_required
def poll_detail(request, pk: int):
    user = request.user
    poll = selectors.poll_get_for_user(user=user, pk=pk)
    elector = selectors.elector_of(user, poll)
    mine = Participation.objects.filter(elector=elector).first() if elector else None
    may_manage = policy.may(user, rules.MANAGE_POLL, poll)
    return render(
        request,
        "votes/detail.html",
        {
            "poll": poll,
            "options": list(poll.options.all()),
            "elector": elector,
            "mine": mine,
            "can_vote": elector is not None and mine is None and poll.status == PollStatus.OPEN,
            "result": selectors.poll_result(poll=poll),
            "may_manage": may_manage,
            "may_enter_paper": policy.may(user, rules.ENTER_PAPER, poll),
            "may_set_area": poll.is_assembly and policy.may(user, rules.SET_AREA, poll.place),
            "events": poll.events.select_related("by") if may_manage else [],
        },
    )


@login_required
@require_POST
def vote(request, pk: int):
    poll = selectors.poll_get_for_user(user=request.user, pk=pk)
    try:
        services.ballot_cast(actor=request.user, poll=poll, option_ids=request.POST.getlist("option"))
    except PermissionDenied:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, "投票成功，感谢您的参与！" + ("（无记名投票，选票不与您关联）" if poll.secret else "")
        )
    return redirect("votes:detail", pk=poll.pk)

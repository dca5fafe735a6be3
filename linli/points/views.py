"""积分超市: my balance and entries, the rewards with redeem buttons; for community staff the accounts
(honour points, reversals), rewards and the redemptions waiting to be handed over."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import rules, selectors, services
from .choices import Window
from .models import Entry, Redemption


@login_required
def home(request):
    account = selectors.my_account(request.user)
    manage = policy.may(request.user, rules.MANAGE_POINTS)
    if account is None and not manage and not policy.may(request.user, rules.VIEW_REWARD):
        raise PermissionDenied
    return render(
        request,
        "points/home.html",
        {
            "account": account,
            "entries": selectors.entries_of(account) if account else [],
            "rewards": selectors.rewards_visible_to(request.user)[:100],
            "manage": manage,
            "pending": selectors.redemptions_to_hand_over(request.user)[:100],
            "accounts": selectors.accounts_visible_to(request.user).order_by("-balance")[:50]
            if manage
            else [],
            "windows": Window.choices,
            "places": list(
                policy.visible(
                    request.user, rules.MANAGE_POINTS, Place.objects.filter(level=PlaceLevel.COMMUNITY)
                )[:50]
            )
            if manage
            else [],
        },
    )


@login_required
@require_POST
def redeem(request, pk: int):
    reward = selectors.reward_for(user=request.user, pk=pk)
    try:
        services.redeem(actor=request.user, reward=reward)
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您无权兑换该奖品。")
    else:
        messages.success(request, f"已兑换“{reward.name}”，请到社区领取。")
    return redirect("points:home")


def _int(raw, default=None):
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else default


@login_required
@require_POST
def reward_new(request):
    place = Place.objects.filter(code=request.POST.get("place", ""), level=PlaceLevel.COMMUNITY).first()
    if place is None:
        messages.error(request, "请选择社区。")
        return redirect("points:home")
    try:
        reward = services.reward_create(
            actor=request.user,
            place=place,
            name=request.POST.get("name", ""),
            cost=_int(request.POST.get("cost"), 0),
            stock=_int(request.POST.get("stock"), 0),
            per_person_limit=_int(request.POST.get("per_person_limit"), 1),
            window=request.POST.get("window", Window.QUARTER),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, f"已上架“{reward.name}”。")
    return redirect("points:home")


@login_required
def account(request, pk: int):
    acc = selectors.account_for(user=request.user, pk=pk)
    return render(
        request,
        "points/account.html",
        {
            "account": acc,
            "entries": selectors.entries_of(acc, limit=200),
            "manage": policy.may(request.user, rules.MANAGE_POINTS, acc),
            "honours": acc.volunteer.honours.all(),
        },
    )


@login_required
@require_POST
def account_act(request, pk: int, action: str):
    acc = selectors.account_for(user=request.user, pk=pk)
    try:
        if action == "honour":
            services.honour_add(
                actor=request.user,
                account=acc,
                hours=request.POST.get("hours", "").strip() or "0",
                reason=request.POST.get("reason", ""),
            )
            text = "已加荣誉时长，积分已入账。"
        elif action == "reverse":
            entry = Entry.objects.filter(account=acc, pk=_int(request.POST.get("entry"), 0)).first()
            if entry is None:
                raise Http404
            services.entry_reverse(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
            text = "已冲正。"
        elif action == "pioneer":
            services.honour_grant(
                actor=request.user,
                volunteer=acc.volunteer,
                period=request.POST.get("period", ""),
                reason=request.POST.get("reason", ""),
            )
            text = "已评为先锋个人。"
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您无权进行此操作。")
    else:
        messages.success(request, text)
    return redirect("points:account", pk=acc.pk)


@login_required
@require_POST
def hand_over(request, pk: int):
    redemption = policy.get_visible_or_404(request.user, rules.MANAGE_POINTS, Redemption.objects.all(), pk=pk)
    try:
        services.hand_over(actor=request.user, redemption=redemption)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记领取。")
    return redirect("points:home")

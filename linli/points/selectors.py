from django.db.models import QuerySet

from linli.core import policy

from . import rules
from .models import Account, Entry, Redemption, Reward


def my_account(user) -> Account | None:
    return Account.objects.filter(volunteer__user=user).select_related("volunteer").first()


def entries_of(account: Account, limit: int = 50) -> list[Entry]:
    return list(account.entries.select_related("actor")[:limit])


def accounts_visible_to(user) -> QuerySet:
    return policy.visible(
        user, rules.VIEW_POINTS, Account.objects.select_related("volunteer", "volunteer__place")
    )


def account_for(*, user, pk) -> Account:
    return policy.get_visible_or_404(
        user, rules.VIEW_POINTS, Account.objects.select_related("volunteer"), pk=pk
    )


def rewards_visible_to(user) -> QuerySet:
    return policy.visible(
        user, rules.VIEW_REWARD, Reward.objects.filter(is_active=True).select_related("place")
    )


def reward_for(*, user, pk) -> Reward:
    return policy.get_visible_or_404(user, rules.VIEW_REWARD, Reward.objects.all(), pk=pk)


def redemptions_to_hand_over(user) -> QuerySet:
    if not policy.may(user, rules.MANAGE_POINTS):
        return Redemption.objects.none()
    return policy.visible(
        user, rules.MANAGE_POINTS, Redemption.objects.filter(handed_over_at__isnull=True)
    ).select_related("reward", "account__volunteer")

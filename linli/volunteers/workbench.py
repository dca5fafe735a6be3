from django.urls import reverse

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules, selectors


def items(user) -> list[WorkItem]:
    found: list[WorkItem] = []
    if selectors.volunteer_of(user) is not None:
        upcoming = selectors.activities_visible_to(user, upcoming=True)
        mine = selectors.my_signups(user).filter(activity__in=upcoming, checked_out_at__isnull=True).count()
        if mine:
            found.append(
                WorkItem("我报名的活动", mine, reverse("volunteers:activities"), "凭签到码签到、签退")
            )
        elif n := upcoming.count():
            found.append(
                WorkItem("可报名的志愿活动", n, reverse("volunteers:activities"), "报名参加，积分可兑换")
            )
    if policy.may(user, rules.PUBLISH_ACTIVITY):
        from linli.points.selectors import redemptions_to_hand_over

        n = redemptions_to_hand_over(user).count()
        if n:
            found.append(WorkItem("待领取的积分兑换", n, reverse("points:home"), "志愿者兑换的奖品"))
    return found

from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules, selectors
from .choices import PollStatus
from .models import Poll


def items(user) -> list[WorkItem]:
    out = []
    awaiting = selectors.polls_awaiting_vote(user=user).count()
    if awaiting:
        out.append(
            WorkItem("待投票", awaiting, reverse("votes:list"), "小区意见征询和业主大会表决", urgent=True)
        )
    if policy.may(user, rules.MANAGE_POLL):
        due = policy.visible(
            user,
            rules.MANAGE_POLL,
            Poll.objects.filter(status=PollStatus.OPEN, closes_at__lte=timezone.now()),
        ).count()
        if due:
            out.append(
                WorkItem(
                    "已到截止时间待结束的表决", due, reverse("votes:list") + "?status=open", "结束投票并计票"
                )
            )
    return out

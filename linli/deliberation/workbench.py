from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules, selectors
from .choices import TopicStatus


def items(user) -> list[WorkItem]:
    found: list[WorkItem] = []
    topics = selectors.topics_visible_to(user=user)
    if policy.may(user, rules.REVIEW_TOPIC):
        n = policy.visible(user, rules.REVIEW_TOPIC, topics.filter(status=TopicStatus.SUBMITTED)).count()
        if n:
            found.append(
                WorkItem(
                    "议题待审核", n, reverse("deliberation:topics") + "?status=submitted", "议题审核把关"
                )
            )
    returned = topics.filter(proposer=user, status=TopicStatus.RETURNED).count()
    if returned:
        found.append(
            WorkItem(
                "议题被退回",
                returned,
                reverse("deliberation:topics") + "?status=returned",
                "按退回理由修改后重新提交",
            )
        )
    if not policy.may(user, rules.MANAGE_TOPIC):
        asking = topics.filter(status__in=[TopicStatus.COLLECTING, TopicStatus.DISCUSSING]).exclude(
            supports__user=user
        )
        if n := asking.count():
            found.append(
                WorkItem(
                    "议题征求意见中",
                    n,
                    reverse("deliberation:topics"),
                    "事前谈需求、事中提意见，说说您的想法",
                )
            )
    if policy.may(user, rules.SUPERVISE_ITEM):
        today = timezone.localdate()
        open_items = selectors.items_to_supervise(user=user).filter(done_at__isnull=True)
        overdue = open_items.filter(deadline__lt=today).count()
        if overdue:
            found.append(
                WorkItem(
                    "决议事项逾期",
                    overdue,
                    reverse("deliberation:items") + "?show=overdue",
                    "督办落实",
                    urgent=True,
                )
            )
        elif n := open_items.count():
            found.append(WorkItem("决议事项落实中", n, reverse("deliberation:items"), "记录进展、按期完成"))
    if policy.may(user, rules.VIEW_CADENCE):
        gaps = selectors.joint_meeting_gaps(user=user, month=timezone.localdate())
        if gaps:
            found.append(
                WorkItem(
                    "本月未开联席会议的小区",
                    len(gaps),
                    reverse("deliberation:stats"),
                    "支部牵头、业委会和物业参加，每月一次",
                    urgent=True,
                )
            )
    return found

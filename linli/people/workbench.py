"""Work items for those who keep the ledger (信息员, 网格员, 社区工作者): residents registered this
month, and current residents whose 身份证号 is still missing."""

from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules, selectors


def items(user) -> list[WorkItem]:
    found = _rights_items(user)
    if not policy.may(user, rules.CHANGE_PERSON):
        return found
    month_start = timezone.localdate().replace(day=1)
    found += [
        WorkItem(
            "本月新登记居民",
            selectors.registered_since(user=user, since=month_start).count(),
            reverse("people:ledger"),
            "居民台账",
        )
    ]
    missing = selectors.missing_id_number(user=user).count()
    if missing:
        found.append(
            WorkItem(
                "待补全身份证号",
                missing,
                reverse("people:ledger") + "?missing=id",
                "在住居民尚未登记身份证号，走访时补全",
            )
        )
    return found


def _rights_items(user) -> list[WorkItem]:
    """个人信息: the resident's own page; for community staff, the deletion requests to answer."""
    from datetime import timedelta

    from .choices import DeletionStatus
    from .rights import ANSWER_WITHIN_DAYS, deletion_requests_visible_to, own_person

    found = []
    if own_person(user) is not None:
        found.append(
            WorkItem("我的个人信息", None, reverse("people:my_data"), "查阅、下载本人信息，申请删除")
        )
    if policy.may(user, rules.HANDLE_DELETION):
        pending = deletion_requests_visible_to(user).filter(status=DeletionStatus.PENDING)
        n = pending.count()
        if n:
            late = pending.filter(
                requested_at__lt=timezone.now() - timedelta(days=ANSWER_WITHIN_DAYS)
            ).exists()
            found.append(
                WorkItem(
                    "待答复的个人信息删除申请",
                    n,
                    reverse("people:deletion_requests"),
                    f"请在{ANSWER_WITHIN_DAYS}日内答复",
                    urgent=late,
                )
            )
    return found

"""Work items for those who keep the ledger (信息员, 网格员, 社区工作者): residents registered this
month, and current residents whose 身份证号 is still missing."""

from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules, selectors


def items(user) -> list[WorkItem]:
    if not policy.may(user, rules.CHANGE_PERSON):
        return []
    month_start = timezone.localdate().replace(day=1)
    found = [
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

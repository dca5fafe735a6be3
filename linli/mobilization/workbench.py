from django.urls import reverse

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules, selectors
from .choices import TaskStatus


def items(user) -> list[WorkItem]:
    found: list[WorkItem] = []
    if not policy.may(user, rules.VIEW_EMERGENCY):
        return found
    confirm = policy.may(user, rules.CONFIRM_TASK)
    for emergency in selectors.active_for(user)[:3]:
        label = ("【演练】" if emergency.is_drill else "") + emergency.title
        if confirm:
            n = (
                selectors.my_tasks(user=user, emergency=emergency)
                .filter(status__in=[TaskStatus.PENDING, TaskStatus.NOT_HOME])
                .count()
            )
            if n:
                found.append(
                    WorkItem(
                        f"应急：{label}",
                        n,
                        reverse("mobilization:mine", args=[emergency.pk]),
                        "逐户联系，关爱对象优先",
                        urgent=True,
                    )
                )
                continue
        found.append(
            WorkItem(
                f"应急：{label}",
                None,
                reverse("mobilization:board", args=[emergency.pk]),
                "查看各网格进度",
                urgent=True,
            )
        )
    return found

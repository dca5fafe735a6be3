from django.urls import reverse
from django.utils import timezone

from linli.core.workbench import WorkItem

from . import selectors


def items(user) -> list[WorkItem]:
    found = []
    month = timezone.localdate().replace(day=1)
    for unit in selectors.my_units(user)[:3]:
        plan = selectors.plan_of(unit, month)
        url = reverse("stairwells:plan", args=[unit.code])
        if plan is None:
            found.append(
                WorkItem(f"{unit.parent.name}{unit.name}本月走访计划", None, url, "尚未生成：按台账一键生成")
            )
        else:
            left = sum(1 for i in selectors.plan_items(plan) if not i.done)
            if left:
                found.append(
                    WorkItem(f"{unit.parent.name}{unit.name}走访计划待完成", left, url, "含四必联任务")
                )
    return found

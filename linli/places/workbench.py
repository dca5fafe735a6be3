from django.urls import reverse

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules, selectors


def items(user) -> list[WorkItem]:
    found: list[WorkItem] = []
    if policy.may(user, rules.CHANGE_GRID):
        report = reverse("grids:report")
        out = len(selectors.micro_grids_out_of_range(user=user))
        low, high = selectors.micro_grid_size_limits()
        if out:
            found.append(WorkItem("户数超出范围的微网格", out, report, f"应为 {low}–{high} 户", urgent=True))
        ungridded = selectors.households_without_grid(user=user).count()
        if ungridded:
            found.append(
                WorkItem(
                    "未划入网格的住户", ungridded, report + "#ungridded", "每户须属于一个微网格", urgent=True
                )
            )
    if policy.may(user, rules.VIEW_PLACE):
        found.append(WorkItem("浏览地点", None, reverse("places:browse"), "小区、楼栋、住户"))
    if policy.may(user, rules.VIEW_GRID):
        found.append(WorkItem("浏览网格", None, reverse("grids:browse"), "总网格、一般网格、微网格"))
    return found

from django.conf import settings
from django.urls import reverse

from linli.core import policy
from linli.core.workbench import WorkItem

from . import alerts, rules, selectors


def items(user) -> list[WorkItem]:
    found: list[WorkItem] = []
    if policy.may(user, rules.RECORD_VISIT):
        n = selectors.todo_count(user=user, month=selectors.month_of())
        found.append(WorkItem("本月待走访户", n, reverse("visits:todo"), "每月最小单元全覆盖走访"))
    if policy.may(user, rules.VIEW_CARE_ALERT):
        n = len(alerts.care_alerts(user=user))
        if n:
            found.append(
                WorkItem("关爱预警", n, reverse("visits:alerts"), "独居老人等超期未走访联系", urgent=True)
            )
    if policy.may(user, rules.VIEW_HAZARD):
        overdue = selectors.hazards_overdue(user=user).count()
        if overdue:
            found.append(
                WorkItem(
                    "隐患逾期未整改",
                    overdue,
                    reverse("visits:hazards") + "?overdue=1",
                    "超过整改期限",
                    urgent=True,
                )
            )
        elif n := selectors.hazards_open(user=user).count():
            found.append(WorkItem("安全隐患待整改", n, reverse("visits:hazards"), "按期整改、佐证销号"))
    if selectors.patrol_grids_for(user):
        n = selectors.patrols_today(user=user).count()
        per_day = settings.LINLI_PATROLS_PER_DAY
        found.append(
            WorkItem(
                "今日巡查",
                n,
                reverse("visits:patrols"),
                f"一日三巡：{n}/{per_day} 次" + ("，已达标" if n >= per_day else ""),
                urgent=n < per_day,
            )
        )
    return found

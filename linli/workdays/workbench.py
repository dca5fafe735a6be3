from django.urls import reverse

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules
from .selectors import missing_years


def items(user) -> list[WorkItem]:
    if not policy.may(user, rules.MANAGE_CALENDAR):
        return []
    years = missing_years()
    if not years:
        return []
    names = "、".join(f"{y}年" for y in years)
    return [
        WorkItem(
            f"{names}的法定节假日尚未配置",
            None,
            reverse("admin:workdays_workdayoverride_changelist"),
            "未配置前按周一至周五计算工作日，诉求时限可能不准。请按国务院办公厅通知录入并确认。",
            urgent=True,
        )
    ]

from django.urls import reverse

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules, selectors
from .choices import NeedStatus, ProjectStatus


def items(user) -> list[WorkItem]:
    found: list[WorkItem] = []
    if policy.may(user, rules.MANAGE):
        if n := selectors.needs_visible_to(user).filter(status=NeedStatus.OPEN).count():
            found.append(WorkItem("需求待对接", n, reverse("projects:lists"), "需求对接资源，转为项目"))
        if (
            n := selectors.projects_visible_to(user)
            .filter(owner=user)
            .exclude(status=ProjectStatus.COMPLETED)
            .count()
        ):
            found.append(
                WorkItem("我负责的实事项目", n, reverse("projects:projects"), "更新进度、节点和资金")
            )
    if policy.may(user, rules.EVALUATE):
        todo = (
            policy.visible(user, rules.EVALUATE, selectors.projects_visible_to(user))
            .filter(status=ProjectStatus.COMPLETED)
            .exclude(evaluations__resident=user)
        )
        if n := todo.count():
            found.append(WorkItem("待评价的实事项目", n, reverse("projects:projects"), "事后给评价"))
    return found

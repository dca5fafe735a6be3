from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules, selectors
from .choices import Status


def items(user) -> list[WorkItem]:
    found: list[WorkItem] = []
    if not policy.may(user, rules.VIEW_CASE):
        return found
    cases = selectors.case_visible_to(user)
    if policy.may(user, rules.ACCEPT_CASE) and (n := cases.filter(status=Status.REGISTERED).count()):
        found.append(
            WorkItem(
                "调解申请待受理",
                n,
                reverse("mediation:list") + "?status=registered",
                "受理或说明不予受理理由",
                urgent=True,
            )
        )
    if policy.may(user, rules.MEDIATE_CASE):
        mine = cases.filter(Q(status=Status.MEDIATING) | Q(status=Status.SIGNING), mediator=user).count()
        if mine:
            found.append(
                WorkItem(
                    "我调解中的案件",
                    mine,
                    reverse("mediation:list") + "?status=mediating",
                    "记录笔录、制作协议",
                )
            )
        today = timezone.localdate()
        due = cases.filter(
            mediator=user,
            status=Status.RESOLVED,
            judicial="",
            judicial_reminded_at__isnull=False,
            agreement_effective_on__gte=today - timedelta(days=30),
        ).count()
        if due:
            found.append(
                WorkItem(
                    "司法确认期限将至",
                    due,
                    reverse("mediation:list") + "?status=resolved",
                    "30 日内可共同申请司法确认",
                    urgent=True,
                )
            )
    return found

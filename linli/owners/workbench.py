from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.core.workbench import WorkItem

from .rules import VIEW_OWNERS
from .selectors import bodies_due, bodies_visible_to


def items(user) -> list[WorkItem]:
    if not policy.may(user, VIEW_OWNERS):
        return []
    due = bodies_visible_to(user=user).filter(pk__in=bodies_due(today=timezone.localdate()).values("pk"))
    count = due.count()
    if not count:
        return []
    return [WorkItem("业委会/物管会即将届满", count, reverse("owners:overview"), "请筹备换届", urgent=True)]

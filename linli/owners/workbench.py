from django.urls import reverse
from django.utils import timezone

from linli.core import policy
from linli.core.workbench import WorkItem

from .models import CandidateStatus
from .rules import REVIEW_CANDIDATE, VIEW_OWNERS
from .selectors import bodies_due, bodies_visible_to, candidates_visible_to


def items(user) -> list[WorkItem]:
    if not policy.may(user, VIEW_OWNERS):
        return []
    out = []
    due = bodies_visible_to(user=user).filter(pk__in=bodies_due(today=timezone.localdate()).values("pk"))
    count = due.count()
    if count:
        out.append(
            WorkItem("业委会/物管会即将届满", count, reverse("owners:overview"), "请筹备换届", urgent=True)
        )
    if policy.may(user, REVIEW_CANDIDATE):
        pending = policy.visible(user, REVIEW_CANDIDATE, candidates_visible_to(user=user)).filter(
            status=CandidateStatus.PENDING
        )
        count = pending.count()
        if count:
            out.append(
                WorkItem("待审查的业委会候选人", count, reverse("owners:candidates"), "党组织资格审查")
            )
    return out

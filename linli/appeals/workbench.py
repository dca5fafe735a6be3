from django.urls import reverse

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules, selectors
from .services.intake import resident_places

_URGENT = {"to_receive", "to_dispatch", "to_sign", "to_check", "extensions"}


def items(user) -> list[WorkItem]:
    found: list[WorkItem] = []
    if resident_places(user):
        found.append(WorkItem("反映问题", None, reverse("appeals:report"), "拍照说清楚，社区帮您办"))
    counts = selectors.queue_counts(user=user)
    for key, n in counts.items():
        if key in ("mine", "all") or not n:
            continue
        label = selectors.QUEUES[key][0]
        found.append(
            WorkItem(f"诉求·{label}", n, f"{reverse('appeals:list')}?queue={key}", urgent=key in _URGENT)
        )
    if counts.get("mine"):
        found.append(WorkItem("我的诉求", counts["mine"], reverse("appeals:mine"), "查看进度、评价"))
    if policy.may(user, rules.VIEW_MEASURES):
        found.append(WorkItem("诉求办理指标", None, reverse("appeals:measures"), "响应率、解决率、满意率"))
    return found

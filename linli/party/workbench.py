from django.urls import reverse

from linli.core import policy
from linli.core.workbench import WorkItem

from .choices import Registration
from .rules import CONFIRM_REGISTRATION, MANAGE_MEMBER
from .selectors import members_visible_to, transfers_to_receive


def items(user) -> list[WorkItem]:
    out = []
    if policy.may(user, CONFIRM_REGISTRATION):
        pending = policy.visible(user, CONFIRM_REGISTRATION, members_visible_to(user=user)).filter(
            registration=Registration.REQUESTED
        )
        count = pending.count()
        if count:
            out.append(
                WorkItem(
                    "待确认的党员双报到", count, reverse("party:overview"), "党员申请到居住小区党支部报到"
                )
            )
    if policy.may(user, MANAGE_MEMBER):
        count = transfers_to_receive(user=user).count()
        if count:
            out.append(
                WorkItem("待接收的组织关系转接", count, reverse("party:transfers"), "其他党组织转入的党员")
            )
    return out

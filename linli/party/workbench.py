from django.urls import reverse

from linli.core import policy
from linli.core.workbench import WorkItem

from .choices import Registration
from .rules import CONFIRM_REGISTRATION
from .selectors import members_visible_to


def items(user) -> list[WorkItem]:
    if not policy.may(user, CONFIRM_REGISTRATION):
        return []
    pending = policy.visible(user, CONFIRM_REGISTRATION, members_visible_to(user=user)).filter(
        registration=Registration.REQUESTED
    )
    count = pending.count()
    if not count:
        return []
    return [WorkItem("待确认的党员双报到", count, reverse("party:overview"), "党员申请到居住小区党支部报到")]

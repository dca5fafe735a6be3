from django.urls import reverse

from linli.core import policy
from linli.core.workbench import WorkItem

from . import rules


def items(user) -> list[WorkItem]:
    if not policy.may(user, rules.MANAGE_KEY):
        return []
    return [WorkItem("Open311 接口密钥", None, reverse("open311_keys:list"), "为第三方系统发放、吊销密钥")]

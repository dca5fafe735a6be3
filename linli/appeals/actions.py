"""The actions on an appeal: which the user may perform now, and what each does with its input.

Each handler takes ``(user, appeal, data)``, where ``data`` is any mapping with ``.get`` — the HTML
form's ``request.POST`` or the JSON API's body — calls one service and returns a Chinese message."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from linli.core import policy
from linli.core.exceptions import DomainError

from . import rules
from .choices import Status
from .models import Appeal, Category, HandlingUnit
from .selectors import appeal_get_for_user, assignable_people
from .services import intake, workflow
from .transitions import TRANSITIONS


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    danger: bool = False
    primary: bool = False  # the step the loop expects next; shown first and open


#: The next step of the loop in each state, in the order a person looks for it.
PRIMARY = [
    "receive",
    "dispatch",
    "claim",
    "sign",
    "reply",
    "close",
    "rate",
    "grant_extension",
    "visit",
    "resume",
]


def available_actions(user, appeal: Appeal) -> list[Action]:
    offered = []  # (action, the permission it needs), in the order of TRANSITIONS
    for t in TRANSITIONS.values():
        if appeal.status not in t.sources or t.name in ("rate_on_visit", "rework"):
            continue
        if t.name in ("grant_extension", "deny_extension") and not appeal.extension_requested_days:
            continue
        if t.name == "request_extension" and appeal.extension_requested_days:
            continue
        if t.name == "claim" and not (appeal.flow == "community" and appeal.level == 4):
            continue
        action = Action(
            t.name, t.label, danger=t.name in ("reject", "shelve", "return"), primary=t.name in PRIMARY
        )
        offered.append((action, t.permission))
    if appeal.status in (Status.SUBMITTED, Status.RECEIVED):
        offered.append((Action("classify", "修改分类"), rules.RECEIVE_APPEAL))
    offered.append((Action("note", "内部备注"), rules.NOTE_APPEAL))
    allowed = policy.permitted(user, [permission for _, permission in offered], appeal)
    out = [action for action, permission in offered if permission in allowed]
    rank = {name: i for i, name in enumerate(PRIMARY)}
    return sorted(out, key=lambda a: rank.get(a.name, len(PRIMARY)))


def _text(data: Mapping, name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


def _category(data: Mapping) -> Category | None:
    code = _text(data, "category")
    return Category.objects.filter(code=code, is_active=True).first() if code else None


def _receive(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_receive(appeal=appeal, actor=user, category=_category(data), note=_text(data, "note"))
    return "已受理。"


def _reject(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_reject(appeal=appeal, actor=user, reason=_text(data, "reason"))
    return "已不予受理，并已答复居民。"


def _merge(user, appeal: Appeal, data: Mapping) -> str:
    number = _text(data, "into")
    target = Appeal.objects.filter(number=number).first() if number else None
    if target is None:
        raise DomainError("请填写要合并到的诉求编号。")
    target = appeal_get_for_user(user=user, pk=target.pk)
    workflow.appeal_merge(appeal=appeal, into=target, actor=user, note=_text(data, "note"))
    return f"已合并到 {target.number}，办结后将一并答复。"


def _dispatch(user, appeal: Appeal, data: Mapping) -> str:
    unit = None
    if _text(data, "unit"):
        pk = _text(data, "unit")
        unit = HandlingUnit.objects.filter(pk=pk).first() if pk.isdigit() else None
        if unit is None:
            raise DomainError("找不到该承办单位。", field="unit")
    assignee = None
    if _text(data, "assignee") and unit is None:
        pk = _text(data, "assignee")
        assignee = assignable_people(appeal=appeal).filter(pk=pk).first() if pk.isdigit() else None
        if assignee is None:
            raise DomainError("只能指派给负责该地点的党员、志愿者或网格员。", field="assignee")
    workflow.appeal_dispatch(
        appeal=appeal, actor=user, unit=unit, assignee=assignee, note=_text(data, "note")
    )
    return f"已派单给 {unit.name if unit else assignee.name}。"


def _claim(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_claim(appeal=appeal, actor=user)
    return "已接单，请按时办理并反馈。"


def _sign(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_sign(appeal=appeal, actor=user)
    return "已签收。"


def _return(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_return(appeal=appeal, actor=user, reason=_text(data, "reason"))
    return "已回退给派单人。"


def _request_extension(user, appeal: Appeal, data: Mapping) -> str:
    try:
        days = int(_text(data, "days") or 0)
    except ValueError:
        raise DomainError("延期天数应为数字。") from None
    workflow.appeal_request_extension(appeal=appeal, actor=user, days=days, reason=_text(data, "reason"))
    return "已提交延期申请。"


def _grant_extension(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_decide_extension(appeal=appeal, actor=user, approve=True, note=_text(data, "note"))
    return "已同意延期。"


def _deny_extension(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_decide_extension(appeal=appeal, actor=user, approve=False, note=_text(data, "note"))
    return "已驳回延期申请。"


def _reply(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_reply(
        appeal=appeal,
        actor=user,
        reply=_text(data, "reply"),
        internal_note=_text(data, "internal_note"),
        photos=data.get("_files", []),
    )
    return "已反馈办理结果，等待核查。"


def _close(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_close(appeal=appeal, actor=user, note=_text(data, "note"))
    return "已办结，已通知居民评价。"


def _send_back(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_send_back(appeal=appeal, actor=user, reason=_text(data, "reason"))
    return "已退回承办单位返工。"


def _resolved(data: Mapping) -> bool | None:
    value = data.get("resolved")
    if isinstance(value, bool):  # a JSON body
        return value
    return {"1": True, "0": False}.get(_text(data, "resolved"))


def _rate(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_rate(
        appeal=appeal,
        actor=user,
        satisfaction=_text(data, "satisfaction"),
        resolved=_resolved(data),
        comment=_text(data, "comment"),
    )
    return "感谢您的评价！"


def _visit(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_visit(
        appeal=appeal,
        actor=user,
        note=_text(data, "note"),
        satisfaction=_text(data, "satisfaction"),
        resolved=_resolved(data),
    )
    return "已记录回访。"


def _reopen(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_reopen(appeal=appeal, actor=user, reason=_text(data, "reason"))
    return "已重新打开，社区会再次受理。"


def _escalate(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_escalate(appeal=appeal, actor=user, reason=_text(data, "reason"))
    return "已上报上一级。"


def _postpone(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_postpone(appeal=appeal, actor=user, reason=_text(data, "reason"))
    return "已缓办。"


def _shelve(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_postpone(appeal=appeal, actor=user, reason=_text(data, "reason"), shelve=True)
    return "已挂账。"


def _resume(user, appeal: Appeal, data: Mapping) -> str:
    workflow.appeal_resume(appeal=appeal, actor=user, note=_text(data, "note"))
    return "已恢复办理，等待派单。"


def _classify(user, appeal: Appeal, data: Mapping) -> str:
    category = _category(data)
    if category is None:
        raise DomainError("请选择分类。")
    intake.appeal_classify(appeal=appeal, actor=user, category=category)
    return f"分类已改为 {category}。"


def _note(user, appeal: Appeal, data: Mapping) -> str:
    intake.appeal_note(appeal=appeal, actor=user, text=_text(data, "text"))
    return "已添加内部备注（居民看不到）。"


Handler = Callable[..., str]  # (user, appeal, data) -> message

ACTIONS: dict[str, Handler] = {
    "receive": _receive,
    "reject": _reject,
    "merge": _merge,
    "dispatch": _dispatch,
    "claim": _claim,
    "sign": _sign,
    "return": _return,
    "request_extension": _request_extension,
    "grant_extension": _grant_extension,
    "deny_extension": _deny_extension,
    "reply": _reply,
    "close": _close,
    "send_back": _send_back,
    "rate": _rate,
    "visit": _visit,
    "reopen": _reopen,
    "escalate": _escalate,
    "postpone": _postpone,
    "shelve": _shelve,
    "resume": _resume,
    "classify": _classify,
    "note": _note,
}

"""The mediation workflow as data: each action, the states it may start from, the state it leads to, the
permission it needs and the event it writes. services.workflow is the only code that applies them."""

from dataclasses import dataclass

from . import rules
from .choices import EventKind
from .choices import Status as S


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the state stays
    permission: str
    event: str


def _t(name, label, sources, target, permission, event):
    return Transition(name, label, frozenset(sources), target, permission, event)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("accept", "受理", {S.REGISTERED}, S.MEDIATING, rules.ACCEPT_CASE, EventKind.ACCEPTED),
        _t("refuse", "不予受理", {S.REGISTERED}, S.REFUSED, rules.ACCEPT_CASE, EventKind.REFUSED),
        _t("session", "记录调解笔录", {S.MEDIATING, S.SIGNING}, None, rules.MEDIATE_CASE, EventKind.SESSION),
        _t("escalate", "提交上级调委会", {S.MEDIATING}, None, rules.MEDIATE_CASE, EventKind.ESCALATED),
        _t("draft", "制作书面调解协议", {S.MEDIATING}, S.SIGNING, rules.MEDIATE_CASE, EventKind.DRAFTED),
        _t("sign", "登记签署", {S.SIGNING}, None, rules.MEDIATE_CASE, EventKind.SIGNED),
        _t("resolve", "协议生效", {S.SIGNING}, S.RESOLVED, rules.MEDIATE_CASE, EventKind.RESOLVED),
        _t("oral", "记录口头协议", {S.MEDIATING}, S.RESOLVED, rules.MEDIATE_CASE, EventKind.RESOLVED),
        _t("fail", "调解不成", {S.MEDIATING, S.SIGNING}, S.FAILED, rules.MEDIATE_CASE, EventKind.FAILED),
        _t("follow_up", "回访", {S.RESOLVED, S.FAILED}, None, rules.MEDIATE_CASE, EventKind.FOLLOWED_UP),
        _t("judicial", "记录司法确认情况", {S.RESOLVED}, None, rules.MEDIATE_CASE, EventKind.JUDICIAL),
    ]
}


def allowed(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources and t.name != "resolve"]

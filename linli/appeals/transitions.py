"""The appeal workflow as data: each action, the states it may start from, the state it leads to, the
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
    target: str | None  # None: the state stays (a request, a visit, a note)
    permission: str
    event: str


_ACTIVE = frozenset({S.RECEIVED, S.DISPATCHED, S.IN_PROGRESS})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "receive", "受理", frozenset({S.SUBMITTED}), S.RECEIVED, rules.RECEIVE_APPEAL, EventKind.RECEIVED
        ),
        Transition(
            "reject",
            "不予受理",
            frozenset({S.SUBMITTED, S.RECEIVED}),
            S.INVALID,
            rules.RECEIVE_APPEAL,
            EventKind.REJECTED,
        ),
        Transition(
            "merge",
            "合并",
            frozenset({S.SUBMITTED, S.RECEIVED}),
            S.MERGED,
            rules.RECEIVE_APPEAL,
            EventKind.MERGED,
        ),
        Transition(
            "dispatch",
            "派单",
            frozenset({S.RECEIVED}),
            S.DISPATCHED,
            rules.DISPATCH_APPEAL,
            EventKind.DISPATCHED,
        ),
        Transition(
            "claim", "接单", frozenset({S.RECEIVED}), S.IN_PROGRESS, rules.CLAIM_APPEAL, EventKind.CLAIMED
        ),
        Transition(
            "sign", "签收", frozenset({S.DISPATCHED}), S.IN_PROGRESS, rules.HANDLE_APPEAL, EventKind.SIGNED
        ),
        Transition(
            "return",
            "回退（非本单位职责）",
            frozenset({S.DISPATCHED, S.IN_PROGRESS}),
            S.RECEIVED,
            rules.HANDLE_APPEAL,
            EventKind.RETURNED,
        ),
        Transition(
            "request_extension",
            "申请延期",
            frozenset({S.IN_PROGRESS}),
            None,
            rules.HANDLE_APPEAL,
            EventKind.EXTENSION_REQUESTED,
        ),
        Transition(
            "grant_extension",
            "同意延期",
            frozenset({S.IN_PROGRESS}),
            None,
            rules.DISPATCH_APPEAL,
            EventKind.EXTENSION_GRANTED,
        ),
        Transition(
            "deny_extension",
            "不同意延期",
            frozenset({S.IN_PROGRESS}),
            None,
            rules.DISPATCH_APPEAL,
            EventKind.EXTENSION_DENIED,
        ),
        Transition(
            "reply",
            "反馈办理结果",
            frozenset({S.IN_PROGRESS}),
            S.REPLIED,
            rules.HANDLE_APPEAL,
            EventKind.REPLIED,
        ),
        Transition(
            "close", "核查办结", frozenset({S.REPLIED}), S.CLOSED, rules.DISPATCH_APPEAL, EventKind.CLOSED
        ),
        Transition(
            "send_back",
            "核查不通过，返工",
            frozenset({S.REPLIED}),
            S.IN_PROGRESS,
            rules.DISPATCH_APPEAL,
            EventKind.SENT_BACK,
        ),
        Transition("rate", "评价", frozenset({S.CLOSED}), S.RATED, rules.RATE_APPEAL, EventKind.RATED),
        Transition("visit", "回访", frozenset({S.CLOSED}), None, rules.VISIT_APPEAL, EventKind.VISITED),
        Transition(
            "rate_on_visit",
            "回访代录评价",
            frozenset({S.CLOSED}),
            S.RATED,
            rules.VISIT_APPEAL,
            EventKind.RATED,
        ),
        Transition(
            "rework", "重办", frozenset({S.RATED}), S.DISPATCHED, rules.DISPATCH_APPEAL, EventKind.REWORKED
        ),
        Transition(
            "reopen",
            "重新打开",
            frozenset({S.CLOSED, S.RATED}),
            S.RECEIVED,
            rules.RATE_APPEAL,
            EventKind.REOPENED,
        ),
        Transition("escalate", "上报上级", _ACTIVE, S.RECEIVED, rules.DISPATCH_APPEAL, EventKind.ESCALATED),
        Transition("postpone", "缓办", _ACTIVE, S.POSTPONED, rules.DISPATCH_APPEAL, EventKind.POSTPONED),
        Transition("shelve", "挂账", _ACTIVE, S.SHELVED, rules.DISPATCH_APPEAL, EventKind.SHELVED),
        Transition(
            "resume",
            "恢复办理",
            frozenset({S.POSTPONED, S.SHELVED}),
            S.RECEIVED,
            rules.DISPATCH_APPEAL,
            EventKind.RESUMED,
        ),
    ]
}


def allowed_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]

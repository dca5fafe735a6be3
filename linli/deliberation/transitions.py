"""The topic workflow as data: each action, the states it may start from, the state it leads to, the
permission it needs and the event it writes. services.topics is the only code that applies them."""

from dataclasses import dataclass

from . import rules
from .choices import TopicEventKind as E
from .choices import TopicStatus as S


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str
    event: str


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "approve", "审核通过", frozenset({S.SUBMITTED}), S.COLLECTING, rules.REVIEW_TOPIC, E.APPROVED
        ),
        Transition(
            "return", "退回修改", frozenset({S.SUBMITTED}), S.RETURNED, rules.REVIEW_TOPIC, E.RETURNED
        ),
        Transition(
            "resubmit",
            "修改后重新提交",
            frozenset({S.RETURNED}),
            S.SUBMITTED,
            rules.REVISE_TOPIC,
            E.RESUBMITTED,
        ),
        Transition(
            "withdraw",
            "撤回",
            frozenset({S.SUBMITTED, S.RETURNED}),
            S.WITHDRAWN,
            rules.REVISE_TOPIC,
            E.WITHDRAWN,
        ),
        Transition(
            "open", "开始征求意见", frozenset({S.COLLECTING}), S.DISCUSSING, rules.MANAGE_TOPIC, E.OPENED
        ),
        Transition(
            "to_decision",
            "提交会议协商/表决",
            frozenset({S.DISCUSSING}),
            S.DECIDING,
            rules.MANAGE_TOPIC,
            E.SENT_TO_DECISION,
        ),
        Transition(
            "resolve", "形成决议", frozenset({S.DECIDING}), S.IMPLEMENTING, rules.MANAGE_TOPIC, E.RESOLVED
        ),
        Transition(
            "link_poll",
            "发起或关联投票",
            frozenset({S.DECIDING}),
            S.DECIDING,
            rules.MANAGE_TOPIC,
            E.POLL_LINKED,
        ),
        Transition("close", "办结", frozenset({S.IMPLEMENTING}), S.CLOSED, rules.MANAGE_TOPIC, E.CLOSED),
    ]
}


def allowed_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]

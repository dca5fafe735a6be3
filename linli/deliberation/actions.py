"""Topic actions shared by the pages and the API: one name per step, the same services behind both."""

from __future__ import annotations

from django.http import Http404

from linli.core.exceptions import DomainError

from . import selectors
from .parsing import parse_items
from .services import polls
from .services import topics as svc


def rows_from(post) -> tuple[list, list, list]:
    return post.getlist("item_text"), post.getlist("item_owner"), post.getlist("item_deadline")


def run_topic_action(user, topic, action: str, get, rows) -> str:
    """Run one action on ``topic`` with form values from ``get(name, default)`` and item ``rows``
    (texts, owner ids, deadlines); returns the message to show. Raises DomainError, PermissionDenied,
    Http404 for an unknown action."""
    if action == "approve":
        svc.topic_approve(actor=user, topic=topic, note=get("note", ""))
        return "议题已审核通过，开始征集居民需求。"
    if action == "return":
        svc.topic_return(actor=user, topic=topic, reason=get("reason", ""))
        return "议题已退回提出人修改。"
    if action == "resubmit":
        svc.topic_resubmit(
            actor=user,
            topic=topic,
            title=get("title", ""),
            description=get("description", ""),
            category=get("category", ""),
        )
        return "议题已修改并重新提交审核。"
    if action == "withdraw":
        svc.topic_withdraw(actor=user, topic=topic)
        return "议题已撤回。"
    if action == "open":
        svc.topic_open(actor=user, topic=topic)
        return "需求征集结束，开始征求意见。"
    if action == "to_decision":
        meeting = None
        if get("meeting"):
            meeting = (
                selectors.meetings_visible_to(user=user)
                .filter(pk=get("meeting", ""), place=topic.place)
                .first()
                if get("meeting", "").isdigit()
                else None
            )
            if meeting is None:
                raise DomainError("请选择本小区已安排的会议。", field="meeting")
        svc.topic_send_to_decision(actor=user, topic=topic, mode=get("mode", ""), meeting=meeting)
        return "议题已提交会议协商/表决。"
    if action == "start_poll":
        options = [line for line in (get("options", "") or "").splitlines() if line.strip()]
        poll = polls.topic_start_poll(
            actor=user,
            topic=topic,
            options=options,
            voter_unit=get("voter_unit", "") or "household",
            hide_results=bool(get("hide_results", "")),
        )
        return f"投票“{poll.title}”已开始，居民可在手机上投票。"
    if action == "link_poll":
        value = str(get("poll", "") or "")
        if not value.isdigit():
            raise DomainError("请选择要关联的投票。", field="poll")
        polls.topic_link_poll(actor=user, topic=topic, poll_id=int(value))
        return "已关联投票。"
    if action == "resolve":
        items = parse_items(*rows, candidates=selectors.owner_candidates(topic.place))
        svc.topic_resolve(
            actor=user,
            topic=topic,
            resolution=get("resolution", ""),
            consensus=bool(get("consensus")),
            items=items,
        )
        return "决议已形成，事项进入督办。"
    if action == "close":
        svc.topic_close(actor=user, topic=topic, note=get("note", ""))
        return "议题已办结，居民可以评价了。"
    if action in ("need", "opinion"):
        svc.topic_add_input(actor=user, topic=topic, kind=action, text=get("text", ""))
        return "已提交，谢谢您的参与。"
    if action == "support":
        svc.topic_support(actor=user, topic=topic)
        return "已表示支持。"
    if action == "evaluate":
        try:
            score = int(get("score", ""))
        except ValueError:
            raise DomainError("请选择 1 到 5 分。", field="score") from None
        svc.topic_evaluate(actor=user, topic=topic, score=score, comment=get("comment", ""))
        return "感谢您的评价。"
    raise Http404

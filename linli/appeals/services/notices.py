"""What the people around an appeal are told, through the notifications outbox (written in the same
transaction as the change; delivered after commit)."""

from __future__ import annotations

from django.urls import reverse

from linli.notifications.services import notify

from ..models import Appeal
from . import recipients


def _url(appeal: Appeal) -> str:
    return reverse("appeals:detail", args=[appeal.pk])


def _name(appeal: Appeal) -> str:
    return appeal.title or appeal.text[:20]


def dispatched(appeal: Appeal) -> None:
    notify(
        recipients=recipients.handlers_of(appeal),
        kind="appeal.dispatched",
        title=f"新工单：{_name(appeal)}",
        body=f"编号 {appeal.number}，请在 {appeal.sign_due:%m月%d日 %H:%M} 前签收，{appeal.handle_due:%m月%d日 %H:%M} 前办结。",
        url=_url(appeal),
        channels=("in_app", "sms"),
    )


def replied_to_resident(appeal: Appeal, *, what: str) -> None:
    notify(
        recipients=recipients.reporters_of(appeal),
        kind=f"appeal.{what}",
        title=f"您的诉求有了答复：{_name(appeal)}",
        body=appeal.reply[:200],
        url=_url(appeal),
        channels=("in_app", "sms"),
    )


def card(appeal: Appeal, *, colour: str, clock: str) -> None:
    from .. import rules

    label = "黄牌" if colour == "yellow" else "红牌"
    what = "签收" if clock == "sign" else "办结"
    people = {
        u.pk: u
        for u in [
            *recipients.handlers_of(appeal),
            *recipients.holders_covering(appeal, rules.SUPERVISE_APPEAL),
        ]
    }
    notify(
        recipients=people.values(),
        kind=f"appeal.{colour}_card",
        title=f"{label}督办：{_name(appeal)}",
        body=f"编号 {appeal.number} 超过{what}时限，请尽快处理。",
        url=_url(appeal),
        channels=("in_app", "sms") if colour == "red" else ("in_app",),
        dedupe_key=f"appeal:{appeal.pk}:{colour}:{clock}:{appeal.dispatched_at:%Y%m%d%H%M%S}",
    )

"""Deadline state, derived from stored timestamps: a pure function, testable without a database."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models


class DeadlineState(models.TextChoices):
    ON_TRACK = "on_track", "正常"
    AT_RISK = "at_risk", "即将到期"
    OVERDUE = "overdue", "已超期"
    MET = "met", "按期完成"
    LATE = "late", "超期完成"
    NONE = "none", "未计时"


@dataclass(frozen=True)
class Clock:
    started: datetime | None
    due: datetime | None
    finished: datetime | None


AT_RISK_SHARE = 0.8  # the last fifth of the allowed time


def deadline_state(clock: Clock, now: datetime, *, at_risk_share: float = AT_RISK_SHARE) -> DeadlineState:
    if clock.started is None or clock.due is None:
        return DeadlineState.NONE
    if clock.finished is not None:
        return DeadlineState.MET if clock.finished <= clock.due else DeadlineState.LATE
    if now > clock.due:
        return DeadlineState.OVERDUE
    allowed = (clock.due - clock.started).total_seconds()
    if allowed <= 0 or (now - clock.started).total_seconds() >= at_risk_share * allowed:
        return DeadlineState.AT_RISK
    return DeadlineState.ON_TRACK


def sign_clock(appeal) -> Clock:
    return Clock(appeal.dispatched_at, appeal.sign_due, appeal.signed_at)


def handle_clock(appeal) -> Clock:
    return Clock(appeal.dispatched_at, appeal.handle_due, appeal.replied_at)


def visit_clock(appeal) -> Clock:
    return Clock(appeal.closed_at, appeal.visit_due, appeal.visited_at or appeal.rated_at)

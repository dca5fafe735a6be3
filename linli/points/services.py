"""Writes to the points ledger. Every change of a balance is one compare-and-set ``UPDATE`` plus one
append-only ``Entry`` in the same transaction; spends require ``balance >= cost`` in the UPDATE itself,
so two simultaneous redemptions can never both spend the same points (and a database check refuses a
negative balance in any case)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError

from . import rules
from .choices import EntryKind, Window
from .models import Account, Entry, Honour, Redemption, Reward


def account_for(volunteer) -> Account:
    account, _ = Account.objects.get_or_create(volunteer=volunteer)
    return account


def points_for(minutes: int, *, per_hour: int | None = None) -> int:
    """Whole points for ``minutes`` of service: per_hour points an hour (default 1), rounded down."""
    rate = settings.LINLI_POINTS_PER_HOUR if per_hour is None else per_hour
    return max(0, minutes) * rate // 60


def capped(points: int, *, activity_cap: int, day_cap: int, earned_that_day: int) -> int:
    """The award after the per-activity and per-day caps."""
    return max(0, min(points, activity_cap, day_cap - earned_that_day))


def _move(account: Account, amount: int) -> int:
    """Add ``amount`` (negative: spend) by compare-and-set; returns the new balance."""
    query = Account.objects.filter(pk=account.pk)
    if amount < 0:
        query = query.filter(balance__gte=-amount)
    changes = {"balance": F("balance") + amount}
    if amount > 0:
        changes["earned"] = F("earned") + amount
    if query.update(**changes) != 1:
        raise Conflict("积分余额不足。")
    return Account.objects.values_list("balance", flat=True).get(pk=account.pk)


@transaction.atomic
def award_service(*, signup, actor=None) -> Entry:
    """The points for a finished sign-up (once: the entry is unique per sign-up)."""
    existing = Entry.objects.filter(signup=signup).first()
    if existing is not None:
        return existing
    activity = signup.activity
    account = account_for(signup.volunteer)
    day = timezone.localtime(activity.starts_at).date()
    earned_that_day = (
        Entry.objects.filter(account=account, kind=EntryKind.SERVICE, day=day).aggregate(n=Sum("amount"))["n"]
        or 0
    )
    activity_cap = (
        activity.points_cap if activity.points_cap is not None else settings.LINLI_POINTS_ACTIVITY_CAP
    )
    minutes = signup.minutes or 0
    amount = capped(
        points_for(minutes),
        activity_cap=activity_cap,
        day_cap=settings.LINLI_POINTS_DAILY_CAP,
        earned_that_day=earned_that_day,
    )
    try:
        with transaction.atomic():
            balance = _move(account, amount) if amount else account.balance
            Account.objects.filter(pk=account.pk).update(minutes=F("minutes") + minutes)
            return Entry.objects.create(
                account=account,
                kind=EntryKind.SERVICE,
                amount=amount,
                balance_after=balance,
                minutes=minutes,
                signup=signup,
                reason=f"{activity.title}（服务 {minutes} 分钟）",
                actor=actor,
                day=day,
            )
    except IntegrityError:
        return Entry.objects.get(signup=signup)


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < 2:
        raise DomainError("请填写事由。", field="reason")
    return reason[:200]


@transaction.atomic
def honour_add(*, actor, account: Account, hours, reason: str) -> Entry:
    """Honour hours (荣誉时长) added by an administrator with a reason: they count as service hours and
    pay points by the same rule (without the per-activity and per-day caps, which are for activities)."""
    policy.require(actor, rules.MANAGE_POINTS, account)
    try:
        minutes = int(Decimal(str(hours)) * 60)
    except (InvalidOperation, ValueError):
        raise DomainError("荣誉时长须是数字，如 2 或 1.5。", field="hours") from None
    if not 30 <= minutes <= 1000 * 60:
        raise DomainError("荣誉时长须在0.5到1000小时之间。", field="hours")
    reason = _reason(reason)
    amount = points_for(minutes)
    balance = _move(account, amount) if amount else account.balance
    Account.objects.filter(pk=account.pk).update(minutes=F("minutes") + minutes)
    return Entry.objects.create(
        account=account,
        kind=EntryKind.HONOUR,
        amount=amount,
        balance_after=balance,
        minutes=minutes,
        reason=reason,
        actor=actor,
        day=timezone.localdate(),
    )


@transaction.atomic
def entry_reverse(*, actor, entry: Entry, reason: str) -> Entry:
    """Correct an award by a reversing entry (the original stays); refused when the points were spent."""
    policy.require(actor, rules.MANAGE_POINTS, entry.account)
    if entry.kind not in (EntryKind.SERVICE, EntryKind.HONOUR) or entry.amount <= 0:
        raise DomainError("只能冲正获得积分的记录。")
    reason = _reason(reason)
    try:
        balance = _move(entry.account, -entry.amount)
    except Conflict:
        raise Conflict("积分已被使用，余额不足以冲正。") from None
    if entry.minutes:
        Account.objects.filter(pk=entry.account_id).update(minutes=F("minutes") - entry.minutes)
    try:
        with transaction.atomic():
            return Entry.objects.create(
                account=entry.account,
                kind=EntryKind.REVERSAL,
                amount=-entry.amount,
                balance_after=balance,
                minutes=0,
                reverses=entry,
                reason=reason,
                actor=actor,
                day=timezone.localdate(),
            )
    except IntegrityError:
        raise Conflict("该记录已冲正。") from None


def window_key(window: str, on: date) -> str:
    if window == Window.MONTH:
        return f"{on:%Y-%m}"
    if window == Window.QUARTER:
        return f"{on.year}Q{(on.month - 1) // 3 + 1}"
    if window == Window.YEAR:
        return str(on.year)
    return "-"


@transaction.atomic
def redeem(*, actor, reward: Reward) -> Redemption:
    """Spend points on a reward: stock, the per-person limit in the window and the balance are each
    checked by the database, so simultaneous requests cannot exceed any of them."""
    from linli.volunteers.models import Volunteer

    volunteer = Volunteer.objects.filter(user=actor, is_active=True).first()
    if volunteer is None:
        raise DomainError("您还不是在册志愿者。")
    account = account_for(volunteer)
    if not policy.may(actor, rules.REDEEM, account) or not policy.may(actor, rules.VIEW_REWARD, reward):
        raise PermissionDenied
    if not reward.is_active:
        raise Conflict("该奖品已下架。")
    key = window_key(reward.window, timezone.localdate())
    used = Redemption.objects.filter(account=account, reward=reward, window_key=key).count()
    if used >= reward.per_person_limit:
        period = "" if reward.window == Window.NONE else f"本{Window(reward.window).label[1:]}"
        raise Conflict(f"{period}每人限兑 {reward.per_person_limit} 次，您已兑换 {used} 次。")
    if Reward.objects.filter(pk=reward.pk, stock__gt=0).update(stock=F("stock") - 1) != 1:
        raise Conflict("该奖品已兑完。")
    balance = _move(account, -reward.cost)
    entry = Entry.objects.create(
        account=account,
        kind=EntryKind.REDEEM,
        amount=-reward.cost,
        balance_after=balance,
        reason=f"兑换：{reward.name}",
        actor=actor,
        day=timezone.localdate(),
    )
    try:
        with transaction.atomic():
            return Redemption.objects.create(
                reward=reward, account=account, entry=entry, window_key=key, seq=used + 1
            )
    except IntegrityError:
        raise Conflict(f"每人限兑 {reward.per_person_limit} 次，请勿重复提交。") from None


@transaction.atomic
def hand_over(*, actor, redemption: Redemption) -> Redemption:
    policy.require(actor, rules.MANAGE_POINTS, redemption.account)
    if not Redemption.objects.filter(pk=redemption.pk, handed_over_at__isnull=True).update(
        handed_over_at=timezone.now()
    ):
        raise Conflict("该奖品已领取。")
    redemption.refresh_from_db()
    return redemption


@transaction.atomic
def reward_create(
    *,
    actor,
    place,
    name: str,
    cost: int,
    stock: int,
    per_person_limit: int = 1,
    window: str = Window.QUARTER,
    description: str = "",
) -> Reward:
    policy.require(actor, rules.MANAGE_POINTS, place)
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("请填写奖品名称。", field="name")
    if cost <= 0 or stock < 0 or per_person_limit <= 0:
        raise DomainError("所需积分、每人限兑须大于0，库存不能为负数。")
    if window not in Window.values:
        raise DomainError("限兑周期无效。", field="window")
    return Reward.objects.create(
        place=place,
        name=name[:50],
        cost=cost,
        stock=stock,
        per_person_limit=per_person_limit,
        window=window,
        description=description.strip()[:200],
    )


@transaction.atomic
def honour_grant(*, actor, volunteer, period: str, title: str = "先锋个人", reason: str = "") -> Honour:
    policy.require(actor, rules.MANAGE_POINTS, account_for(volunteer))
    period = (period or "").strip()
    if not period:
        raise DomainError("请填写评定期间，如“2026年第四季度”。", field="period")
    try:
        with transaction.atomic():
            return Honour.objects.create(
                volunteer=volunteer,
                title=title.strip()[:50] or "先锋个人",
                period=period[:20],
                reason=reason.strip()[:200],
                awarded_by=actor,
            )
    except IntegrityError:
        raise Conflict(f"{volunteer.name}已获评{period}{title}。") from None

"""Writes of 物业费. Aggregate: FeeBill (one household × period) with its append-only FeePayments.
Invariants: one bill per household and period; amounts in yuan with at most two decimals; the bill's
``paid`` equals the sum of its payments and never exceeds ``due`` (a database constraint, and the
payment is a compare-and-set on it); every write leaves a PropertyEvent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from linli.core.exceptions import DomainError
from linli.core.policy import scope_for
from linli.places.choices import PlaceLevel
from linli.places.codes import PLACE_CODE_WIDTHS
from linli.places.models import Place

from . import events, periods, rules
from .choices import EventKind, PaymentMethod, PaymentSource
from .models import FeeBill, FeePayment

MAX_AMOUNT = Decimal("9999999999.99")
COMPOUND_WIDTH = PLACE_CODE_WIDTHS[PlaceLevel.COMPOUND]


def money(value, *, what: str = "金额", allow_zero: bool = False) -> Decimal:
    """Yuan with at most two decimals; raises DomainError with a Chinese message otherwise."""
    try:
        amount = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise DomainError(f"{what}应填数字（元）。") from None
    if not amount.is_finite():
        raise DomainError(f"{what}应填数字（元）。")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise DomainError(f"{what}必须大于0。" if not allow_zero else f"{what}不能为负数。")
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError(f"{what}最多保留两位小数（精确到分）。")
    if amount > MAX_AMOUNT:
        raise DomainError(f"{what}过大。")
    return amount.quantize(Decimal("0.01"))


def period_of(text: str) -> str:
    try:
        return periods.normalize(text)
    except periods.PeriodError as exc:
        raise DomainError(str(exc)) from None


def _require(actor, permission: str, household: Place) -> None:
    if not scope_for(actor, permission).covers_place(household.code):
        raise PermissionDenied("无权管理该户的物业费。")


@transaction.atomic
def fee_bill_set(*, actor, household: Place, period: str, due, payer_name: str = "") -> tuple[FeeBill, str]:
    """Bill a household for a period, or change the amount of its bill. Returns the bill and what
    happened ("created", "updated", "unchanged"). Raises PermissionDenied outside the actor's 小区 and
    DomainError for a non-household, a bad period or amount, or a due below what is already paid."""
    if household.level != PlaceLevel.HOUSEHOLD:
        raise DomainError("物业费账单只能开到户。")
    _require(actor, rules.RECORD_FEES, household)
    period = period_of(period)
    due = money(due, what="应收金额")
    payer_name = (payer_name or "").strip()[:50]
    bill = FeeBill.objects.filter(household=household, period=period).first()
    if bill is None:
        compound = Place.objects.get(code=household.code[:COMPOUND_WIDTH])
        try:
            with transaction.atomic():
                bill = FeeBill.objects.create(
                    household=household, compound=compound, period=period, due=due, payer_name=payer_name
                )
        except IntegrityError:
            raise DomainError(
                f"{household.display_name}{periods.label(period)}的账单刚被他人开具，请刷新后再试。"
            ) from None
        events.record(
            actor=actor,
            permission=rules.RECORD_FEES,
            kind=EventKind.BILL_CREATED,
            compound=compound,
            bill=bill,
            note=f"{periods.label(period)}应收 {due} 元",
        )
        return bill, "created"
    if bill.due == due and (not payer_name or payer_name == bill.payer_name):
        return bill, "unchanged"
    if due < bill.paid:
        raise DomainError(f"应收金额不能少于该户已缴的 {bill.paid} 元。")
    changed = FeeBill.objects.filter(pk=bill.pk, paid__lte=due).update(
        due=due, payer_name=payer_name or bill.payer_name, updated_at=timezone.now()
    )
    if changed != 1:
        raise DomainError("该户刚刚登记了缴费，请刷新后再调整应收金额。")
    events.record(
        actor=actor,
        permission=rules.RECORD_FEES,
        kind=EventKind.BILL_CHANGED,
        compound=bill.compound,
        bill=bill,
        note=f"{periods.label(period)}应收 {bill.due} → {due} 元",
    )
    bill.refresh_from_db()
    return bill, "updated"


@transaction.atomic
def fee_payment_record(
    *,
    actor,
    bill: FeeBill,
    amount,
    paid_on: dt.date | None = None,
    method: str = PaymentMethod.OTHER,
    receipt_no: str = "",
    source: str = PaymentSource.MANUAL,
) -> FeePayment:
    """Record a payment against a bill (part payments add up). Raises PermissionDenied outside the
    actor's 小区 and DomainError for a bad amount or date, or more than is still owed."""
    _require(actor, rules.RECORD_FEES, bill.household)
    amount = money(amount, what="缴费金额")
    today = timezone.localdate()
    paid_on = paid_on or today
    if paid_on > today:
        raise DomainError("缴费日期不能晚于今天。")
    if method not in PaymentMethod.values:
        raise DomainError("请选择缴费方式。")
    updated = FeeBill.objects.filter(pk=bill.pk, paid__lte=F("due") - amount).update(
        paid=F("paid") + amount, updated_at=timezone.now()
    )
    if updated != 1:
        bill.refresh_from_db()
        raise DomainError(f"缴费金额超过未缴金额：该户{periods.label(bill.period)}还欠 {bill.owed} 元。")
    payment = FeePayment.objects.create(
        bill=bill,
        amount=amount,
        paid_on=paid_on,
        method=method,
        receipt_no=(receipt_no or "").strip()[:40],
        source=source,
        created_by=actor,
    )
    events.record(
        actor=actor,
        permission=rules.RECORD_FEES,
        kind=EventKind.PAYMENT_RECORDED,
        compound=bill.compound,
        bill=bill,
        note=f"{paid_on:%Y-%m-%d} {PaymentMethod(method).label}缴费 {amount} 元",
    )
    bill.refresh_from_db()
    return payment

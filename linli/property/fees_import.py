"""The 物业费 sheet: one row per household and period (应收, cumulative 已缴). Downloaded prefilled for a
小区 and period, filled in or exported from the company's billing system, and imported all-or-nothing:
every row is checked first (行号 / 列 / 原因); only a file without errors is written. Re-importing the
same file changes nothing; a higher 已缴 records the difference as a payment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from linli.core import policy
from linli.core.excel import (
    CellError,
    Column,
    ImportReport,
    Sheet,
    cell_code,
    cell_decimal,
    cell_text,
    open_xlsx,
    write_xlsx,
)
from linli.core.exceptions import DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import events, fees, periods, rules
from .choices import EventKind, PaymentMethod, PaymentSource
from .models import FeeBill

SHEET = "物业费"
CODE, HOME, NAME, PERIOD, DUE, PAID, DATE, METHOD = (
    "户编码",
    "房屋",
    "业主姓名",
    "期间",
    "应收金额（元）",
    "已缴金额（元）",
    "缴费日期",
    "缴费方式",
)
COLUMNS = (
    Column(CODE, 26, text=True),
    Column(HOME, 28),
    Column(NAME, 12),
    Column(PERIOD, 10, text=True),
    Column(DUE, 14),
    Column(PAID, 14),
    Column(DATE, 12),
    Column(METHOD, 10, choices=tuple(PaymentMethod.labels)),
)
_METHODS = {label: value for value, label in PaymentMethod.choices}


@dataclass
class FeeRow:
    number: int
    household: Place
    period: str
    payer_name: str
    due: Decimal
    paid: Decimal | None
    paid_on: dt.date | None
    method: str


def fee_sheet_write(out, *, compound: Place, period: str) -> None:
    """The 小区's households for ``period`` with what is billed and paid so far (blank when unbilled)."""
    bills = {b.household_id: b for b in FeeBill.objects.filter(compound=compound, period=period)}
    homes = (
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD, code__startswith=compound.code)
        .select_related("parent__parent")
        .order_by("code")
    )

    def rows():
        for home in homes:
            bill = bills.get(home.pk)
            name = f"{compound.name}{home.parent.parent.name}{home.parent.name}{home.name}"
            yield (
                home.code,
                name,
                bill.payer_name if bill else "",
                period,
                bill.due if bill else None,
                bill.paid if bill else None,
                None,
                None,
            )

    write_xlsx(out, [Sheet(SHEET, COLUMNS, rows())])


def _date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value).replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise CellError(f"“{cell_text(value)}”不是日期，请填写如 2026-05-01") from None


def _parse(number: int, values: dict, report: ImportReport) -> dict | None:
    """One row's fields, or None after recording its errors."""
    parsed, ok = {}, True

    def fail(column, message):
        nonlocal ok
        ok = False
        report.error(SHEET, number, column, message)

    try:
        parsed["code"] = cell_code(values.get(CODE))
    except CellError as e:
        fail(CODE, e.message)
    if ok and not parsed["code"]:
        fail(CODE, "请填写户编码")
    try:
        parsed["period"] = periods.normalize(cell_text(values.get(PERIOD)))
    except periods.PeriodError as e:
        fail(PERIOD, str(e))
    for column, key, required in ((DUE, "due", True), (PAID, "paid", False)):
        try:
            amount = cell_decimal(values.get(column))
            if amount is None:
                if required:
                    fail(column, "请填写应收金额")
                parsed[key] = None
            else:
                parsed[key] = fees.money(amount, what=column.split("（")[0], allow_zero=not required)
        except CellError as e:
            fail(column, e.message)
        except DomainError as e:
            fail(column, e.message)
    try:
        parsed["paid_on"] = _date(values.get(DATE))
        if parsed["paid_on"] and parsed["paid_on"] > timezone.localdate():
            fail(DATE, "缴费日期不能晚于今天")
    except CellError as e:
        fail(DATE, e.message)
    method = cell_text(values.get(METHOD))
    if method and method not in _METHODS:
        fail(METHOD, f"缴费方式应为：{'、'.join(_METHODS)}")
    parsed["method"] = _METHODS.get(method, PaymentMethod.OTHER)
    parsed["payer_name"] = cell_text(values.get(NAME))[:50]
    if ok and parsed["paid"] is not None and parsed["paid"] > parsed["due"]:
        fail(PAID, "已缴金额不能超过应收金额")
    return parsed if ok else None


def fees_import(*, actor, source) -> ImportReport:
    """Check every row, then write all of them or none. Raises DomainError for an unreadable file or a
    missing sheet or column; row problems are in the report (``applied`` False when there are any)."""
    policy.require(actor, rules.RECORD_FEES)
    report = ImportReport(all_or_nothing=True)
    report.counts(SHEET)
    xlsx = open_xlsx(source)
    raw = list(xlsx.rows(SHEET, columns=[c.header for c in COLUMNS], required=(CODE, PERIOD, DUE)))
    parsed = [(n, _parse(n, values, report)) for n, values in raw]
    codes = {p["code"] for _, p in parsed if p}
    homes = {
        h.code: h
        for h in policy.visible(
            actor, rules.RECORD_FEES, Place.objects.filter(level=PlaceLevel.HOUSEHOLD, code__in=codes)
        )
    }
    existing = {
        (b.household.code, b.period): b
        for b in FeeBill.objects.filter(household__code__in=homes).select_related("household")
    }
    rows, seen = [], {}
    for number, p in parsed:
        if p is None:
            continue
        home = homes.get(p["code"])
        if home is None:
            report.error(SHEET, number, CODE, f"户编码 {p['code']} 不存在或不在您负责的小区内")
            continue
        key = (p["code"], p["period"])
        if key in seen:
            report.error(SHEET, number, CODE, f"与第 {seen[key]} 行重复（同一户同一期间）")
            continue
        seen[key] = number
        bill = existing.get(key)
        if bill is not None and p["due"] < bill.paid:
            report.error(SHEET, number, DUE, f"应收金额少于系统中该户已缴的 {bill.paid} 元")
            continue
        if bill is not None and p["paid"] is not None and p["paid"] < bill.paid:
            report.error(SHEET, number, PAID, f"已缴金额少于系统中已登记的 {bill.paid} 元，请核对")
            continue
        rows.append(
            FeeRow(number, home, p["period"], p["payer_name"], p["due"], p["paid"], p["paid_on"], p["method"])
        )
    if report.has_errors:
        report.applied = False
        for row in rows:
            bill = existing.get((row.household.code, row.period))
            report.count(SHEET, "created" if bill is None else "updated")
        return report
    _apply(actor, rows, report)
    return report


@transaction.atomic
def _apply(actor, rows: list[FeeRow], report: ImportReport) -> None:
    compounds = {}
    for row in rows:
        bill, outcome = fees.fee_bill_set(
            actor=actor, household=row.household, period=row.period, due=row.due, payer_name=row.payer_name
        )
        if row.paid is not None and row.paid > bill.paid:
            fees.fee_payment_record(
                actor=actor,
                bill=bill,
                amount=row.paid - bill.paid,
                paid_on=row.paid_on,
                method=row.method,
                source=PaymentSource.IMPORT,
            )
            outcome = "updated" if outcome == "unchanged" else outcome
        report.count(SHEET, outcome)
        compounds.setdefault(bill.compound_id, [bill.compound, 0])[1] += 1
    for compound, n in compounds.values():
        events.record(
            actor=actor,
            permission=rules.RECORD_FEES,
            kind=EventKind.FEES_IMPORTED,
            compound=compound,
            note=f"导入收费表 {n} 行",
        )

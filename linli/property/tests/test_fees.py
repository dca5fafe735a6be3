"""物业费: bills and payments through the services, the rate arithmetic, and the all-or-nothing import."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from openpyxl import Workbook

from linli.core.exceptions import DomainError
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.property import fees, fees_import, periods
from linli.property import work_selectors as ws
from linli.property.choices import EventKind, PaymentSource
from linli.property.models import FeeBill, FeeCollection, FeePayment, PropertyEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    return user_with_role(Role.PROPERTY_STAFF, place=world.compound_a1, name="物业马")


def homes(world, compound):
    return world.households[compound.code]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026", "2026"), ("2026q4", "2026Q4"), (" 2026 Q1 ", "2026Q1"), ("2026年", "2026")],
)
def test_periods_accept_years_and_quarters(text, expected):
    assert periods.normalize(text) == expected


@pytest.mark.parametrize("text", ["", "26", "2026Q5", "2026-05", "1999", "abc"])
def test_periods_refuse_anything_else_in_chinese(text):
    with pytest.raises(periods.PeriodError, match="期间"):
        periods.normalize(text)


@pytest.mark.parametrize(
    ("paid", "due", "rate"),
    [("0", "100", "0.00"), ("1", "3", "33.33"), ("2", "3", "66.67"), ("100", "100", "100.00")],
)
def test_collection_rate_is_paid_over_due_in_percent(paid, due, rate):
    assert ws.rate_of(Decimal(paid), Decimal(due)) == Decimal(rate)


def test_rate_of_nothing_billed_is_none():
    assert ws.rate_of(Decimal(0), Decimal(0)) is None


@pytest.mark.parametrize("value", ["-1", "0", "abc", "1.234", "NaN", "1e20"])
def test_amounts_must_be_positive_yuan_with_cents(value):
    with pytest.raises(DomainError):
        fees.money(value)


def test_a_bill_and_part_payments_add_up_and_leave_events(world, staff):
    home = homes(world, world.compound_a1)[0]
    bill, outcome = fees.fee_bill_set(
        actor=staff, household=home, period="2026", due="1200.00", payer_name="罗海"
    )
    assert outcome == "created" and bill.compound == world.compound_a1
    fees.fee_payment_record(actor=staff, bill=bill, amount="500", method="wechat")
    fees.fee_payment_record(actor=staff, bill=bill, amount="200.50", method="cash")
    bill.refresh_from_db()
    assert bill.paid == Decimal("700.50") and bill.owed == Decimal("499.50")
    assert sum(p.amount for p in bill.payments.all()) == bill.paid
    kinds = list(PropertyEvent.objects.filter(bill=bill).order_by("pk").values_list("kind", "actor_role"))
    assert kinds == [
        (EventKind.BILL_CREATED, Role.PROPERTY_STAFF),
        (EventKind.PAYMENT_RECORDED, Role.PROPERTY_STAFF),
        (EventKind.PAYMENT_RECORDED, Role.PROPERTY_STAFF),
    ]


def test_paying_more_than_owed_is_refused_and_nothing_changes(world, staff):
    bill, _ = fees.fee_bill_set(
        actor=staff, household=homes(world, world.compound_a1)[0], period="2026", due="100"
    )
    fees.fee_payment_record(actor=staff, bill=bill, amount="60", method="cash")
    with pytest.raises(DomainError, match="还欠 40.00 元"):
        fees.fee_payment_record(actor=staff, bill=bill, amount="40.01", method="cash")
    bill.refresh_from_db()
    assert bill.paid == Decimal("60.00") and FeePayment.objects.count() == 1


def test_a_payment_dated_tomorrow_is_refused(world, staff):
    bill, _ = fees.fee_bill_set(
        actor=staff, household=homes(world, world.compound_a1)[0], period="2026", due="100"
    )
    with pytest.raises(DomainError, match="不能晚于今天"):
        fees.fee_payment_record(
            actor=staff,
            bill=bill,
            amount="1",
            method="cash",
            paid_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert not FeePayment.objects.exists()


def test_changing_a_bill_below_what_is_paid_is_refused(world, staff):
    home = homes(world, world.compound_a1)[0]
    bill, _ = fees.fee_bill_set(actor=staff, household=home, period="2026", due="100")
    fees.fee_payment_record(actor=staff, bill=bill, amount="80", method="cash")
    with pytest.raises(DomainError, match="不能少于该户已缴的 80.00 元"):
        fees.fee_bill_set(actor=staff, household=home, period="2026", due="50")
    bill, outcome = fees.fee_bill_set(actor=staff, household=home, period="2026", due="90")
    assert outcome == "updated" and bill.due == Decimal("90.00")
    assert fees.fee_bill_set(actor=staff, household=home, period="2026", due="90")[1] == "unchanged"


def test_the_database_refuses_paid_above_due(world, staff):
    bill, _ = fees.fee_bill_set(
        actor=staff, household=homes(world, world.compound_a1)[0], period="2026", due="100"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        FeeBill.objects.filter(pk=bill.pk).update(paid=Decimal("100.01"))


def test_property_staff_cannot_bill_or_record_in_another_compound(world, staff):
    other = homes(world, world.compound_b1)[0]
    with pytest.raises(PermissionDenied):
        fees.fee_bill_set(actor=staff, household=other, period="2026", due="100")
    owner = user_with_role(Role.PROPERTY_STAFF, place=world.compound_b1)
    bill, _ = fees.fee_bill_set(actor=owner, household=other, period="2026", due="100")
    with pytest.raises(PermissionDenied):
        fees.fee_payment_record(actor=staff, bill=bill, amount="10", method="cash")
    assert bill.payments.count() == 0


def test_bills_go_to_households_only(world, staff):
    with pytest.raises(DomainError, match="到户"):
        fees.fee_bill_set(actor=staff, household=world.compound_a1, period="2026", due="100")


def test_rates_per_compound_and_community_with_entered_totals_for_compounds_without_bills(world):
    worker = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    a1 = homes(world, world.compound_a1)
    for home, due, paid in zip(a1, ("1000", "1000", "500"), ("1000", "250", "0"), strict=True):
        bill, _ = fees.fee_bill_set(actor=worker, household=home, period="2026", due=due, payer_name="张三丰")
        if paid != "0":
            fees.fee_payment_record(actor=worker, bill=bill, amount=paid, method="bank")
    FeeCollection.objects.create(
        compound=world.compound_a2, period="2026", due=Decimal(2000), collected=Decimal(1500)
    )
    FeeCollection.objects.create(
        compound=world.compound_b1, period="2026", due=Decimal(999), collected=Decimal(1)
    )
    communities, total = ws.fee_rates(user=worker, period="2026")
    assert [c.name for c in communities] == ["春晖社区"]  # 秋实 is outside the secretary's community
    a1_row, a2_row = communities[0].compounds
    assert (a1_row.households, a1_row.unpaid, a1_row.due, a1_row.paid) == (3, 2, Decimal(2500), Decimal(1250))
    assert a1_row.rate == Decimal("50.00") and a1_row.by_household
    assert not a2_row.by_household and a2_row.rate == Decimal("75.00")
    assert total.due == Decimal(4500) and total.paid == Decimal(2750) and total.rate == Decimal("61.11")
    unpaid = ws.unpaid_households(user=worker, compound=world.compound_a1, period="2026")
    assert [u.payer for u in unpaid] == ["张*丰", "张*丰"]
    assert [u.bill.owed for u in unpaid] == [Decimal(750), Decimal(500)]


# --- Import ------------------------------------------------------------------------------------------


def sheet(rows, headers=fees_import.COLUMNS) -> bytes:
    wb = Workbook()
    ws_ = wb.active
    ws_.title = fees_import.SHEET
    ws_.append([c.header if hasattr(c, "header") else c for c in headers])
    for row in rows:
        ws_.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_bills_and_cumulative_payments_and_reimport_changes_nothing(world, staff):
    h = homes(world, world.compound_a1)
    data = sheet(
        [
            [h[0].code, "", "罗海", "2026", 1200, 1200, "2026-03-01", "微信"],
            [h[1].code, "", "李梅", "2026", "960.00", 300, None, "现金"],
            [h[2].code, "", "", "2026", 800, None, None, None],
        ]
    )
    report = fees_import.fees_import(actor=staff, source=data)
    assert report.applied and not report.errors and report.created == 3
    bills = {b.household_id: b for b in FeeBill.objects.all()}
    assert bills[h[0].pk].paid == Decimal(1200) and bills[h[1].pk].paid == Decimal(300)
    assert FeePayment.objects.filter(source=PaymentSource.IMPORT).count() == 2
    assert FeePayment.objects.get(bill=bills[h[0].pk]).paid_on == dt.date(2026, 3, 1)
    again = fees_import.fees_import(actor=staff, source=data)
    assert again.applied and again.unchanged == 3 and FeePayment.objects.count() == 2
    more = sheet([[h[1].code, "", "李梅", "2026", 960, 960, None, "支付宝"]])
    assert fees_import.fees_import(actor=staff, source=more).updated == 1
    assert FeeBill.objects.get(household=h[1]).paid == Decimal(960)
    assert FeePayment.objects.filter(bill__household=h[1]).order_by("pk").last().amount == Decimal(660)
    assert PropertyEvent.objects.filter(kind=EventKind.FEES_IMPORTED).count() == 3


def test_import_with_any_bad_row_writes_nothing_and_names_row_column_reason(world, staff):
    h = homes(world, world.compound_a1)
    other = homes(world, world.compound_b1)[0]
    data = sheet(
        [
            [h[0].code, "", "罗海", "2026", 1200, 100, None, None],  # good
            [h[1].code, "", "", "2026Q9", 100, None, None, None],  # bad period
            [h[2].code, "", "", "2026", "一百", None, None, None],  # bad amount
            [other.code, "", "", "2026", 100, None, None, None],  # another 小区
            [h[0].code, "", "", "2026", 100, None, None, None],  # duplicate of row 2
            [h[2].code, "", "", "2025", 100, 150, None, "刷卡"],  # paid > due, bad method
        ]
    )
    report = fees_import.fees_import(actor=staff, source=data)
    assert not report.applied
    found = {(e.row, e.column) for e in report.errors}
    assert {
        (3, fees_import.PERIOD),
        (4, fees_import.DUE),
        (5, fees_import.CODE),
        (6, fees_import.CODE),
        (7, fees_import.METHOD),
    } <= found
    assert any("不在您负责的小区" in e.message for e in report.errors)
    assert any("与第 2 行重复" in e.message for e in report.errors)
    assert (
        not FeeBill.objects.exists()
        and not FeePayment.objects.exists()
        and not PropertyEvent.objects.exists()
    )


def test_import_refuses_lowering_what_was_already_paid(world, staff):
    home = homes(world, world.compound_a1)[0]
    bill, _ = fees.fee_bill_set(actor=staff, household=home, period="2026", due="500")
    fees.fee_payment_record(actor=staff, bill=bill, amount="300", method="cash")
    report = fees_import.fees_import(
        actor=staff, source=sheet([[home.code, "", "", "2026", 500, 200, None, None]])
    )
    assert not report.applied and "300.00" in report.errors[0].message
    assert FeeBill.objects.get().paid == Decimal(300)


def test_import_of_a_non_excel_file_or_missing_column_is_a_chinese_error(world, staff):
    with pytest.raises(DomainError, match="不是 Excel"):
        fees_import.fees_import(actor=staff, source=b"hello, not a workbook")
    with pytest.raises(DomainError, match="缺少以下列"):
        fees_import.fees_import(actor=staff, source=sheet([["1", "2"]], headers=["户编码", "期间"]))


def test_the_downloaded_sheet_lists_the_compound_households_and_imports_back(world, staff):
    home = homes(world, world.compound_a1)[0]
    fees.fee_bill_set(actor=staff, household=home, period="2026", due="800", payer_name="罗海")
    out = io.BytesIO()
    fees_import.fee_sheet_write(out, compound=world.compound_a1, period="2026")
    from linli.core.excel import open_xlsx

    rows = list(
        open_xlsx(out.getvalue()).rows(fees_import.SHEET, columns=[c.header for c in fees_import.COLUMNS])
    )
    assert [r[fees_import.CODE] for _, r in rows] == [h.code for h in homes(world, world.compound_a1)]
    assert rows[0][1][fees_import.HOME] == "春晖花园1栋1单元101室" and rows[0][1][fees_import.DUE] == 800
    report = fees_import.fees_import(actor=staff, source=out.getvalue())
    # rows without an amount are refused: the unfilled template is not silently half-imported
    assert not report.applied and {e.row for e in report.errors} == {3, 4}

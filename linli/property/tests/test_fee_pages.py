"""The 物业费 pages as a 物业人员 and the staff above use them: rates, unpaid households (masked),
recording a payment, billing, the sheet download and the import; other 小区 answer 404."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from linli.core.excel import XLSX_CONTENT_TYPE
from linli.core.roles import Role
from linli.places.tests.factories import PASSWORD, user_with_role
from linli.property import fees
from linli.property.models import FeeBill, FeePayment
from linli.property.tests.test_fees import sheet

pytestmark = pytest.mark.django_db


def login(client, role, place):
    user = user_with_role(role, place=place)
    client.login(username=user.phone, password=PASSWORD)
    return user


@pytest.fixture
def billed(world):
    """Compound A1 billed for 2026: 101 paid, 102 part paid, 201 unpaid; B1 with one unpaid bill."""
    clerk = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    bills = []
    for home, name, paid in zip(
        world.households[world.compound_a1.code], ("罗海", "李秀梅", "欧阳春"), (1000, 400, 0), strict=True
    ):
        bill, _ = fees.fee_bill_set(actor=clerk, household=home, period="2026", due="1000", payer_name=name)
        if paid:
            fees.fee_payment_record(actor=clerk, bill=bill, amount=paid, method="wechat")
        bills.append(bill)
    other = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    fees.fee_bill_set(
        actor=other,
        household=world.households[world.compound_b1.code][0],
        period="2026",
        due="600",
        payer_name="秋实业主",
    )
    return bills


def test_property_staff_sees_their_compound_rate_and_unpaid_households_masked(client, world, billed):
    login(client, Role.PROPERTY_STAFF, world.compound_a1)
    page = client.get(reverse("property:fees") + "?period=2026").content.decode()
    assert "春晖花园" in page and "46.67%" in page and "秋实家园" not in page
    detail = client.get(reverse("property:fee-compound", args=[world.compound_a1.code]) + "?period=2026")
    html = detail.content.decode()
    assert (
        "李*梅" in html and "欧阳*" in html and "李秀梅" not in html and "罗海" not in html.replace("罗*", "")
    )
    assert "1栋1单元102室" in html and "600.00" in html


def test_community_page_sums_compounds_and_the_street_sees_both_communities(client, world, billed):
    login(client, Role.STREET_OFFICIAL, world.street)
    page = client.get(reverse("property:fees") + "?period=2026").content.decode()
    assert "春晖社区" in page and "秋实社区" in page
    assert "1400.00" in page and "3600.00" in page and "38.89%" in page  # 合计: paid 1400 of due 3600
    assert ">0.00%<" in page  # 秋实家园: billed, nothing paid yet


def test_staff_records_a_payment_and_the_unpaid_list_shrinks(client, world, billed):
    login(client, Role.PROPERTY_STAFF, world.compound_a1)
    response = client.post(
        reverse("property:fee-pay", args=[billed[1].pk]), {"amount": "600", "method": "cash", "paid_on": ""}
    )
    assert response.status_code == 302
    billed[1].refresh_from_db()
    assert billed[1].paid == Decimal(1000)
    html = client.get(response.url).content.decode()
    assert "李*梅" not in html and "欧阳*" in html


def test_an_overpayment_is_a_400_with_a_chinese_message_and_nothing_written(client, world, billed):
    login(client, Role.PROPERTY_STAFF, world.compound_a1)
    before = FeePayment.objects.count()
    response = client.post(
        reverse("property:fee-pay", args=[billed[2].pk]), {"amount": "1000.01", "method": "cash"}
    )
    assert response.status_code == 400 and "还欠 1000.00 元" in response.content.decode()
    response = client.post(
        reverse("property:fee-pay", args=[billed[2].pk]), {"amount": "abc", "method": "cash"}
    )
    assert response.status_code == 400 and "应填数字" in response.content.decode()
    response = client.post(
        reverse("property:fee-pay", args=[billed[2].pk]),
        {"amount": "1", "method": "cash", "paid_on": "2026-13-01"},
    )
    assert response.status_code == 400 and "日期" in response.content.decode()
    assert FeePayment.objects.count() == before


def test_staff_bills_a_household_by_code(client, world, billed):
    login(client, Role.PROPERTY_STAFF, world.compound_a1)
    home = world.households[world.compound_a1.code][0]
    url = reverse("property:fee-bill", args=[world.compound_a1.code])
    response = client.post(
        url, {"household": home.code, "period": "2025", "due": "880.5", "payer_name": "罗海"}
    )
    assert response.status_code == 302
    assert FeeBill.objects.get(household=home, period="2025").due == Decimal("880.50")
    bad = client.post(url, {"household": home.code, "period": "明年", "due": "1"})
    assert bad.status_code == 400 and "期间" in bad.content.decode()
    foreign = world.households[world.compound_b1.code][0]
    response = client.post(url, {"household": foreign.code, "period": "2025", "due": "1"})
    assert (
        response.status_code == 400 and not FeeBill.objects.filter(household=foreign, period="2025").exists()
    )


def test_staff_of_another_compound_gets_404_everywhere(client, world, billed):
    login(client, Role.PROPERTY_STAFF, world.compound_b1)
    assert client.get(reverse("property:fee-compound", args=[world.compound_a1.code])).status_code == 404
    assert (
        client.post(
            reverse("property:fee-pay", args=[billed[2].pk]), {"amount": "1", "method": "cash"}
        ).status_code
        == 404
    )
    assert client.get(reverse("property:fee-sheet", args=[world.compound_a1.code])).status_code == 404
    url = reverse("property:fee-bill", args=[world.compound_a1.code])
    assert client.post(url, {"household": "x", "period": "2026", "due": "1"}).status_code == 404
    assert FeePayment.objects.filter(bill=billed[2]).count() == 0


@pytest.mark.parametrize(
    "role", [Role.RESIDENT, Role.BRANCH_SECRETARY, Role.OWNERS_COMMITTEE, Role.GRID_WORKER]
)
def test_others_in_the_compound_cannot_open_the_fee_pages(client, world, billed, role):
    login(
        client,
        role,
        world.compound_a1 if role != Role.RESIDENT else world.households[world.compound_a1.code][0],
    )
    assert client.get(reverse("property:fees")).status_code == 403
    assert client.get(reverse("property:fee-compound", args=[world.compound_a1.code])).status_code == 404


def test_download_sheet_fill_in_and_import_through_the_page(client, world):
    login(client, Role.PROPERTY_STAFF, world.compound_a1)
    response = client.get(reverse("property:fee-sheet", args=[world.compound_a1.code]) + "?period=2026")
    assert response.status_code == 200 and response["Content-Type"] == XLSX_CONTENT_TYPE
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(response.content))
    rows = list(wb["物业费"].iter_rows(values_only=True))
    assert rows[0][0] == "户编码" and len(rows) == 4
    h = world.households[world.compound_a1.code]
    upload = SimpleUploadedFile(
        "fees.xlsx",
        sheet(
            [
                [h[0].code, "", "罗海", "2026", 1000, 1000, None, "微信"],
                [h[1].code, "", "", "2026", 900, 0, None, None],
            ]
        ),
        content_type=XLSX_CONTENT_TYPE,
    )
    result = client.post(reverse("property:fee-import"), {"file": upload})
    assert result.status_code == 200 and "导入成功" in result.content.decode()
    assert FeeBill.objects.filter(compound=world.compound_a1, period="2026").count() == 2
    bad = SimpleUploadedFile("bad.xlsx", sheet([[h[2].code, "", "", "2026", -5, None, None, None]]))
    result = client.post(reverse("property:fee-import"), {"file": bad})
    html = result.content.decode()
    assert result.status_code == 400 and "未导入" in html and "应收金额必须大于0" in html
    junk = SimpleUploadedFile("x.xlsx", b"not excel at all")
    result = client.post(reverse("property:fee-import"), {"file": junk})
    assert result.status_code == 400 and "不是 Excel" in result.content.decode()
    assert FeeBill.objects.count() == 2


def test_fee_pages_do_not_query_per_household(client, world, billed, django_assert_max_num_queries):
    """The 小区 page costs the same with more unpaid households (no query per row)."""
    staff = login(client, Role.PROPERTY_STAFF, world.compound_a1)
    url = reverse("property:fee-compound", args=[world.compound_a1.code]) + "?period=2026"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for home in world.households[world.compound_a1.code]:
        fees.fee_bill_set(actor=staff, household=home, period="2026", due="2000", payer_name="新业主")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("新*主") == 3
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("property:fees") + "?period=2026")

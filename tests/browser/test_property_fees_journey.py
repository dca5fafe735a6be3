"""物业费 in a real browser: the 小区's 物业人员 opens 物业费收缴 from the menu, sees the unpaid households
with names masked, records a payment, and the 小区's collection rate rises."""

import pytest
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.property import fees

from .test_login_journeys import log_in

pytestmark = pytest.mark.browser


def test_property_staff_records_a_payment_and_the_rate_rises(browser_world, open_page, screenshot):
    world = browser_world
    staff = user_with_role(Role.PROPERTY_STAFF, place=world.compound_a1, phone="13700000313", name="物业马涛")
    homes = world.households[world.compound_a1.code]
    for home, name, paid in zip(homes, ("罗海", "李秀梅", "欧阳春花"), ("1000", "0", "0"), strict=True):
        bill, _ = fees.fee_bill_set(actor=staff, household=home, period="2026", due="1000", payer_name=name)
        if paid != "0":
            fees.fee_payment_record(actor=staff, bill=bill, amount=paid, method="wechat")

    page = open_page()
    page.goto("/")
    log_in(page, "13700000313")
    page.get_by_role("link", name="物业").first.click()
    page.get_by_role("link", name="物业费收缴").click()
    page.get_by_label("期间").select_option("2026")
    page.get_by_role("button", name="查看").click()
    expect(page.locator(f"#rates tr[data-code='{world.compound_a1.code}'] .rate")).to_have_text("33.33%")
    page.get_by_role("link", name="春晖花园").click()

    row = page.locator("#unpaid tr", has_text="1栋1单元102室")
    expect(row).to_contain_text("李*梅")
    expect(page.locator("#unpaid")).not_to_contain_text("李秀梅")
    row.get_by_label("缴费金额").fill("1000")
    row.get_by_role("button", name="登记").click()

    expect(page.locator(".messages")).to_contain_text("已登记缴费")
    expect(page.locator("#summary .rate")).to_have_text("66.67%")
    expect(page.locator("#unpaid")).not_to_contain_text("1栋1单元102室")
    screenshot(page, "property-fees-after-payment")

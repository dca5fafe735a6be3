"""The ledger with personal data protected: a 网格员 finds a resident by 身份证号 on a phone, opens the
page (numbers masked), reveals the full number with a reason — and the 审计员 sees that access, with
the reason, in the audit log."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.core.validators import build_id_number
from linli.people.services import person_create
from linli.places.tests.factories import user_with_role

from .conftest import PHONE
from .test_login_journeys import log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser

GRID_WORKER = "13700000401"
AUDITOR = "13700000402"
ID_NUMBER = build_id_number(region="430602", birth_date=date(1948, 5, 12), sequence=357)
MOBILE = "13812345678"


def test_grid_worker_reveals_a_number_with_a_reason_and_the_auditor_sees_it(
    browser_world, open_page, screenshot
):
    world = browser_world
    worker = user_with_role(Role.GRID_WORKER, grid=world.grid_a1, phone=GRID_WORKER, name="赵网格员")
    user_with_role(Role.AUDITOR, place=world.street, phone=AUDITOR, name="钱审计员")
    home = world.households[world.compound_a1.code][1]
    person_create(actor=worker, household=home, name="孙桂英", id_number=ID_NUMBER, mobile=MOBILE)
    masked_id = ID_NUMBER[:3] + "*" * 11 + ID_NUMBER[-4:]

    # She searches the ledger by the full 身份证号: found, shown masked, the number not in the URL.
    page = open_page(viewport=PHONE)
    page.goto("/")
    log_in(page, GRID_WORKER)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="居民").click()
    expect(page.get_by_role("heading", name="居民台账")).to_be_visible()
    page.get_by_label("查找居民").fill(ID_NUMBER)
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_text("按身份证号/手机号精确查找")).to_be_visible()
    expect(page.locator("table.people-list tbody tr")).to_have_count(1)
    expect(page.get_by_text(masked_id)).to_be_visible()
    assert ID_NUMBER not in page.url
    assert no_horizontal_scroll(page)
    screenshot(page, "ledger-search-phone")

    # The person page shows masked values; the full ones need a reason.
    page.get_by_role("link", name="孙桂英").click()
    expect(page.get_by_role("heading", name="孙桂英")).to_be_visible()
    expect(page.locator("[data-masked-mobile]")).to_have_text("138****5678")
    assert ID_NUMBER not in page.content()
    page.get_by_text("查看完整信息").click()
    page.get_by_label("查看事由").fill("核实高龄补贴申请")
    page.get_by_role("button", name="查看", exact=True).click()
    revealed = page.locator("[data-revealed]")
    expect(revealed).to_contain_text(ID_NUMBER)
    expect(revealed).to_contain_text(MOBILE)
    expect(revealed).to_contain_text("本次查看已记入审计日志")
    assert ID_NUMBER not in page.url and re.search(r"/people/\d+/$", page.url)
    assert no_horizontal_scroll(page)
    screenshot(page, "ledger-person-revealed-phone")

    # The auditor sees who looked, at whom, which fields and why — never the number itself.
    audit = open_page()
    audit.goto("/")
    log_in(audit, AUDITOR)
    audit.goto("/audit/")
    row = audit.locator("tbody tr").filter(has_text="核实高龄补贴申请")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("赵网格员")
    expect(row).to_contain_text("身份证号、手机号")
    expect(row).to_contain_text("孙*英")
    assert ID_NUMBER not in audit.content() and MOBILE not in audit.content()
    screenshot(audit, "ledger-audit-entry")

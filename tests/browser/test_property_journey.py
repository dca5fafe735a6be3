"""红色物业 in a real browser: a branch secretary evaluates the property company serving their 小区
and the company's grade on the 红黑榜 rises from A to AA."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linli.core import uscc
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.property import services

from .test_login_journeys import log_in

pytestmark = pytest.mark.browser


def test_branch_secretary_evaluates_and_the_grade_changes_on_the_board(browser_world, open_page, screenshot):
    world = browser_world
    services.evaluation_template_ensure_default()
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    company = services.company_register(
        actor=secretary,
        name="春晖红色物业有限公司",
        uscc_code=uscc.make("91", "430699", "MA4L0003"),
        has_party_org=True,
        party_org_name="春晖物业党支部",
    )
    today = timezone.localdate()
    services.contract_sign(
        actor=secretary,
        company=company,
        compound=world.compound_a1,
        start=today - dt.timedelta(days=200),
        end=today + dt.timedelta(days=800),
        service_level="2",
        fee_standard="1.35",
    )
    services.credit_entry_add(actor=secretary, company=company, kind="basic", points=78, reason="基础分")
    user_with_role(
        Role.BRANCH_SECRETARY, place=world.compound_a1, phone="13700000301", name="春晖花园支部书记"
    )

    page = open_page()
    page.goto("/")
    log_in(page, "13700000301")
    page.get_by_role("link", name="物业").first.click()
    row = page.locator("#ranking tr", has_text="春晖红色物业有限公司")
    expect(row.locator(".grade")).to_have_text("A")

    page.get_by_role("link", name="评价春晖花园的物业企业").click()
    for field in page.locator("input[name^=item_]").all():
        field.fill("95")
    page.get_by_label("群众满意率（%）").fill("92")
    page.get_by_role("button", name="提交评价").click()

    expect(page.locator("#ranking tr", has_text="春晖红色物业有限公司").locator(".grade")).to_have_text("AA")
    expect(page.locator("#red-list")).to_contain_text("春晖红色物业有限公司")
    screenshot(page, "property-board-after-evaluation")

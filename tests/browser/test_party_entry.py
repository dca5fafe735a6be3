"""Party data entry in a real browser: the branch secretary registers the 支部班子 of their 小区, adds the
secretary with a mobile (a wrong number is refused in Chinese), and the branch page shows it masked."""

import pytest
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.party.tests.factories import make_branch
from linli.places.tests.factories import user_with_role

from .test_login_journeys import log_in

pytestmark = pytest.mark.browser


def test_branch_secretary_enters_the_branch_committee(browser_world, open_page, screenshot):
    world = browser_world
    branch = make_branch(world.compound_a1)
    user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1, phone="13700000501", name="吴书记")

    page = open_page()
    page.goto(f"/party/org/{branch.pk}/")
    log_in(page, "13700000501")
    page.get_by_role("link", name="登记支部班子").click()
    page.get_by_role("button", name="登记").click()
    expect(page.locator("h1")).to_have_text("春晖花园支部班子")
    page.get_by_label("姓名").fill("吴红梅")
    page.get_by_label("职务").fill("书记")
    page.get_by_label("席位（支部班子）").select_option(label="业主党员")
    page.get_by_label("联系电话").fill("1381234567")
    page.get_by_role("button", name="添加").click()
    expect(page.locator("main")).to_contain_text("手机号码无效（10位）")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_role("button", name="添加").click()
    expect(page.locator("main")).to_contain_text("已添加 吴红梅")
    page.goto(f"/party/org/{branch.pk}/")
    expect(page.locator("main")).to_contain_text("138****5678")
    assert "13812345678" not in page.content()
    assert page.get_by_role("link", name="登记支部班子").count() == 0
    screenshot(page, "party-branch-masked")

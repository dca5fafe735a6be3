"""表决 in a real browser: the branch secretary creates a poll and opens it, a resident finds it on the
workbench of their phone and votes, the branch closes it and the resident sees the result."""

import pytest
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.votes.models import Participation
from linli.votes.tests.factories import resident

from .conftest import PHONE
from .test_login_journeys import log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_branch_opens_a_poll_resident_votes_on_the_phone_and_sees_the_result(
    browser_world, open_page, screenshot
):
    world = browser_world
    user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1, phone="13700000601", name="吴书记")
    resident(world.households[world.compound_a1.code][0], phone="13700000602")

    desk = open_page()
    desk.goto("/votes/new/")
    log_in(desk, "13700000601")
    desk.get_by_label("标题").fill("是否在小区东门增设充电棚")
    desk.get_by_label("选项（每行一个").fill("同意\n不同意")
    desk.get_by_role("button", name="保存为草稿").click()
    desk.get_by_role("button", name="开始投票").click()
    expect(desk.locator("main")).to_contain_text("已开始投票")

    phone = open_page(viewport=PHONE)
    phone.goto("/")
    log_in(phone, "13700000602")
    phone.get_by_role("link", name="待投票").click()
    phone.get_by_role("link", name="是否在小区东门增设充电棚").first.click()  # the 待投票 list
    phone.get_by_label("同意", exact=True).check()
    screenshot(phone, "votes-ballot-phone")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="提交投票").click()
    expect(phone.locator("main")).to_contain_text("投票成功")
    assert Participation.objects.count() == 1

    desk.reload()
    desk.get_by_role("button", name="结束投票并计票").click()
    expect(desk.locator("main")).to_contain_text("投票已结束")

    phone.reload()
    expect(phone.locator("#result")).to_contain_text("同意：1")
    screenshot(phone, "votes-result-phone")

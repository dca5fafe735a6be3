"""Logging in through the real login page as different roles shows different worlds."""

import re

import pytest
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.places.tests.factories import PASSWORD, user_with_role

from .conftest import PHONE

pytestmark = pytest.mark.browser

SECRETARY_A = "13700000101"
MICRO_GRID_WORKER_B = "13700000102"
RESIDENT_A = "13700000103"


def log_in(page, phone: str, password: str = PASSWORD):
    page.get_by_label("手机号码").fill(phone)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_two_roles_log_in_and_see_different_worlds(browser_world, open_page, screenshot):
    world = browser_world
    user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a, phone=SECRETARY_A, name="刘书记")
    user_with_role(Role.MICRO_GRID_WORKER, grid=world.micro_b1, phone=MICRO_GRID_WORKER_B, name="王微网格员")
    page = open_page()

    # Given the login page, a wrong password is refused in Chinese.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", name="登录邻里")).to_be_visible()
    log_in(page, SECRETARY_A, "not-the-password")
    expect(page.get_by_text("手机号码或密码不正确")).to_be_visible()
    screenshot(page, "login-wrong-password")

    # The 社区书记 of 春晖社区 sees her community and its 小区, nothing of 秋实社区.
    log_in(page, SECRETARY_A)
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    expect(page.get_by_text("社区书记")).to_be_visible()
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="地点").click()
    expect(page.get_by_role("heading", name="地点", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="春晖社区")).to_be_visible()
    assert "秋实" not in page.content()
    page.get_by_role("link", name="春晖社区").click()
    expect(page.get_by_role("heading", name=re.compile("^春晖社区"))).to_be_visible()
    expect(page.get_by_role("link", name="春晖花园")).to_be_visible()
    expect(page.get_by_role("link", name="春晖雅苑")).to_be_visible()
    assert "秋实" not in page.content()
    screenshot(page, "secretary-a-community")

    # Log out: back at the login page.
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("heading", name="登录邻里")).to_be_visible()

    # The 微网格员 of 秋实家园's micro-grid sees 秋实家园 and its households only.
    log_in(page, MICRO_GRID_WORKER_B)
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="地点").click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.get_by_role("link", name="秋实家园")).to_be_visible()
    assert "春晖" not in page.content()
    page.get_by_role("link", name="秋实家园").click()
    page.get_by_role("link", name="1栋").click()
    page.get_by_role("link", name="1单元").click()
    households = page.locator("table.list tbody tr")
    expect(households).to_have_count(3)
    for room in ("101室", "102室", "201室"):
        expect(page.get_by_role("link", name=room)).to_be_visible()
    assert "春晖" not in page.content()
    screenshot(page, "micro-grid-worker-b-unit")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="网格").click()
    page.get_by_role("link", name="秋实1-1微网格").click()
    expect(page.locator("table.list tbody tr")).to_have_count(3)
    assert "春晖" not in page.content()

    # A place of 春晖社区 opened by URL is the Chinese 404 page: it might as well not exist.
    response = page.goto(f"/places/{world.compound_a1.code}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    assert "春晖花园" not in page.content()
    screenshot(page, "micro-grid-worker-b-404")


def test_a_resident_uses_the_site_on_a_phone(browser_world, open_page, screenshot):
    world = browser_world
    home = world.households[world.compound_a1.code][0]
    user_with_role(Role.RESIDENT, place=home, phone=RESIDENT_A, name="居民1甲")
    page = open_page(viewport=PHONE)

    page.goto("/")
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-login")
    log_in(page, RESIDENT_A)
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    household_link = page.get_by_role("link", name="春晖花园1栋1单元101室")
    expect(household_link).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-resident-home")

    household_link.click()
    expect(page.get_by_role("heading", name=re.compile("^101室"))).to_be_visible()
    expect(page.get_by_role("heading", name="家庭成员")).to_be_visible()
    expect(page.get_by_role("cell", name="居民1乙")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "phone-resident-household")

    # The neighbours' door stays shut.
    neighbour = world.households[world.compound_a1.code][1]
    assert page.goto(f"/places/{neighbour.code}/").status == 404
    assert no_horizontal_scroll(page)

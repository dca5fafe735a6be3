"""The small behaviours of page.js work under the Content-Security-Policy (no inline script anywhere):
a confirmation before revoking a role, a select that submits itself, a reply template that fills the
reply."""

import re

import pytest
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role

from .test_login_journeys import log_in

pytestmark = pytest.mark.browser

SECRETARY = "13700000111"


def test_revoking_a_role_asks_first_and_cancel_keeps_it(browser_world, open_page, screenshot):
    world = browser_world
    user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a, phone=SECRETARY, name="刘书记")
    user_with_role(Role.GRID_WORKER, grid=world.grid_a1, phone="13700000112", name="赵网格员")
    page = open_page()
    page.goto("/roles/")
    log_in(page, SECRETARY)
    page.goto("/roles/")
    row = page.get_by_role("row").filter(has_text="赵网格员")
    expect(row).to_be_visible()

    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    row.get_by_role("button", name="免去").click()
    expect(row.get_by_role("button", name="免去")).to_be_visible()
    assert questions == ["确定免去该角色吗？"]

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    row.get_by_role("button", name="免去").click()
    expect(page.get_by_text("已免去 赵网格员 的网格员。")).to_be_visible()
    screenshot(page, "roles-revoked-after-confirmation")


def test_choosing_a_compound_in_the_meeting_form_loads_it_without_a_button(browser_world, open_page):
    world = browser_world
    user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a, phone=SECRETARY, name="刘书记")
    page = open_page()
    page.goto("/deliberation/")
    log_in(page, SECRETARY)
    page.goto("/deliberation/meetings/new/")
    page.get_by_label("小区").select_option(label="春晖雅苑")
    expect(page).to_have_url(re.compile(rf"/deliberation/meetings/new/\?place={world.compound_a2.pk}$"))


def test_the_api_documentation_renders_from_this_site_alone(browser_world, open_page):
    page = open_page()
    page.goto("/api/docs")
    expect(page.get_by_role("heading", name="邻里 Linli API")).to_be_visible()

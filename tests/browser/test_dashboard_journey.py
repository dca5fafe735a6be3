"""The street official opens the 驾驶舱 in a real browser: ECharts draws the charts from the static npm
package, and a click on a community's bar opens that community's dashboard one level down."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linli.appeals.choices import Status
from linli.appeals.models import Appeal
from linli.core.roles import Role
from linli.dashboards.refresh import refresh
from linli.places.tests.factories import user_with_role

from .test_login_journeys import log_in

pytestmark = pytest.mark.browser

OFFICIAL = "13700000501"


def test_a_street_official_sees_the_charts_and_clicks_down_to_a_community(
    browser_world, open_page, screenshot
):
    world = browser_world
    user_with_role(Role.STREET_OFFICIAL, place=world.street, phone=OFFICIAL, name="张街道")
    for i, compound in enumerate(
        [world.compound_a1, world.compound_a1, world.compound_a2, world.compound_b1]
    ):
        home = world.households[compound.code][0]
        appeal = Appeal.objects.create(
            number=f"B{i:04d}",
            text="小区路灯不亮",
            place=home,
            place_code=home.code,
            status=Status.SUBMITTED,
            channel="self_service",
        )
        Appeal.objects.filter(pk=appeal.pk).update(submitted_at=timezone.now() - timedelta(days=i))
    refresh(full=True)

    page = open_page()
    page.goto("/")
    log_in(page, OFFICIAL)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="驾驶舱").click()
    expect(page.get_by_role("heading", name="东风街道 · 驾驶舱")).to_be_visible()
    chart = page.locator('[data-chart="children"]')
    expect(chart).to_have_attribute("data-ready", "1")
    expect(chart.locator("svg")).to_have_count(1)
    screenshot(page, "dashboard-street")
    # The tallest bar is 春晖社区 (3 appeals): click it.
    box = chart.bounding_box()
    chart.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.6})
    expect(page.get_by_role("heading", name="春晖社区 · 驾驶舱")).to_be_visible()
    expect(page.locator('[data-chart="trend"]')).to_have_attribute("data-ready", "1")
    screenshot(page, "dashboard-community")

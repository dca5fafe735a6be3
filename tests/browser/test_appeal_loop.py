"""The whole appeal loop in a real browser: a resident reports on a phone-sized page, the community
desk receives and dispatches, the property company signs and replies, the desk closes, the resident
rates — and the satisfaction measure changes."""

import base64
import re

import pytest
from playwright.sync_api import expect

from linli.appeals.models import Appeal, Category
from linli.appeals.taxonomy import load_default_taxonomy
from linli.appeals.tests.factories import property_unit
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role

from .conftest import PHONE
from .test_login_journeys import log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser

# A 1×1 PNG, enough for the upload to be a real image.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def act(page, action: str, fields: dict | None = None):
    """Open the action's panel on an appeal page, fill its fields, press its button."""
    panel = page.locator("details", has=page.locator("summary", has_text=re.compile(f"^{action}$")))
    if not panel.evaluate("el => el.open"):
        panel.locator("summary").click()
    for selector, value in (fields or {}).items():
        element = panel.locator(selector)
        if element.evaluate("el => el.tagName") == "SELECT":
            element.select_option(value)
        else:
            element.fill(value)
    panel.get_by_role("button", name=action, exact=True).click()


def test_resident_reports_staff_handle_resident_rates_and_the_measure_moves(
    browser_world, open_page, screenshot, tmp_path
):
    world = browser_world
    load_default_taxonomy(Category)  # transactional tests flush the data migrations' rows
    home = world.households[world.compound_a1.code][0]
    user_with_role(Role.RESIDENT, place=home, phone="13700000201", name="王阿姨")
    user_with_role(Role.COMMUNITY_WORKER, place=world.community_a, phone="13700000202", name="社区小陈")
    handler = user_with_role(
        Role.PROPERTY_STAFF, place=world.compound_a1, phone="13700000203", name="物业老马"
    )
    unit = property_unit(world, members=[handler])
    photo = tmp_path / "door.png"
    photo.write_bytes(PNG)

    # A resident reports on her phone.
    phone = open_page(viewport=PHONE)
    phone.goto("/")
    log_in(phone, "13700000201")
    phone.get_by_role("link", name=re.compile("反映问题")).click()
    phone.get_by_label("发生在哪里").select_option(label="春晖花园1栋1单元101室")
    phone.get_by_label("遇到了什么事").fill("单元门的门禁坏了好几天，外人随便进出，晚上不安全，请尽快修好。")
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": 29.357, "longitude": 113.129})
    phone.get_by_role("button", name="使用我现在的位置").click()
    expect(phone.get_by_text(re.compile("已获取位置"))).to_be_visible()
    phone.locator("input[type=file]").set_input_files(str(photo))
    assert no_horizontal_scroll(phone)
    screenshot(phone, "appeal-resident-report-phone")
    phone.get_by_role("button", name="提交").click()
    expect(phone.get_by_text(re.compile("已提交，编号 \\d+"))).to_be_visible()
    expect(phone.get_by_text("待受理").first).to_be_visible()
    expect(phone.locator(".photos img")).to_have_count(1)
    number = re.search(r"编号 (\d+)", phone.content()).group(1)
    assert str(Appeal.objects.get(number=number).latitude) == "29.357000"
    assert no_horizontal_scroll(phone)
    screenshot(phone, "appeal-resident-submitted-phone")

    # The community desk receives it with a category and dispatches it to the property company.
    desk = open_page()
    desk.goto("/")
    log_in(desk, "13700000202")
    desk.get_by_role("navigation", name="主导航").get_by_role("link", name="诉求").click()
    desk.get_by_role("link", name=re.compile("待受理")).click()
    desk.get_by_role("link", name=number).click()
    act(desk, "受理", {"select[name=category]": "0102"})
    expect(desk.get_by_text("已受理。")).to_be_visible()
    act(desk, "派单", {"select[name=unit]": str(unit.pk)})
    expect(desk.get_by_text(f"已派单给 {unit.name}")).to_be_visible()
    screenshot(desk, "appeal-desk-dispatched")

    # The handler signs and reports the result with the reply for the resident.
    worker = open_page()
    worker.goto("/")
    log_in(worker, "13700000203")
    worker.get_by_role("link", name=re.compile("诉求·待签收")).click()
    worker.get_by_role("link", name=number).click()
    act(worker, "签收")
    expect(worker.get_by_text("已签收。")).to_be_visible()
    act(worker, "反馈办理结果", {"textarea[name=reply]": "已更换门禁电机和门吸，单元门能正常关闭了。"})
    expect(worker.get_by_text("已反馈办理结果")).to_be_visible()

    # The desk checks and closes; 满意率 has no ratings yet.
    desk.goto("/appeals/?queue=to_check")
    desk.get_by_role("link", name=number).click()
    act(desk, "核查办结")
    expect(desk.get_by_text("已办结，已通知居民评价。")).to_be_visible()
    desk.goto("/appeals/measures/")
    satisfaction = desk.locator(".tile", has_text="满意率").first
    expect(satisfaction.locator(".n")).to_have_text("—")

    # The resident sees the reply and rates it.
    phone.goto("/appeals/mine/")
    expect(phone.get_by_text("已办结，请点开评价")).to_be_visible()
    phone.locator(".appeal-card").first.click()
    expect(phone.get_by_text("已更换门禁电机")).to_be_visible()
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_label("已解决").check()
    phone.get_by_role("button", name="评价").click()
    expect(phone.get_by_text("感谢您的评价！")).to_be_visible()
    assert no_horizontal_scroll(phone)
    screenshot(phone, "appeal-resident-rated-phone")

    # The measure moved.
    desk.goto("/appeals/measures/")
    expect(desk.locator(".tile", has_text="满意率").first.locator(".n")).to_have_text("100.0%")
    expect(desk.locator(".tile", has_text="解决率").first.locator(".n")).to_have_text("100.0%")
    screenshot(desk, "appeal-measures")

"""每月全覆盖走访 on a phone: a 楼道长 opens her to-do list on a 375-px screen, records a visit in one
tap and turns the need she found into an appeal — and her stairwell's coverage share goes up."""

import re

import pytest
from playwright.sync_api import expect

from linli.appeals.models import Appeal, Category
from linli.appeals.taxonomy import load_default_taxonomy
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role
from linli.visits.models import Visit
from linli.visits.services import visit_record

from .conftest import PHONE
from .test_login_journeys import log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser

LEADER = "13700000301"


def test_stairwell_leader_records_a_visit_with_an_appeal_on_her_phone(browser_world, open_page, screenshot):
    world = browser_world
    load_default_taxonomy(Category)  # transactional tests flush the data migrations' rows
    unit = world.unit_of(world.compound_a1)
    homes = world.households[world.compound_a1.code]
    leader = user_with_role(Role.STAIRWELL_LEADER, place=unit, phone=LEADER, name="朱楼道长")
    user_with_role(Role.MICRO_GRID_WORKER, grid=world.micro_a1, phone="13700000302", name="黄微网格员")
    visit_record(actor=leader, household=homes[0], kind="monthly", outcome="met")  # one of three done

    page = open_page(viewport=PHONE)
    page.goto("/")
    log_in(page, LEADER)
    expect(page.get_by_text("本月待走访户")).to_be_visible()
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="走访").click()
    expect(page.get_by_role("heading", name=re.compile("^本月待走访"))).to_be_visible()
    expect(page.locator("[data-share]")).to_have_text("33%")
    cards = page.locator("article.home")
    expect(cards).to_have_count(2)
    assert "秋实" not in page.content() and "春晖雅苑" not in page.content()
    assert no_horizontal_scroll(page)
    screenshot(page, "visits-todo-phone")

    # One tap opens the form for 102室; she met the family and found a need.
    card = cards.filter(has_text="春晖花园1栋1单元102室")
    card.get_by_text("记录走访", exact=True).click()
    form = card.locator("form")
    expect(form.get_by_label("见到本人")).to_be_checked()
    form.get_by_label("走访情况").fill("老两口身体不错，儿子每周回来。")
    form.get_by_label("发现的需求").fill("楼道声控灯坏了半个月，老人晚上上下楼看不清，希望尽快修好。")
    form.get_by_label("把需求转为诉求（社区即时受理）").check()
    assert no_horizontal_scroll(page)
    screenshot(page, "visits-record-phone")
    form.get_by_role("button", name="保存走访记录").click()

    # Back on the list: the need is an appeal with a number, the household is done, the share moved.
    expect(page.get_by_text(re.compile(r"需求已转为诉求，编号 \d+"))).to_be_visible()
    expect(page.locator("[data-share]")).to_have_text("67%")
    expect(page.locator("article.home")).to_have_count(1)
    assert no_horizontal_scroll(page)
    screenshot(page, "visits-todo-after-phone")
    visit = Visit.objects.get(household=homes[1])
    appeal = Appeal.objects.get()
    assert (visit.appeal, appeal.channel, appeal.place) == (appeal, "visit", homes[1])

    # Her coverage page shows her stairwell only, now two of three.
    page.get_by_role("navigation", name="走访巡查").get_by_role("link", name="覆盖率").click()
    expect(page.get_by_role("heading", name=re.compile("^走访覆盖率"))).to_be_visible()
    expect(
        page.locator("table.coverage").first.get_by_role("row", name=re.compile("春晖花园1栋1单元"))
    ).to_contain_text("2/3")
    assert no_horizontal_scroll(page)
    screenshot(page, "visits-coverage-phone")


def test_micro_grid_worker_patrols_and_closes_a_hazard_with_evidence(
    browser_world, open_page, screenshot, tmp_path, settings
):
    import base64

    settings.MEDIA_ROOT = tmp_path / "media"
    world = browser_world
    user_with_role(Role.MICRO_GRID_WORKER, grid=world.micro_a1, phone="13700000311", name="黄微网格员")
    png = tmp_path / "photo.png"
    png.write_bytes(
        base64.b64decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
        )
    )
    page = open_page(viewport=PHONE)
    page.goto("/")
    log_in(page, "13700000311")
    page.get_by_role("link", name=re.compile("今日巡查")).click()
    expect(page.locator("[data-today]")).to_have_text("0")
    page.get_by_label("巡查情况").fill("各楼道通畅")
    page.get_by_role("button", name="巡查签到").click()
    expect(page.get_by_text("已签到，今天第 1 次巡查。")).to_be_visible()
    expect(page.locator("[data-today]")).to_have_text("1")
    assert no_horizontal_scroll(page)
    screenshot(page, "visits-patrol-phone")

    page.get_by_role("navigation", name="走访巡查").get_by_role("link", name="安全隐患").click()
    page.get_by_role("link", name="上报隐患").click()
    page.get_by_label("隐患地点").select_option(label="春晖花园1栋1单元")
    page.get_by_label("隐患类别").select_option(label="电动车违规充电")
    page.get_by_label("隐患描述").fill("一楼楼梯间停放电动车并拉线充电")
    page.locator("input[type=file]").set_input_files(str(png))
    page.get_by_role("button", name="上报").click()
    expect(page.get_by_text(re.compile("隐患已上报，整改期限"))).to_be_visible()
    expect(page.locator(".badge", has_text="待整改")).to_be_visible()

    page.locator("summary", has_text="整改销号").click()
    page.get_by_label("整改结果（佐证）").fill("电动车已挪走，飞线已拆除。")
    page.get_by_label("整改后照片（必传）").set_input_files(str(png))
    page.get_by_role("button", name="整改销号").click()
    expect(page.get_by_text("隐患已整改销号。")).to_be_visible()
    expect(page.locator(".badge", has_text="已销号")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "visits-hazard-closed-phone")

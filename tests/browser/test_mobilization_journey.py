"""平战结合 in a real browser: the community secretary declares an emergency on her desktop, the 楼道长 gets
her households on a 375-px phone, vulnerable first, confirms them one tap at a time — and the board on
the secretary's screen moves."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.people.models import Person, Tag, TagAssignment
from linli.places.tests.factories import user_with_role

from .conftest import PHONE
from .test_login_journeys import log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser

SECRETARY, LEADER = "13700000401", "13700000402"


def test_an_emergency_is_declared_a_stairwell_leader_confirms_on_her_phone_and_the_board_moves(
    browser_world, open_page, screenshot
):
    world = browser_world
    homes = world.households[world.compound_a1.code]
    user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a, phone=SECRETARY, name="刘书记")
    user_with_role(
        Role.STAIRWELL_LEADER, place=world.unit_of(world.compound_a1), phone=LEADER, name="朱楼道长"
    )
    tag, _ = Tag.objects.get_or_create(code="living_alone", defaults={"name": "独居老人", "care": True})
    TagAssignment.objects.create(
        tag=tag,
        person=Person.objects.filter(household=homes[2]).first(),
        since=timezone.localdate() - timedelta(days=30),
    )

    desk = open_page()
    desk.goto("/")
    log_in(desk, SECRETARY)
    desk.get_by_role("navigation", name="主导航").get_by_role("link", name="应急").click()
    desk.get_by_label("事件名称").fill("暴雨红色预警")
    desk.get_by_label("类别").select_option("weather")
    desk.get_by_label("响应范围").select_option(world.community_a.code)
    desk.get_by_role("button", name="启动并派发入户任务").click()
    expect(desk.get_by_text("已启动应急响应，6 户的入户任务已派到各楼道和微网格。")).to_be_visible()
    board_url = desk.url
    expect(desk.locator("#board")).to_contain_text("0 / 6 户已联系到")

    phone = open_page(viewport=PHONE)
    phone.goto("/")
    log_in(phone, LEADER)
    phone.get_by_role("link", name=re.compile("应急：暴雨红色预警")).click()
    cards = phone.locator("article.card")
    expect(cards).to_have_count(3)
    expect(cards.first).to_contain_text("201室")  # the household of the elder living alone comes first
    expect(cards.first).to_contain_text("关爱对象")
    assert no_horizontal_scroll(phone)
    screenshot(phone, "mobilization-mine-phone")
    cards.first.get_by_role("button", name="已联系到").click()
    expect(phone.get_by_text("春晖花园1栋1单元201室：已联系到。")).to_be_visible()
    phone.locator("article.card", has_text="101室").get_by_role("button", name="无人在家").click()
    expect(phone.get_by_text("还有 2 户待联系")).to_be_visible()

    desk.goto(board_url)
    expect(desk.locator("#board")).to_contain_text("1 / 6 户已联系到")
    expect(desk.locator("#board tr", has_text="春晖1-1微网格")).to_contain_text("33%")
    screenshot(desk, "mobilization-board")

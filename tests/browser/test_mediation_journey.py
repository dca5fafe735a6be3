"""人民调解 in the browser: a mediator registers a neighbours' dispute, accepts it, records the session, writes
the agreement and ticks the checklist — the case is resolved only when the seal is ticked, and the list
shows the parties' names masked."""

import re

import pytest
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.mediation.models import MediationCase
from linli.places.tests.factories import user_with_role

from .test_login_journeys import log_in

pytestmark = pytest.mark.browser

MEDIATOR = "13700000601"


def test_mediator_takes_a_dispute_to_a_signed_agreement(browser_world, open_page, screenshot):
    world = browser_world
    user_with_role(Role.MEDIATOR, place=world.community_a, phone=MEDIATOR, name="高调解员")
    page = open_page()
    page.goto("/")
    log_in(page, MEDIATOR)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="人民调解").click()
    page.get_by_role("link", name="登记纠纷").click()
    page.get_by_label("小区").select_option(label="春晖花园")
    page.get_by_label("案由").fill("楼上漏水纠纷")
    page.get_by_label("纠纷简要情况").fill("502 室卫生间漏水，402 室天花板受损。")
    page.get_by_label("当事人1姓名").fill("张建明")
    page.get_by_label("当事人2姓名").fill("李秀兰")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text(re.compile("^已登记调字"))).to_be_visible()

    page.get_by_role("button", name="受理并由我调解").click()
    expect(page.get_by_text("已受理，进入调解。")).to_be_visible()
    page.get_by_text("记录调解笔录").click()
    page.get_by_label("调解地点").fill("小区议事厅")
    page.get_by_label("参加人员").fill("张建明、李秀兰、高调解员")
    page.get_by_label("笔录").fill("双方同意由 502 室承担维修费用。")
    page.get_by_role("button", name="保存笔录").click()
    page.get_by_text("制作书面调解协议").click()
    page.get_by_label("书面协议内容").fill("502 室于十日内支付维修费 1200 元。")
    page.get_by_role("button", name="制作协议").click()

    for _ in range(3):
        page.get_by_role("button", name="登记已签署").first.click()
        expect(page.get_by_text("已登记签署。")).to_be_visible()
    expect(page.locator(".badge").first).to_have_text("协议待签署")
    screenshot(page, "mediation-checklist")
    page.get_by_role("button", name="登记已签署").click()
    expect(page.get_by_text("协议已全部签署盖章，调解成功。")).to_be_visible()
    expect(page.get_by_text(re.compile("可于 .* 前共同向人民法院申请"))).to_be_visible()
    assert MediationCase.objects.get().status == "resolved"

    page.get_by_role("link", name="调解案件").click()
    expect(page.get_by_text(re.compile("张\\*明、李\\*兰"))).to_be_visible()
    screenshot(page, "mediation-list")

"""议事协商 in a real browser: a resident proposes a topic on her phone, the branch secretary approves it
(议题审核把关), collects opinions and sends it to a vote, residents vote on their phones, and the result
appears on the topic page."""

import pytest
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.deliberation.models import Topic
from linli.people.models import Person
from linli.places.tests.factories import user_with_role

from .conftest import PHONE
from .test_login_journeys import log_in, no_horizontal_scroll

pytestmark = pytest.mark.browser

SECRETARY, PROPOSER, NEIGHBOUR = "13700000701", "13700000702", "13700000703"


def _resident(home, phone, name):
    user = user_with_role(Role.RESIDENT, place=home, phone=phone, name=name)
    Person.objects.filter(household=home, is_owner=True).update(user=user)  # votes for the household
    return user


def test_resident_proposes_branch_approves_residents_vote_on_phones_and_see_the_result(
    browser_world, open_page, screenshot
):
    world = browser_world
    homes = world.households[world.compound_a1.code]
    user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1, phone=SECRETARY, name="吴书记")
    _resident(homes[0], PROPOSER, "张桂兰")
    _resident(homes[1], NEIGHBOUR, "李建国")

    # A resident proposes a topic on her phone.
    phone = open_page(viewport=PHONE)
    phone.goto("/")
    log_in(phone, PROPOSER)
    phone.get_by_role("navigation", name="主导航").get_by_role("link", name="议事协商").click()
    phone.get_by_role("link", name="提出议题").click()
    phone.get_by_label("议题名称").fill("小区东门增设充电棚")
    phone.get_by_label("类别").select_option(label="公共设施")
    phone.get_by_label("内容").fill("东门电动车乱停乱充，雨天淋湿，存在火灾隐患，建议增设充电棚。")
    assert no_horizontal_scroll(phone)
    screenshot(phone, "deliberation-propose-phone")
    phone.get_by_role("button", name="提交审核").click()
    expect(phone.locator("main")).to_contain_text("等待党组织审核")
    expect(phone.locator("#topic-status")).to_have_text("待审核")
    topic = Topic.objects.get()

    # The branch secretary reviews it from the workbench and approves it.
    desk = open_page()
    desk.goto("/")
    log_in(desk, SECRETARY)
    desk.get_by_text("议题待审核").click()
    desk.get_by_role("link", name="小区东门增设充电棚").click()
    desk.get_by_role("button", name="审核通过").click()
    expect(desk.locator("#topic-status")).to_have_text("征集需求")
    screenshot(desk, "deliberation-approved")

    # Needs are collected, then opinions; the topic goes to a resident poll.
    desk.get_by_role("button", name="结束需求征集，开始征求意见").click()
    expect(desk.locator("#topic-status")).to_have_text("征求意见")
    desk.get_by_text("提交会议协商或投票表决").click()
    desk.get_by_label("决策方式").select_option(label="投票表决")
    desk.get_by_role("button", name="提交", exact=True).click()
    expect(desk.locator("#topic-status")).to_have_text("会议协商/表决")
    desk.get_by_label("选项（每行一个）").fill("同意\n不同意")
    desk.get_by_role("button", name="发起投票").click()
    expect(desk.locator("main")).to_contain_text("居民可在手机上投票")

    # Residents vote on their phones, from the topic page.
    for number, choice in ((PROPOSER, "同意"), (NEIGHBOUR, "同意")):
        voter = open_page(viewport=PHONE)
        voter.goto(f"/deliberation/topics/{topic.pk}/")
        log_in(voter, number)
        voter.locator("#poll").get_by_role("link", name="小区东门增设充电棚").click()
        voter.get_by_label(choice, exact=True).check()
        assert no_horizontal_scroll(voter)
        voter.get_by_role("button", name="提交投票").click()
        expect(voter.locator("main")).to_contain_text("投票成功")
    screenshot(voter, "deliberation-vote-phone")

    # The branch closes the poll; the result appears on the topic page.
    desk.locator("#poll").get_by_role("link", name="小区东门增设充电棚").click()
    desk.get_by_role("button", name="结束投票并计票").click()
    expect(desk.locator("main")).to_contain_text("投票已结束")
    phone.goto(f"/deliberation/topics/{topic.pk}/")
    expect(phone.locator("#poll-summary")).to_contain_text("已投 2")
    expect(phone.locator("#poll")).to_contain_text("同意：2")
    assert no_horizontal_scroll(phone)
    screenshot(phone, "deliberation-result-phone")

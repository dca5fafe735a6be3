"""业委会换届 in a real browser: a 业委会 member recommends a candidate, the branch secretary finds it on the
workbench, rejects one without a reason (refused, in Chinese), then approves and records the talk."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.owners.models import CandidateReview, CandidateStatus
from linli.party.tests.factories import make_body
from linli.places.tests.factories import user_with_role

from .test_login_journeys import log_in

pytestmark = pytest.mark.browser


def test_candidate_is_recommended_then_reviewed_by_the_branch(browser_world, open_page, screenshot):
    world = browser_world
    committee = make_body(world.compound_a1)
    user_with_role(Role.OWNERS_COMMITTEE, place=world.compound_a1, phone="13700000401", name="孙业委")
    user_with_role(Role.BRANCH_SECRETARY, place=world.compound_a1, phone="13700000402", name="吴书记")

    page = open_page()
    page.goto("/owners/candidates/new/")
    log_in(page, "13700000401")
    page.get_by_label("拟任组织").select_option(str(committee.pk))
    page.get_by_label("候选人姓名").fill("陈立群")
    page.get_by_label("党员", exact=True).check()
    page.get_by_role("button", name="提交党组织审查").click()
    expect(page.locator("main")).to_contain_text("待审查")
    page.get_by_role("button", name="退出").click()

    page.goto("/")
    log_in(page, "13700000402")
    page.get_by_role("link", name="待审查的业委会候选人").click()
    page.get_by_role("link", name="陈立群").click()
    page.get_by_role("button", name="审查不通过").click()
    review = CandidateReview.objects.get()
    assert review.status == CandidateStatus.PENDING  # the browser refuses the empty reason
    page.get_by_role("button", name="审查通过").click()
    expect(page.locator("main")).to_contain_text("审查通过")
    page.get_by_label("谈话日期").fill(timezone.localdate().isoformat())
    page.get_by_label("谈话记录").fill("谈履职承诺，提醒遵守议事规则。")
    page.get_by_role("button", name="保存谈话记录").click()
    expect(page.locator("main")).to_contain_text("谈履职承诺")
    screenshot(page, "owners-candidate-reviewed")
    review.refresh_from_db()
    assert (review.status, review.talk_note) == (CandidateStatus.APPROVED, "谈履职承诺，提醒遵守议事规则。")

"""Role × scope for the property rules: the rule (policy.may) and the selector agree, a 小区's property
staff reach their 小区 only, and everything of another 小区 answers 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.appeals.services import workflow as wf
from linli.appeals.tests.factories import Cast, category
from linli.core import policy, uscc
from linli.core.roles import Role
from linli.places.tests.factories import PASSWORD, user_with_role
from linli.property import campaigns, fees, rules, services
from linli.property import work_selectors as ws
from linli.property.models import CampaignItem, FeeBill, PropertyCompany

pytestmark = pytest.mark.django_db

# (who, where) → what they reach of 小区 A1: fees, company & campaign items, rectify, disputes
MATRIX = [
    ("staff_a1", Role.PROPERTY_STAFF, "compound_a1", True, True, True, True),
    ("staff_b1", Role.PROPERTY_STAFF, "compound_b1", False, False, False, False),
    ("branch_a1", Role.BRANCH_SECRETARY, "compound_a1", False, True, False, True),
    ("owners_a1", Role.OWNERS_COMMITTEE, "compound_a1", False, False, False, False),
    ("worker_a", Role.COMMUNITY_WORKER, "community_a", True, True, True, True),
    ("secretary_b", Role.COMMUNITY_SECRETARY, "community_b", False, False, False, False),
    ("street", Role.STREET_OFFICIAL, "street", True, True, True, True),
    ("resident_a1", Role.RESIDENT, "home_a1", False, False, False, False),
]


@pytest.fixture
def a1(world):
    """One of each property object in 小区 A1."""
    cast = Cast(world)
    street = user_with_role(Role.STREET_OFFICIAL, place=world.street)
    company = services.company_register(
        actor=street, name="春晖物业", uscc_code=uscc.make("91", "430699", "MA4L0003")
    )
    today = timezone.localdate()
    services.contract_sign(
        actor=street,
        company=company,
        compound=world.compound_a1,
        start=today - dt.timedelta(days=10),
        end=today + dt.timedelta(days=300),
        service_level="2",
        fee_standard="1.00",
    )
    bill, _ = fees.fee_bill_set(actor=street, household=cast.home, period="2026", due="100")
    campaign = campaigns.campaign_start(
        actor=street,
        title="专项整治",
        scope=world.compound_a1,
        starts=today,
        ends=today + dt.timedelta(days=9),
    )
    item = campaigns.campaign_item_add(
        actor=street, campaign=campaign, compound=world.compound_a1, problem="消防通道堵塞", deadline=today
    )
    appeal = cast.report(text="单元门禁坏了")
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    return {"bill": bill, "company": company, "campaign": campaign, "item": item, "appeal": appeal}


def _user(world, role, where):
    place = world.households[world.compound_a1.code][0] if where == "home_a1" else getattr(world, where)
    return user_with_role(role, place=place)


@pytest.mark.parametrize(("who", "role", "where", "fees_", "view", "rectify", "disputes"), MATRIX)
def test_rule_and_selector_agree_for_each_role_and_place(
    world, a1, who, role, where, fees_, view, rectify, disputes
):
    user = _user(world, role, where)
    assert policy.may(user, rules.VIEW_FEES, a1["bill"]) is fees_
    assert (
        policy.visible(user, rules.VIEW_FEES, FeeBill.objects.all()).filter(pk=a1["bill"].pk).exists()
        is fees_
    )
    assert policy.may(user, rules.VIEW_PROPERTY, a1["company"]) is view
    assert (
        PropertyCompany.objects.filter(pk=a1["company"].pk)
        .filter(pk__in=policy.visible(user, rules.VIEW_PROPERTY, PropertyCompany.objects.all()))
        .exists()
        is view
    )
    assert ws.campaign_visible_to(user).filter(pk=a1["campaign"].pk).exists() is view
    assert ws.campaign_items_for(user=user, campaign=a1["campaign"]).filter(pk=a1["item"].pk).exists() is view
    assert policy.may(user, rules.RECTIFY_CAMPAIGN_ITEM, a1["item"]) is rectify
    assert ws.open_items(user=user).filter(pk=a1["item"].pk).exists() is rectify
    assert any(d.appeal.pk == a1["appeal"].pk for d in ws.dispute_list(user=user)) is disputes


@pytest.mark.parametrize(("who", "role", "where", "fees_", "view", "rectify", "disputes"), MATRIX)
def test_pages_of_compound_a1_answer_404_to_those_outside(
    client, world, a1, who, role, where, fees_, view, rectify, disputes
):
    user = _user(world, role, where)
    client.login(username=user.phone, password=PASSWORD)
    fee_page = client.get(reverse("property:fee-compound", args=[world.compound_a1.code]))
    assert fee_page.status_code == (200 if fees_ else 404)
    assert client.get(reverse("property:company", args=[a1["company"].pk])).status_code == (
        200 if view else 404
    )
    assert client.get(reverse("property:campaign", args=[a1["campaign"].pk])).status_code == (
        200 if view else 404
    )
    rectified = client.post(
        reverse("property:campaign-item-rectify", args=[a1["item"].pk]), {"evidence": "已整改"}
    )
    assert rectified.status_code == (302 if rectify else 404)
    assert (CampaignItem.objects.get(pk=a1["item"].pk).rectified_at is not None) is rectify

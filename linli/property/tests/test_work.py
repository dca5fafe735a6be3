"""The property company's work: 物业纠纷 from appeals, 集中整治 with rectification, and the workbench."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from linli.appeals.choices import Channel
from linli.appeals.models import Appeal
from linli.appeals.services import workflow as wf
from linli.appeals.tests.factories import Cast, category
from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role
from linli.core.workbench import collect
from linli.places.tests.factories import PASSWORD, user_with_role
from linli.property import campaigns, fees
from linli.property import work_selectors as ws
from linli.property.choices import CampaignStatus, EventKind
from linli.property.models import CampaignItem, PropertyEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(world):
    return Cast(world)


def login(client, user):
    client.login(username=user.phone, password=PASSWORD)


def received(cast, code, text, *, place=None):
    if place is None:
        appeal = cast.report(text=text)
        desk = cast.desk
    else:  # recorded by the other community's desk at a visit
        appeal = cast.report(text=text, place=place, actor=cast.outsider, channel=Channel.VISIT)
        desk = cast.outsider
    if appeal.status == "submitted":
        wf.appeal_receive(appeal=appeal, actor=desk, category=category(code))
    else:
        Appeal.objects.filter(pk=appeal.pk).update(category=category(code))
    return appeal


def test_property_staff_see_their_compounds_property_appeals_with_deadline_state(client, cast, world):
    lift = received(cast, "0103", "3栋电梯又停了，老人下不了楼")
    wf.appeal_dispatch(appeal=lift, actor=cast.desk, unit=cast.unit)
    fee = received(cast, "0104", "物业费涨价没有公示，服务态度也很差")  # routed to the community
    received(cast, "0201", "垃圾桶满了好几天没人清运")  # not a property matter
    b_home = world.households[world.compound_b1.code][0]
    received(cast, "0102", "秋实家园单元门坏了", place=b_home)
    login(client, cast.handler)
    html = client.get(reverse("property:disputes")).content.decode()
    assert lift.number in html and fee.number in html
    assert "垃圾桶" not in html and "秋实家园单元门" not in html
    assert "正常" in html or "即将到期" in html  # the dispatched lift appeal runs against its clock
    assert "未计时" in html  # the fee complaint is not yet dispatched
    # the dispatched one opens (the unit handles it); the community's one is listed without a link
    assert reverse("appeals:detail", args=[lift.pk]) in html
    assert reverse("appeals:detail", args=[fee.pk]) not in html


def test_overdue_disputes_are_flagged_and_first_on_the_workbench(client, cast):
    lift = received(cast, "0103", "电梯困人，请马上处理")
    wf.appeal_dispatch(appeal=lift, actor=cast.desk, unit=cast.unit)
    Appeal.objects.filter(pk=lift.pk).update(
        dispatched_at=timezone.now() - dt.timedelta(days=3), handle_due=timezone.now() - dt.timedelta(hours=1)
    )
    rows = ws.dispute_list(user=cast.handler)
    assert rows[0].state == "overdue"
    item = next(i for i in collect(cast.handler) if i.title == "物业纠纷待办")
    assert item.count == 1 and item.urgent and "1 件已超期" in item.hint
    login(client, cast.handler)
    assert "已超期" in client.get(reverse("property:disputes")).content.decode()


def test_residents_and_other_compounds_staff_cannot_open_the_dispute_list(client, cast, world):
    received(cast, "0102", "楼道灯坏了")
    login(client, cast.resident)
    assert client.get(reverse("property:disputes")).status_code == 403
    other = user_with_role(Role.PROPERTY_STAFF, place=world.compound_b1)
    assert ws.dispute_list(user=other) == []


# --- 集中整治 ----------------------------------------------------------------------------------------


@pytest.fixture
def street_campaign(world):
    official = user_with_role(Role.STREET_OFFICIAL, place=world.street)
    today = timezone.localdate()
    campaign = campaigns.campaign_start(
        actor=official,
        title="消防通道专项整治",
        scope=world.street,
        starts=today,
        ends=today + dt.timedelta(days=30),
    )
    a1 = campaigns.campaign_item_add(
        actor=official, campaign=campaign, compound=world.compound_a1, problem="消防通道堵塞", deadline=today
    )
    b1 = campaigns.campaign_item_add(
        actor=official,
        campaign=campaign,
        compound=world.compound_b1,
        problem="电动车楼道充电",
        deadline=today + dt.timedelta(days=7),
    )
    return official, campaign, a1, b1


def test_a_compounds_staff_see_the_street_campaign_but_only_their_own_items(client, world, street_campaign):
    _, campaign, a1, b1 = street_campaign
    staff = user_with_role(Role.PROPERTY_STAFF, place=world.compound_a1)
    login(client, staff)
    assert "消防通道专项整治" in client.get(reverse("property:campaigns")).content.decode()
    html = client.get(reverse("property:campaign", args=[campaign.pk])).content.decode()
    assert "消防通道堵塞" in html and "电动车楼道充电" not in html


def test_staff_rectify_their_item_with_evidence_once(client, world, street_campaign):
    official, campaign, a1, b1 = street_campaign
    staff = user_with_role(Role.PROPERTY_STAFF, place=world.compound_a1)
    login(client, staff)
    url = reverse("property:campaign-item-rectify", args=[a1.pk])
    assert client.post(url, {"evidence": ""}).status_code == 400
    assert client.post(url, {"evidence": "已清理杂物，照片存档 #12"}).status_code == 302
    a1.refresh_from_db()
    assert a1.rectified_at == timezone.localdate() and "照片" in a1.evidence
    with pytest.raises(Conflict):
        campaigns.campaign_item_rectify(actor=staff, item=a1, evidence="再来一次")
    assert (
        client.post(reverse("property:campaign-item-rectify", args=[b1.pk]), {"evidence": "x"}).status_code
        == 404
    )
    assert CampaignItem.objects.get(pk=b1.pk).rectified_at is None
    assert PropertyEvent.objects.filter(kind=EventKind.ITEM_RECTIFIED).count() == 1


def test_the_street_adds_items_only_inside_the_campaign_and_closes_it(client, world, street_campaign):
    official, campaign, a1, b1 = street_campaign
    community = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    with pytest.raises(PermissionDenied):
        campaigns.campaign_item_add(
            actor=community,
            campaign=campaign,
            compound=world.compound_a1,
            problem="x",
            deadline=campaign.ends,
        )
    narrow = campaigns.campaign_start(
        actor=official, title="小区整治", scope=world.community_b, starts=campaign.starts, ends=campaign.ends
    )
    with pytest.raises(DomainError, match="范围内的小区"):
        campaigns.campaign_item_add(
            actor=official, campaign=narrow, compound=world.compound_a1, problem="x", deadline=campaign.ends
        )
    login(client, official)
    response = client.post(
        reverse("property:campaign-item-new", args=[campaign.pk]),
        {"compound": world.compound_a2.code, "problem": "绿化带毁绿种菜", "deadline": "不是日期"},
    )
    assert response.status_code == 400 and "日期" in response.content.decode()
    assert client.post(reverse("property:campaign-close", args=[campaign.pk])).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    with pytest.raises(DomainError, match="已结束"):
        campaigns.campaign_item_add(
            actor=official, campaign=campaign, compound=world.compound_a2, problem="x", deadline=campaign.ends
        )


def test_a_community_worker_starts_a_campaign_through_the_page(client, world):
    worker = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    login(client, worker)
    response = client.post(
        reverse("property:campaign-new"),
        {
            "title": "垃圾清运专项整治",
            "scope": world.community_a.code,
            "starts": "2026-11-01",
            "ends": "2026-10-01",
        },
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    response = client.post(
        reverse("property:campaign-new"),
        {
            "title": "垃圾清运专项整治",
            "scope": world.street.code,
            "starts": "2026-11-01",
            "ends": "2026-12-01",
        },
    )
    assert response.status_code == 400  # the street is above the worker's community
    response = client.post(
        reverse("property:campaign-new"),
        {
            "title": "垃圾清运专项整治",
            "scope": world.community_a.code,
            "starts": "2026-11-01",
            "ends": "2026-12-31",
        },
    )
    assert response.status_code == 302
    assert PropertyEvent.objects.filter(kind=EventKind.CAMPAIGN_STARTED).count() == 1


# --- Workbench -----------------------------------------------------------------------------------------


def test_property_staff_workbench_lists_unpaid_households_and_campaign_items(client, world, street_campaign):
    staff = user_with_role(Role.PROPERTY_STAFF, place=world.compound_a1)
    year = str(timezone.localdate().year)
    for home in world.households[world.compound_a1.code][:2]:
        fees.fee_bill_set(actor=staff, household=home, period=year, due="100")
    titles = {i.title: i for i in collect(staff)}
    assert titles["物业费未缴清户"].count == 2
    assert titles["集中整治待整改"].count == 1
    login(client, staff)
    home = client.get(reverse("home")).content.decode()
    assert "物业费未缴清户" in home and "集中整治待整改" in home
    # the street official sees these on the pages, not as a daily list
    official = street_campaign[0]
    mine = {"物业费未缴清户", "集中整治待整改", "物业纠纷待办"}
    assert not [i for i in collect(official) if i.title in mine]

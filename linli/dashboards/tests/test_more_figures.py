"""The property-credit and points figures against hand counts, the 网格 ranking, and the "明细" links that
open the other modules' lists narrowed to the dashboard's node."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.appeals.choices import Status
from linli.core.frozen_time import frozen_at
from linli.core.roles import Role
from linli.dashboards import grid_rankings, refresh, selectors
from linli.dashboards.models import RankingWeight
from linli.dashboards.selectors import Filters
from linli.places.tests.factories import UserFactory, user_with_role
from linli.points import services as points
from linli.points.models import Account
from linli.property.models import CreditEntry, PropertyCompany, ServiceContract
from linli.visits.models import Patrol
from linli.volunteers import services as volunteers

from .test_dashboards import _appeal

pytestmark = pytest.mark.django_db


def _period():
    today = timezone.localdate()
    return Filters(start=today - timedelta(days=30), end=today)


def _company(name, uscc, admin, *, basic, good=0, blacklist=False):
    company = PropertyCompany.objects.create(name=name, uscc=uscc)
    today = timezone.localdate()
    for kind, points_ in (("basic", basic), ("good", good)):
        if points_:
            CreditEntry.objects.create(
                company=company,
                kind=kind,
                points=points_,
                reason="测试",
                source="manual",
                valid_from=today,
                created_by=admin,
            )
    if blacklist:
        CreditEntry.objects.create(
            company=company,
            kind="bad",
            points=-5,
            blacklist=True,
            reason="严重失信",
            source="manual",
            valid_from=today,
            created_by=admin,
        )
    return company


def _contract(company, compound, *, start, end):
    return ServiceContract.objects.create(
        company=company, compound=compound, start=start, end=end, service_level="一级", fee_standard=1
    )


def test_property_credit_figures_count_compounds_by_their_current_company(world):
    admin = UserFactory()
    today = timezone.localdate()
    good = _company("红星物业", "91430600MA4L000001", admin, basic=80, good=10)  # 90 → AAA
    weak = _company("黑石物业", "91430600MA4L000002", admin, basic=50)  # 50 → C
    listed = _company("失信物业", "91430600MA4L000003", admin, basic=80, blacklist=True)
    _contract(good, world.compound_a1, start=today - timedelta(days=300), end=today + timedelta(days=60))
    _contract(weak, world.compound_a2, start=today - timedelta(days=300), end=today + timedelta(days=60))
    # an expired contract does not count, and a newer current one replaces an older current one
    _contract(listed, world.compound_b1, start=today - timedelta(days=800), end=today - timedelta(days=10))
    refresh.refresh(full=True)
    a = {f.key: f for f in selectors.figures(world.community_a, _period())}
    assert (a["property_red"].numerator, a["property_red"].denominator) == (1, 2)
    assert a["property_red"].shown == "50.0%"
    assert a["property_black"].value == 1
    b = {f.key: f for f in selectors.figures(world.community_b, _period())}
    assert b["property_red"].value is None and b["property_black"].value is None
    street = {f.key: f for f in selectors.figures(world.street, _period())}
    assert (street["property_red"].numerator, street["property_red"].denominator) == (1, 2)
    _contract(listed, world.compound_b1, start=today - timedelta(days=5), end=today + timedelta(days=360))
    refresh.refresh(full=True)
    street = {f.key: f for f in selectors.figures(world.street, _period())}
    assert (street["property_red"].numerator, street["property_red"].denominator) == (1, 3)
    assert street["property_black"].value == 2  # C and 黑名单


def test_points_figures_sum_this_years_issued_and_redeemed_points(world):
    desk = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    with frozen_at(timezone.now() - timedelta(days=3)):
        volunteer = volunteers.volunteer_register(actor=desk, user=UserFactory(), place=world.compound_a1)
    account = Account.objects.get(volunteer=volunteer)
    points.honour_add(actor=desk, account=account, hours=6, reason="防汛值守")
    wrong = points.honour_add(actor=desk, account=account, hours=2, reason="重复")
    points.entry_reverse(actor=desk, entry=wrong, reason="重复录入")
    reward = points.reward_create(actor=desk, place=world.community_a, name="洗衣液", cost=4, stock=3)
    points.redeem(actor=volunteer.user, reward=reward)
    refresh.refresh(full=True)
    a = {f.key: f for f in selectors.figures(world.community_a, _period())}
    assert a["points_issued"].value == 6  # 6 + 2, less the reversed 2
    assert a["points_redeemed"].value == 4
    compound = {f.key: f for f in selectors.figures(world.compound_a1, _period())}
    assert compound["points_issued"].value == 6
    b = {f.key: f for f in selectors.figures(world.community_b, _period())}
    assert b["points_issued"].value is None


def test_grids_of_a_community_are_ranked_by_weighted_indicators(world, client):
    a1 = world.households[world.compound_a1.code][0]
    a2 = world.households[world.compound_a2.code][0]
    now = timezone.now()
    _appeal(
        a1, status=Status.RATED, satisfaction="satisfied", closed_at=now, reply="好", grid_code=a1.grid.code
    )
    _appeal(a2, status=Status.IN_PROGRESS, grid_code=a2.grid.code)
    worker = user_with_role(Role.GRID_WORKER, grid=world.grid_a1)
    for _ in range(3):
        Patrol.objects.create(
            worker=worker, grid=world.grid_a1, grid_code=world.grid_a1.code, checked_in_at=timezone.now()
        )
    ranked, spec = grid_rankings.rank_grids(world.community_a, _period())
    assert spec == grid_rankings.DEFAULT_WEIGHTS
    by_grid = {r.grid: r for r in ranked}
    first, second = by_grid[world.grid_a1], by_grid[world.grid_a2]
    # 第一网格: closure 1/1 (30), satisfaction 1/1 (30), coverage 0/3 (0 of 25), patrols 3 = best (15) → 75/100
    assert first.score == 75 and first.rank == 1
    # 第二网格: closure 0/1 (0 of 30), no ratings (left out), coverage 0 (0 of 25), patrols 0 (0 of 15) → 0/70
    assert second.score == 0 and second.rank == 2
    assert grid_rankings.rank_grids(world.compound_a1, _period()) == ([], [])
    assert [r.grid for r in grid_rankings.rank_grids(world.community_b, _period())[0]] == [world.grid_b1]
    RankingWeight.objects.create(level=grid_rankings.GRID_LEVEL, metric="grid:patrols", weight=10)
    ranked, spec = grid_rankings.rank_grids(world.community_a, _period())
    assert spec == [("grid:patrols", 10)] and ranked[0].grid == world.grid_a1 and ranked[0].score == 100

    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    text = client.get(reverse("dashboards:rankings", args=[world.community_a.code])).content.decode()
    assert "网格评比" in text and "春晖第一网格" in text and "秋实第一网格" not in text


def test_figure_links_open_the_records_narrowed_to_the_node(world, client):
    refresh.refresh(full=True)
    links = {f.key: f.url for f in selectors.figures(world.compound_a1, _period())}
    code = world.compound_a1.code
    assert links["appeals_open"] == reverse("appeals:list") + f"?place={code}"
    assert links["households"] == reverse("places:detail", args=[code])
    assert links["residents"] == reverse("people:ledger") + f"?place={code}"
    assert links["mediation_in_compound"] == reverse("mediation:list") + f"?place={code}"
    assert links["deliberations"] == reverse("deliberation:topics") + f"?place={code}"
    assert links["projects"] == reverse("projects:lists") + f"?compound={code}"

    from linli.mediation.choices import DisputeType, Origin
    from linli.mediation.models import MediationCase

    def case(place, title):
        return MediationCase.objects.create(
            title=title,
            dispute_type=DisputeType.values[0],
            origin=Origin.values[0],
            compound=place,
            place_code=place.code,
            facts="邻居漏水",
            registered_by=UserFactory(),
            registered_at=timezone.now(),
        )

    case(world.compound_a1, "楼上漏水纠纷")
    case(world.compound_a2, "停车位纠纷")
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    everything = client.get(reverse("mediation:list")).content.decode()
    assert "楼上漏水纠纷" in everything and "停车位纠纷" in everything
    narrowed = client.get(reverse("mediation:list"), {"place": code}).content.decode()
    assert "楼上漏水纠纷" in narrowed and "停车位纠纷" not in narrowed
    assert f"只看“{world.compound_a1.name}”范围内的记录" in narrowed
    assert client.get(reverse("mediation:list"), {"place": "<script>"}).status_code == 200
    topics = client.get(reverse("deliberation:topics"), {"place": code})
    assert topics.status_code == 200


def test_hotspots_list_the_compounds_with_the_most_appeals_first(world, client):
    a1 = world.households[world.compound_a1.code][0]
    a2 = world.households[world.compound_a2.code][0]
    for _ in range(3):
        _appeal(a2)
    _appeal(a1, status=Status.CLOSED, closed_at=timezone.now(), reply="已修好")
    _appeal(world.households[world.compound_b1.code][0])
    refresh.refresh(full=True)
    spots = selectors.hotspots(world.community_a, _period())
    assert [(h.place, h.submitted, h.closed) for h in spots] == [
        (world.compound_a2, 3, 0),
        (world.compound_a1, 1, 1),
    ]
    assert [h.place for h in selectors.hotspots(world.street, _period())][:2] == [
        world.compound_a2,
        world.compound_a1,
    ]
    assert selectors.hotspots(world.compound_a1, _period()) == []
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    text = client.get(reverse("dashboards:node", args=[world.community_a.code])).content.decode()
    assert (
        "诉求热点小区" in text
        and world.compound_b1.name not in text.split("诉求热点小区")[1].split("</table>")[0]
    )


def test_consensus_rate_counts_decided_topics_that_reached_consensus(world):
    from linli.deliberation.choices import ProposerBody, TopicCategory, TopicStatus
    from linli.deliberation.models import Topic

    author = UserFactory()
    for status, agreed in (
        (TopicStatus.CLOSED, True),
        (TopicStatus.IMPLEMENTING, False),
        (TopicStatus.DECIDING, True),
    ):
        Topic.objects.create(
            place=world.compound_a1,
            title="加装电梯",
            description="一单元加装电梯",
            category=TopicCategory.values[0],
            proposer=author,
            proposer_body=ProposerBody.values[0],
            steward=author,
            status=status,
            is_consensus=agreed,
        )
    refresh.refresh(full=True)
    figs = {f.key: f for f in selectors.figures(world.community_a, _period())}
    assert (figs["consensus"].numerator, figs["consensus"].denominator) == (1, 2)

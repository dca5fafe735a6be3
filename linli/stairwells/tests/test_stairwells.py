"""楼道"一长二员": the monthly plan from the ledger with the 四必联 tasks, star-rating arithmetic on
hand-computed figures, 先锋楼道, scope."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role
from linli.people import services as people
from linli.people.models import Person, Tag
from linli.places.tests.factories import user_with_role
from linli.stairwells import indicators, selectors, services
from linli.stairwells.choices import Indicator, PlanKind
from linli.stairwells.models import Rating
from linli.visits.services import visit_record

pytestmark = pytest.mark.django_db

CRITERIA = [
    (Indicator.VISIT_COVERAGE, 40, Decimal(100)),
    (Indicator.APPEALS_SOLVED, 30, Decimal(90)),
    (Indicator.VOLUNTEER_HOURS, 20, Decimal("0.5")),
    (Indicator.ACTIVITIES, 10, Decimal(5)),
]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"visit_coverage": 100, "appeals_solved": 90, "volunteer_hours": 0.5, "activities": 5}, "100.0"),
        ({"visit_coverage": 50, "appeals_solved": 45, "volunteer_hours": 0.25, "activities": 0}, "45.0"),
        # No appeals: that criterion is left out, the others count out of 70.
        ({"visit_coverage": 100, "appeals_solved": None, "volunteer_hours": 0, "activities": 0}, "57.1"),
        ({"visit_coverage": 120, "appeals_solved": 100, "volunteer_hours": 3, "activities": 50}, "100.0"),
        ({"visit_coverage": None, "appeals_solved": None, "volunteer_hours": None, "activities": 0}, "0.0"),
    ],
)
def test_score_is_weighted_and_capped_per_criterion(values, expected):
    assert indicators.score(values, CRITERIA) == Decimal(expected)


@pytest.mark.parametrize(
    ("score", "stars"),
    [("100", 5), ("90", 5), ("89.9", 4), ("75", 4), ("60", 3), ("40", 2), ("39.9", 1), ("0", 1)],
)
def test_stars_by_score(score, stars):
    assert indicators.stars(Decimal(score)) == stars


@pytest.fixture
def team(world):
    unit = world.unit_of(world.compound_a1)
    return {
        "unit": unit,
        "leader": user_with_role(Role.STAIRWELL_LEADER, place=unit, name="朱楼道长"),
        "informant": user_with_role(Role.INFORMANT, place=unit, name="胡信息员"),
        "desk": user_with_role(Role.COMMUNITY_WORKER, place=world.community_a),
    }


def test_the_plan_covers_every_household_vulnerable_first_with_four_contacts_tasks(world, team):
    homes = world.households[world.compound_a1.code]
    elder = Person.objects.filter(household=homes[2]).first()
    people.tag_add(
        actor=team["desk"],
        tag=Tag.objects.get(code="living_alone"),
        person=elder,
        since=timezone.localdate() - timedelta(days=100),
    )
    people.occasion_record(
        actor=team["desk"],
        household=homes[1],
        kind="happy",
        title="孩子满月",
        on=timezone.localdate() - timedelta(days=3),
    )
    month = timezone.localdate().replace(day=1)
    plan = services.plan_generate(actor=team["leader"], unit=team["unit"], month=month)
    items = selectors.plan_items(plan)
    monthly = [i for i in items if i.kind == PlanKind.MONTHLY]
    assert [i.household for i in monthly][0] == homes[2] and monthly[0].week == 1
    assert {i.household for i in monthly} == set(homes)
    assert {i.assignee for i in monthly} == {team["leader"], team["informant"]}
    four = {i.household: i.reason for i in items if i.kind == PlanKind.FOUR_CONTACTS}
    assert four == {homes[1]: "喜事：孩子满月", homes[2]: "空巢留守：独居老人"}
    with pytest.raises(Conflict, match="已生成"):
        services.plan_generate(actor=team["leader"], unit=team["unit"], month=month)
    visit_record(actor=team["leader"], household=homes[0], kind="monthly", outcome="met")
    done = {i.household for i in selectors.plan_items(plan) if i.done}
    assert done == {homes[0]}


def test_rating_uses_the_months_figures(world, team):
    homes = world.households[world.compound_a1.code]
    for home in homes[:2]:
        visit_record(actor=team["leader"], household=home, kind="monthly", outcome="met")
    month = timezone.localdate().replace(day=1)
    assert services.rate_month(actor=team["desk"], under=world.compound_a1, month=month) == 1
    rating = Rating.objects.get(unit=team["unit"], period=month)
    assert rating.values == {
        "visit_coverage": 66.7,
        "appeals_solved": None,
        "volunteer_hours": 0.0,
        "activities": 0,
    }
    # 40 × 0.667 out of 70 (no appeals this month) → 38.1 points → 1 star
    assert (rating.score, rating.stars) == (Decimal("38.1"), 1)
    with pytest.raises(DomainError, match="四星及以上"):
        services.award_pioneer(actor=team["desk"], unit=team["unit"], month=month)


def test_a_four_star_stairwell_becomes_pioneer_once(world, team):
    month = timezone.localdate().replace(day=1)
    Rating.objects.create(unit=team["unit"], period=month, values={}, score=Decimal("92"), stars=5)
    award = services.award_pioneer(actor=team["desk"], unit=team["unit"], month=month, reason="走访全覆盖")
    assert award.title == "先锋楼道"
    with pytest.raises(Conflict):
        services.award_pioneer(actor=team["desk"], unit=team["unit"], month=month)


def test_the_team_opens_its_plan_and_another_community_cannot(client, world, team):
    client.force_login(team["leader"])
    page = client.get(reverse("stairwells:index"), follow=True)
    assert "走访计划" in page.content.decode()
    page = client.post(reverse("stairwells:plan", args=[team["unit"].code]), follow=True)
    text = page.content.decode()
    assert "已按居民台账生成本月走访计划" in text and "胡信息员" in text
    client.force_login(user_with_role(Role.COMMUNITY_WORKER, place=world.community_b))
    assert client.get(reverse("stairwells:plan", args=[team["unit"].code])).status_code == 404


def test_staff_rate_a_compound_and_see_the_stars(client, world, team):
    client.force_login(team["desk"])
    page = client.post(
        reverse("stairwells:ratings"), {"action": "rate", "under": world.compound_a1.code}, follow=True
    )
    text = page.content.decode()
    assert "已评定 春晖花园 1 个楼道" in text and "★" in text and "无诉求" in text

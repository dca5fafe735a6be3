"""Points: the rules and caps, the append-only ledger with reversals, rewards with stock, per-person
limits in a window, and a balance that never goes below zero."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from linli.core.exceptions import Conflict, DomainError
from linli.core.frozen_time import frozen_at
from linli.core.roles import Role
from linli.places.tests.factories import UserFactory, user_with_role
from linli.points import services
from linli.points.choices import EntryKind, Window
from linli.points.models import Account, Entry
from linli.volunteers import services as volunteers

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("minutes", "per_hour", "points"),
    [(0, 1, 0), (59, 1, 0), (60, 1, 1), (150, 1, 2), (150, 2, 5), (-5, 1, 0)],
)
def test_hours_become_whole_points(minutes, per_hour, points):
    assert services.points_for(minutes, per_hour=per_hour) == points


@pytest.mark.parametrize(
    ("points", "activity_cap", "day_cap", "earned", "award"),
    [(3, 8, 10, 0, 3), (12, 8, 10, 0, 8), (5, 8, 10, 7, 3), (5, 8, 10, 10, 0), (5, 8, 10, 12, 0)],
)
def test_caps_per_activity_and_per_day(points, activity_cap, day_cap, earned, award):
    assert (
        services.capped(points, activity_cap=activity_cap, day_cap=day_cap, earned_that_day=earned) == award
    )


@pytest.mark.parametrize(
    ("window", "day", "key"),
    [
        (Window.QUARTER, date(2026, 11, 23), "2026Q4"),
        (Window.MONTH, date(2026, 1, 5), "2026-01"),
        (Window.YEAR, date(2026, 4, 1), "2026"),
        (Window.NONE, date(2026, 4, 1), "-"),
    ],
)
def test_redemption_windows(window, day, key):
    assert services.window_key(window, day) == key


@pytest.fixture
def market(world):
    desk = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    with frozen_at(timezone.now() - timedelta(days=30)):  # a volunteer since last month
        volunteer = volunteers.volunteer_register(actor=desk, user=UserFactory(), place=world.compound_a1)
    account = Account.objects.get(volunteer=volunteer)
    reward = services.reward_create(
        actor=desk, place=world.community_a, name="大米5公斤", cost=4, stock=2, per_person_limit=1
    )
    return desk, volunteer, account, reward


def _serve(desk, volunteer, world, *, hours: float, day_offset: int = 1, points_cap=None):
    start = timezone.now() - timedelta(days=day_offset)
    with frozen_at(start - timedelta(days=1)):
        activity = volunteers.activity_publish(
            actor=desk,
            place=world.compound_a1,
            title="巡逻",
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            capacity=5,
            points_cap=points_cap,
        )
        signup = volunteers.sign_up(actor=volunteer.user, activity=activity)
    return volunteers.attendance_confirm(actor=desk, signup=signup)


def test_the_daily_cap_limits_several_activities_on_one_day(world, market, settings):
    settings.LINLI_POINTS_DAILY_CAP = 5
    desk, volunteer, account, _ = market
    _serve(desk, volunteer, world, hours=3)
    _serve(desk, volunteer, world, hours=4)
    amounts = list(Entry.objects.filter(account=account).order_by("id").values_list("amount", flat=True))
    assert amounts == [3, 2]
    account.refresh_from_db()
    assert (account.balance, account.minutes) == (5, 420)


def test_an_activity_may_set_a_lower_cap(world, market):
    desk, volunteer, account, _ = market
    _serve(desk, volunteer, world, hours=6, points_cap=2)
    account.refresh_from_db()
    assert account.balance == 2


def test_honour_hours_need_a_reason_pay_points_and_a_reversal_is_a_new_entry(world, market):
    desk, _, account, _ = market
    with pytest.raises(DomainError, match="事由"):
        services.honour_add(actor=desk, account=account, hours=5, reason="")
    with pytest.raises(DomainError, match="荣誉时长"):
        services.honour_add(actor=desk, account=account, hours="两小时", reason="抗洪抢险表现突出")
    honour = services.honour_add(actor=desk, account=account, hours=5, reason="抗洪抢险表现突出")
    account.refresh_from_db()
    assert (honour.amount, honour.minutes, account.minutes) == (5, 300, 300)  # hours count like service
    reversal = services.entry_reverse(actor=desk, entry=honour, reason="重复录入")
    assert (reversal.amount, reversal.reverses, reversal.balance_after) == (-5, honour, 0)
    account.refresh_from_db()
    assert account.minutes == 0
    with pytest.raises(Conflict):
        services.entry_reverse(actor=desk, entry=honour, reason="再冲一次")
    honour.reason = "改写"
    with pytest.raises(ValidationError):
        honour.save()
    assert list(Entry.objects.filter(account=account).order_by("id").values_list("kind", flat=True)) == [
        EntryKind.HONOUR,
        EntryKind.REVERSAL,
    ]


def test_spent_points_cannot_be_reversed_below_zero(world, market):
    desk, volunteer, account, reward = market
    honour = services.honour_add(actor=desk, account=account, hours=4, reason="表彰")
    services.redeem(actor=volunteer.user, reward=reward)
    with pytest.raises(Conflict, match="余额不足以冲正"):
        services.entry_reverse(actor=desk, entry=honour, reason="冲正")
    account.refresh_from_db()
    assert account.balance == 0


def test_redemption_checks_balance_limit_and_stock(world, market):
    desk, volunteer, account, reward = market
    with pytest.raises(Conflict, match="余额不足"):
        services.redeem(actor=volunteer.user, reward=reward)
    services.honour_add(actor=desk, account=account, hours=20, reason="表彰")
    services.redeem(actor=volunteer.user, reward=reward)
    with pytest.raises(Conflict, match="本季度每人限兑 1 次"):
        services.redeem(actor=volunteer.user, reward=reward)
    other = volunteers.volunteer_register(actor=desk, user=UserFactory(), place=world.compound_a1)
    services.honour_add(actor=desk, account=Account.objects.get(volunteer=other), hours=20, reason="表彰")
    services.redeem(actor=other.user, reward=reward)
    third = volunteers.volunteer_register(actor=desk, user=UserFactory(), place=world.compound_a1)
    services.honour_add(actor=desk, account=Account.objects.get(volunteer=third), hours=20, reason="表彰")
    with pytest.raises(Conflict, match="已兑完"):
        services.redeem(actor=third.user, reward=reward)
    account.refresh_from_db()
    assert account.balance == 16 and Account.objects.get(volunteer=third).balance == 20


def test_a_volunteer_redeems_on_the_market_page(client, world, market):
    desk, volunteer, account, reward = market
    services.honour_add(actor=desk, account=account, hours=6, reason="表彰")
    client.force_login(volunteer.user)
    page = client.get(reverse("points:home"))
    assert page.status_code == 200 and "大米5公斤" in page.content.decode()
    page = client.post(reverse("points:redeem", args=[reward.pk]), follow=True)
    assert "已兑换“大米5公斤”" in page.content.decode()
    page = client.post(reverse("points:redeem", args=[reward.pk]), follow=True)
    assert "每人限兑" in page.content.decode()
    client.force_login(desk)
    assert "待领取的兑换" in client.get(reverse("points:home")).content.decode()


def test_another_community_cannot_open_an_account(client, world, market):
    _, _, account, _ = market
    client.force_login(user_with_role(Role.COMMUNITY_WORKER, place=world.community_b))
    assert client.get(reverse("points:account", args=[account.pk])).status_code == 404

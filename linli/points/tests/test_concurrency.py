"""Many simultaneous requests on PostgreSQL: never over capacity, never a negative or double-spent balance."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from linli.core.exceptions import DomainError
from linli.core.roles import Role
from linli.places.tests.factories import UserFactory, make_world, user_with_role
from linli.points import services
from linli.points.models import Account, Entry, Redemption
from linli.volunteers import services as volunteers
from linli.volunteers.models import Activity, SignUp

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _race(n: int, work) -> list:
    start = threading.Barrier(n)
    results: list = []

    def run(i):
        try:
            start.wait()
            results.append(work(i))
        except DomainError as exc:
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.fixture
def setup():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for truly concurrent connections")
    world = make_world()
    desk = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    return world, desk


def test_concurrent_sign_ups_never_over_fill_an_activity(setup):
    world, desk = setup
    start = timezone.now() + timedelta(hours=2)
    activity = volunteers.activity_publish(
        actor=desk,
        place=world.compound_a1,
        title="巡逻",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=5,
    )
    people = [
        volunteers.volunteer_register(actor=desk, user=UserFactory(), place=world.compound_a1)
        for _ in range(12)
    ]
    results = _race(12, lambda i: volunteers.sign_up(actor=people[i].user, activity=activity))
    assert sum(1 for r in results if not isinstance(r, DomainError)) == 5
    assert Activity.objects.get(pk=activity.pk).signed_count == 5
    assert SignUp.objects.filter(activity=activity).count() == 5


def test_simultaneous_redemptions_never_spend_the_same_points_twice(setup):
    world, desk = setup
    volunteer = volunteers.volunteer_register(actor=desk, user=UserFactory(), place=world.compound_a1)
    account = Account.objects.get(volunteer=volunteer)
    services.honour_add(actor=desk, account=account, hours=10, reason="表彰")
    rewards = [
        services.reward_create(
            actor=desk, place=world.community_a, name=f"奖品{i}", cost=4, stock=100, per_person_limit=5
        )
        for i in range(8)
    ]
    results = _race(8, lambda i: services.redeem(actor=volunteer.user, reward=rewards[i]))
    done = [r for r in results if not isinstance(r, DomainError)]
    assert len(done) == 2  # 10 points, 4 each
    account.refresh_from_db()
    assert account.balance == 2
    spent = -sum(Entry.objects.filter(account=account, amount__lt=0).values_list("amount", flat=True))
    assert spent == 8 and Redemption.objects.count() == 2


def test_simultaneous_redemptions_of_one_reward_respect_the_per_person_limit(setup):
    world, desk = setup
    volunteer = volunteers.volunteer_register(actor=desk, user=UserFactory(), place=world.compound_a1)
    account = Account.objects.get(volunteer=volunteer)
    services.honour_add(actor=desk, account=account, hours=100, reason="表彰")
    reward = services.reward_create(
        actor=desk, place=world.community_a, name="大米", cost=3, stock=100, per_person_limit=2
    )
    _race(8, lambda i: services.redeem(actor=volunteer.user, reward=reward))
    assert Redemption.objects.filter(account=account, reward=reward).count() <= 2
    account.refresh_from_db()
    assert account.balance == 100 - 3 * Redemption.objects.filter(account=account).count()

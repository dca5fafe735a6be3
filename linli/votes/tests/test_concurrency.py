"""Many requests voting at the same moment (PostgreSQL: real concurrent connections): one vote per
elector holds — exactly one counted, the others get a clear Chinese conflict, nothing half-written."""

import threading

import pytest
from django.db import connection, connections

from linli.core.exceptions import Conflict
from linli.places.tests.factories import make_world
from linli.votes import services
from linli.votes.models import Ballot, Mark, Participation

from .factories import opinion_poll, resident, staff

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def race(n, action):
    """Run ``action(i)`` in ``n`` threads released together; returns (results, conflicts, others)."""
    start = threading.Barrier(n)
    results, conflicts, others = [], [], []

    def run(i):
        try:
            start.wait()
            results.append(action(i))
        except Conflict as exc:
            conflicts.append(exc)
        except Exception as exc:  # collected, so the test shows anything unexpected
            others.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, conflicts, others


def test_twelve_simultaneous_votes_of_one_household_count_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for truly concurrent connections")
    world = make_world()
    poll = opinion_poll(world, staff(world))
    home = world.households[world.compound_a1.code][0]
    owner, spouse = resident(home), resident(home, owner=False)
    options = list(poll.options.values_list("pk", flat=True))

    def vote(i):
        return services.ballot_cast(actor=owner if i % 2 else spouse, poll=poll, option_ids=[options[i % 3]])

    results, conflicts, others = race(12, vote)
    assert others == []
    assert len(results) == 1 and len(conflicts) == 11
    assert all("该户已经投过票" in c.message for c in conflicts)
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert Mark.objects.filter(ballot__poll=poll).count() == 1


def test_paper_entry_and_online_vote_racing_for_one_voter_count_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for truly concurrent connections")
    world = make_world()
    desk = staff(world)
    poll = opinion_poll(world, desk, secret=True)
    home = world.households[world.compound_a1.code][1]
    voter = resident(home)
    elector = poll.electors.get(household=home)
    option = poll.options.first().pk

    def act(i):
        if i % 2:
            return services.paper_ballot_enter(actor=desk, poll=poll, elector=elector, option_ids=[option])
        return services.ballot_cast(actor=voter, poll=poll, option_ids=[option])

    results, conflicts, others = race(8, act)
    assert others == [] and len(results) == 1 and len(conflicts) == 7
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1

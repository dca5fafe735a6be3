"""The demo polls: built through the services on the demo district, quick, idempotent."""

import time
from io import StringIO

import pytest

from linli.accounts.models import User
from linli.core.demo import SCALES, DemoContext, builders
from linli.votes import selectors
from linli.votes.choices import Outcome, PollKind, PollStatus
from linli.votes.models import Ballot, Poll

pytestmark = pytest.mark.django_db


def test_demo_has_an_open_poll_for_the_resident_and_closed_votes_with_results():
    ctx = DemoContext(scale=SCALES["small"], seed=2026, out=StringIO())
    wanted = {"地点与网格", "账号与角色", "居民", "表决"}
    steps = [build for label, build in builders() if label in wanted]
    assert len(steps) == 4
    for build in steps[:-1]:
        build(ctx)
    started = time.monotonic()
    steps[-1](ctx)
    print(f"votes demo: {time.monotonic() - started:.1f}s")
    resident = User.objects.get(phone="13800000020")
    assert [p.status for p in selectors.polls_awaiting_vote(user=resident)] == [PollStatus.OPEN]
    assemblies = Poll.objects.filter(kind=PollKind.ASSEMBLY)
    assert sorted(p.outcome for p in assemblies) == sorted([Outcome.PASSED, Outcome.NO_QUORUM])
    closed = Poll.objects.get(kind=PollKind.OPINION, status=PollStatus.CLOSED)
    assert closed.secret and not Ballot.objects.filter(poll=closed, elector__isnull=False).exists()
    assert sum(c.count for c in selectors.poll_result(poll=closed).options) > 0
    count = Poll.objects.count()
    steps[-1](ctx)
    assert Poll.objects.count() == count == 4

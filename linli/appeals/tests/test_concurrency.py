"""Many people acting on one work order at the same moment (PostgreSQL: real concurrent connections):
exactly one wins, the others get a conflict, nothing is lost or written twice."""

import threading

import pytest
from django.db import connection, connections

from linli.appeals.choices import EventKind, Status
from linli.appeals.models import Appeal
from linli.appeals.services import workflow as wf
from linli.appeals.tests.factories import Cast, category
from linli.core.exceptions import Conflict
from linli.core.roles import Role
from linli.places.tests.factories import make_world, user_with_role

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def race(n, action):
    """Run ``action(i)`` in ``n`` threads released together; returns (results, errors)."""
    start = threading.Barrier(n)
    results, errors = [], []

    def run(i):
        try:
            start.wait()
            results.append(action(i))
        except Conflict as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_eight_desks_dispatching_one_order_at_once_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for truly concurrent connections")
    cast = Cast(make_world())
    desks = [user_with_role(Role.COMMUNITY_WORKER, place=cast.world.community_a) for _ in range(8)]
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))

    def dispatch(i):
        stale = Appeal.objects.get(pk=appeal.pk)
        if i % 2:
            return wf.appeal_dispatch(appeal=stale, actor=desks[i], unit=cast.unit)
        return wf.appeal_postpone(appeal=stale, actor=desks[i], reason="等待维修资金审批后实施")

    results, errors = race(8, dispatch)
    assert len(results) == 1 and len(errors) == 7
    appeal.refresh_from_db()
    assert appeal.status in (Status.DISPATCHED, Status.POSTPONED)
    assert appeal.events.filter(kind__in=[EventKind.DISPATCHED, EventKind.POSTPONED]).count() == 1
    assert appeal.version == 2  # received, then exactly one more change


def test_handler_and_desk_racing_after_reply_never_lose_the_reply():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for truly concurrent connections")
    cast = Cast(make_world())
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    wf.appeal_dispatch(appeal=appeal, actor=cast.desk, unit=cast.unit)
    wf.appeal_sign(appeal=appeal, actor=cast.handler)

    def act(i):
        stale = Appeal.objects.get(pk=appeal.pk)
        if i == 0:
            return wf.appeal_reply(appeal=stale, actor=cast.handler, reply="门禁已修好，可以正常使用。")
        return wf.appeal_escalate(appeal=stale, actor=cast.desk, reason="需要街道协调供电部门")

    results, errors = race(2, act)
    assert len(results) == 1 and len(errors) == 1
    appeal.refresh_from_db()
    if appeal.status == Status.REPLIED:
        assert appeal.reply == "门禁已修好，可以正常使用。" and appeal.escalation_count == 0
    else:
        assert appeal.status == Status.RECEIVED and appeal.reply == "" and appeal.escalation_count == 1

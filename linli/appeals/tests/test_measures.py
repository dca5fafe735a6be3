"""The measures on hand-computed data."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from linli.appeals.choices import Satisfaction
from linli.appeals.measures import Counts, composite, counts_for, rates_from
from linli.appeals.models import Appeal
from linli.appeals.services import workflow as wf
from linli.appeals.tests.factories import Cast, category
from linli.core.frozen_time import frozen_at

SH = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=SH)


def test_rates_from_counts_by_hand():
    c = Counts(
        submitted=20,
        merged=2,
        parked=4,
        dispatched=16,
        signed_on_time=12,
        closed=10,
        closed_on_time=8,
        closed_low=9,
        rated=8,
        satisfied=6,
        resolved_answered=8,
        resolved=5,
        reworked=2,
        returned=1,
        extended=4,
        reopened=1,
    )
    r = {x.key: x for x in rates_from(c)}
    assert (r["response"].numerator, r["response"].denominator) == (12, 16)
    assert (r["on_time"].numerator, r["on_time"].denominator) == (8, 16)  # 20 valid − 4 缓办/挂账
    assert r["closure"].value == 10 / 16
    assert r["resolution"].value == 5 / 8 and r["satisfaction"].value == 6 / 8
    assert r["rework"].value == 2 / 16 and r["return"].value == 1 / 20 and r["extension"].value == 4 / 16
    assert r["repeat"].value == 3 / 22 and r["disposal"].value == 9 / 10
    assert composite(list(r.values())) == pytest.approx(0.2 * 0.75 + 0.4 * 0.625 + 0.4 * 0.75)
    assert composite(list(r.values()), "30/35/35") == pytest.approx(0.3 * 0.75 + 0.35 * 0.625 + 0.35 * 0.75)


def test_empty_denominators_give_no_value_not_zero():
    rates = rates_from(Counts())
    assert all(r.value is None for r in rates)
    assert composite(rates) is None


def test_counts_from_a_small_known_history(world):
    cast = Cast(world)

    def loop(on_time=True, satisfaction=Satisfaction.SATISFIED, resolved=True):
        with frozen_at(MONDAY):
            a = cast.report()
            wf.appeal_receive(appeal=a, actor=cast.desk, category=category("0102"))
            wf.appeal_dispatch(appeal=a, actor=cast.desk, unit=cast.unit)
        when = MONDAY + timedelta(hours=2 if on_time else 24 * 14)
        with frozen_at(when):
            wf.appeal_sign(appeal=a, actor=cast.handler)
            wf.appeal_reply(appeal=a, actor=cast.handler, reply="已处理完毕，谢谢反映。")
            wf.appeal_close(appeal=a, actor=cast.desk)
            if satisfaction:
                wf.appeal_rate(appeal=a, actor=cast.resident, satisfaction=satisfaction, resolved=resolved)
        return a

    loop()
    loop(on_time=False, satisfaction=Satisfaction.BASIC, resolved=False)
    reopened = loop(satisfaction=None)
    with frozen_at(MONDAY + timedelta(hours=3)):
        wf.appeal_reopen(appeal=reopened, actor=cast.resident, reason="门又坏了，请再看看")
        parked = cast.report()
        wf.appeal_receive(appeal=parked, actor=cast.desk, category=category("0102"))
        wf.appeal_postpone(appeal=parked, actor=cast.desk, reason="等待维修资金审批")
        invalid = cast.report()
        wf.appeal_reject(appeal=invalid, actor=cast.desk, reason="属于个人室内维修，已告知联系方式。")
    c = counts_for(Appeal.objects.all())
    assert (c.submitted, c.parked, c.dispatched, c.signed_on_time) == (4, 1, 2, 1)
    assert (c.closed, c.closed_on_time, c.rated, c.satisfied, c.resolved, c.reopened) == (2, 1, 2, 2, 1, 1)
    r = {x.key: x.value for x in rates_from(c)}
    assert r["closure"] == 2 / 3 and r["satisfaction"] == 1.0 and r["resolution"] == 0.5

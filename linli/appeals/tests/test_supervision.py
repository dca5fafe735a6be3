"""Deadlines on the official calendar, and the yellow and red cards that follow them."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from linli.appeals.choices import EventKind
from linli.appeals.deadlines import DeadlineState, deadline_state, handle_clock, sign_clock
from linli.appeals.services import workflow as wf
from linli.appeals.services.supervision import supervise
from linli.appeals.tests.factories import Cast, category
from linli.core.frozen_time import frozen_at
from linli.notifications.models import Notification

SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


@pytest.fixture
def cast(world):
    return Cast(world)


def _dispatched(cast, when, code="0102"):
    desk = cast.desk if category(code).default_level >= 3 else cast.street  # utilities: the street dispatches
    with frozen_at(when):
        appeal = cast.report()
        wf.appeal_receive(appeal=appeal, actor=desk, category=category(code))
        wf.appeal_dispatch(appeal=appeal, actor=desk, unit=cast.unit)
    return appeal


def test_five_working_days_before_national_day_end_after_the_holiday_and_the_working_saturday(cast):
    appeal = _dispatched(cast, at(2026, 9, 30, 10, 0))  # 设施维修: sign 1 WD, handle 5 WD
    # Oct 1–7 are off; Oct 8, 9 and Saturday Oct 10 (调休) are working days; Oct 11 is a Sunday.
    assert appeal.sign_due == at(2026, 10, 8, 10, 0)
    assert appeal.handle_due == at(2026, 10, 13, 10, 0)


def test_hours_limits_count_only_working_hours(cast):
    appeal = _dispatched(
        cast, at(2026, 11, 20, 16, 30), code="0201"
    )  # Friday; 垃圾清运: sign 2 WH, handle 4 WH
    assert appeal.sign_due == at(2026, 11, 23, 9, 30)  # 1 h on Friday, 1 h on Monday from 08:30
    assert appeal.handle_due == at(2026, 11, 23, 11, 30)


def test_natural_hour_limits_run_through_the_night(cast):
    appeal = _dispatched(cast, at(2026, 11, 20, 22, 0), code="1001")  # 供水: sign 2 h, handle 24 h
    assert appeal.sign_due == at(2026, 11, 21, 0, 0)
    assert appeal.handle_due == at(2026, 11, 21, 22, 0)


def test_deadline_state_is_derived_from_the_stored_times(cast):
    appeal = _dispatched(cast, at(2026, 11, 16, 9, 0))
    assert deadline_state(sign_clock(appeal), at(2026, 11, 16, 10, 0)) == DeadlineState.ON_TRACK
    assert deadline_state(sign_clock(appeal), at(2026, 11, 17, 8, 0)) == DeadlineState.AT_RISK
    assert deadline_state(sign_clock(appeal), at(2026, 11, 17, 9, 30)) == DeadlineState.OVERDUE
    with frozen_at(at(2026, 11, 16, 11, 0)):
        wf.appeal_sign(appeal=appeal, actor=cast.handler)
    assert deadline_state(sign_clock(appeal), at(2026, 11, 30)) == DeadlineState.MET
    assert deadline_state(handle_clock(appeal), at(2026, 11, 30)) == DeadlineState.OVERDUE


def test_unsigned_order_gets_a_yellow_then_a_red_card_once_each(cast, django_capture_on_commit_callbacks):
    appeal = _dispatched(cast, at(2026, 11, 16, 9, 0))  # Monday
    assert supervise(now=at(2026, 11, 16, 17, 0)) == {"yellow": 0, "red": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert supervise(now=at(2026, 11, 17, 10, 0)) == {"yellow": 1, "red": 0}  # > 1 working day unsigned
        assert supervise(now=at(2026, 11, 17, 11, 0)) == {"yellow": 0, "red": 0}  # raised once
        assert supervise(now=at(2026, 11, 18, 10, 0)) == {"yellow": 0, "red": 1}
    appeal.refresh_from_db()
    assert appeal.yellow_card_at == at(2026, 11, 17, 10, 0) and appeal.red_card_at == at(2026, 11, 18, 10, 0)
    assert list(
        appeal.events.filter(kind__in=[EventKind.YELLOW_CARD, EventKind.RED_CARD]).values_list(
            "kind", flat=True
        )
    ) == [
        EventKind.YELLOW_CARD,
        EventKind.RED_CARD,
    ]
    # The handler and the supervisors above the appeal (the community secretary, the street) hear of it.
    red = Notification.objects.filter(kind="appeal.red_card")
    assert set(red.values_list("recipient__name", flat=True)) >= {"物业马", "刘书记", "街道张"}
    assert "秋实社区" not in set(red.values_list("recipient__name", flat=True))


def test_handling_clock_cards_after_five_and_ten_working_days(cast):
    appeal = _dispatched(cast, at(2026, 11, 2, 9, 0))
    with frozen_at(at(2026, 11, 2, 10, 0)):
        wf.appeal_sign(appeal=appeal, actor=cast.handler)
    assert supervise(now=at(2026, 11, 6, 17, 0)) == {"yellow": 0, "red": 0}
    assert supervise(now=at(2026, 11, 9, 10, 0)) == {"yellow": 1, "red": 0}
    assert supervise(now=at(2026, 11, 16, 10, 0)) == {"yellow": 0, "red": 1}


def test_a_replied_order_is_not_carded(cast):
    appeal = _dispatched(cast, at(2026, 11, 2, 9, 0))
    with frozen_at(at(2026, 11, 2, 10, 0)):
        wf.appeal_sign(appeal=appeal, actor=cast.handler)
        wf.appeal_reply(appeal=appeal, actor=cast.handler, reply="已维修完毕，请查看。")
    assert supervise(now=at(2026, 11, 30, 10, 0)) == {"yellow": 0, "red": 0}


def test_tick_command_reports_the_cards(cast, capsys):
    from django.core.management import call_command

    _dispatched(cast, at(2026, 11, 2, 9, 0))
    call_command("tick")
    assert "诉求督办：新增黄牌 0 张、红牌 1 张" in capsys.readouterr().out

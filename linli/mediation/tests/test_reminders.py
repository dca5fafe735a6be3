"""The 30-day window for judicial confirmation (人民调解法 Art. 33), counted in natural days: the mediator is
reminded once, seven days before the window closes, and not when the decision is recorded."""

from datetime import date, timedelta

import pytest

from linli.core.frozen_time import frozen_at
from linli.mediation import services, tick
from linli.mediation.choices import EventKind, Judicial
from linli.mediation.models import CaseEvent
from linli.mediation.reminders import judicial_deadline, remind_on
from linli.notifications.models import Notification

from .factories import Team, at, register

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("effective", "deadline", "remind"),
    [
        # natural days: weekends and the 劳动节 holiday count like any other day
        (date(2026, 4, 20), date(2026, 5, 20), date(2026, 5, 13)),
        (date(2026, 1, 31), date(2026, 3, 2), date(2026, 2, 23)),
        (date(2024, 2, 1), date(2024, 3, 2), date(2024, 2, 24)),  # leap year
    ],
)
def test_window_is_thirty_natural_days_and_the_reminder_comes_seven_days_before(effective, deadline, remind):
    assert judicial_deadline(effective) == deadline
    assert remind_on(effective) == remind


@pytest.fixture
def resolved(world):
    team = Team(world)
    with frozen_at(at(2026, 4, 20, 10)):
        case = register(team)
        case = services.case_accept(actor=team.mediator, case=case)
        case = services.oral_agreement_record(actor=team.mediator, case=case, text="双方和解")
    return team, case


def _reminders(user):
    return Notification.objects.filter(recipient=user, kind="mediation.judicial_window")


def test_reminder_fires_once_on_its_day(resolved):
    team, case = resolved
    assert str(case.agreement_effective_on) == "2026-04-20"
    with frozen_at(at(2026, 5, 12, 23, 50)):
        tick.run()
    assert not _reminders(team.mediator).exists()
    with frozen_at(at(2026, 5, 13, 0, 10)):
        assert tick.run() == "人民调解：司法确认期限提醒 1 件"
        tick.run()
    with frozen_at(at(2026, 5, 14, 8)):
        tick.run()
    [note] = _reminders(team.mediator)
    assert "2026-05-20" in note.body and "剩余 7 天" in note.body
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REMINDED).count() == 1


def test_a_late_tick_still_reminds_while_the_window_is_open_but_not_after(resolved):
    team, case = resolved
    with frozen_at(at(2026, 5, 21, 9)):
        tick.run()
    assert not _reminders(team.mediator).exists()
    with frozen_at(at(2026, 5, 20, 9)):
        tick.run()
    assert _reminders(team.mediator).count() == 1


def test_no_reminder_once_the_parties_decision_is_recorded(resolved):
    team, case = resolved
    services.judicial_record(actor=team.mediator, case=case, judicial=Judicial.WAIVED)
    with frozen_at(at(2026, 5, 13, 9) + timedelta(hours=1)):
        tick.run()
    assert not _reminders(team.mediator).exists()

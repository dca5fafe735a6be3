"""智慧预警: a vulnerable resident not visited or contacted within the interval raises an alert to the
people responsible for them — once per period."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from linli.core.exceptions import Conflict, DomainError
from linli.core.frozen_time import frozen_at
from linli.notifications.models import Notification
from linli.people.services import person_move_out, tag_end
from linli.visits.alerts import alerts_raise, care_alerts
from linli.visits.care import contact_due, overdue_period
from linli.visits.choices import Outcome
from linli.visits.services import visit_record

from .factories import SHANGHAI, Team, at, care_tag


@pytest.mark.parametrize(
    ("last", "now", "days", "period"),
    [
        (None, at(2026, 5, 8, 0, 0), 7, None),  # flagged 05-01: due at 05-08 00:00, not yet overdue
        (None, at(2026, 5, 8, 0, 1), 7, 0),
        (at(2026, 5, 3, 10), at(2026, 5, 10, 9), 7, None),
        (at(2026, 5, 3, 10), at(2026, 5, 10, 11), 7, 0),
        (at(2026, 5, 3, 10), at(2026, 5, 17, 10, 1), 7, 1),  # a second period: a second alert
        (at(2026, 5, 3, 10), at(2026, 5, 7, 10, 1), 3, 0),  # the flag's own interval
    ],
)
def test_due_and_overdue_periods(last, now, days, period):
    due = contact_due(last_contact=last, since=date(2026, 5, 1), days=days, tz=SHANGHAI)
    assert overdue_period(due=due, now=now, days=days) == period


@pytest.fixture
def team(world):
    return Team(world)


@pytest.fixture
def elder(team):
    """李奶奶, living alone in 1单元101, tagged 独居老人 in the ledger since 2026-05-01."""
    person = team.elder()
    care_tag(team.desk, person, "living_alone", since=date(2026, 5, 1))
    return person


def _visit(team, home, moment, outcome=Outcome.MET, person=None):
    with frozen_at(moment):
        visit_record(actor=team.leader, household=home, kind="monthly", outcome=outcome, person=person)


@pytest.mark.django_db
def test_alert_when_not_visited_within_the_interval(team, elder):
    _visit(team, team.homes1[0], at(2026, 5, 2, 10))
    assert care_alerts(now=at(2026, 5, 9, 9)) == []
    alerts = care_alerts(now=at(2026, 5, 10, 9))
    assert [(a.person, a.kinds_label, a.days_since) for a in alerts] == [(elder, "独居老人", 7)]


@pytest.mark.django_db
def test_no_alert_for_someone_visited_recently(team, elder):
    _visit(team, team.homes1[0], at(2026, 5, 25, 10))
    assert care_alerts(now=at(2026, 5, 28, 9)) == []


@pytest.mark.django_db
def test_a_phone_call_counts_as_contact_but_nobody_home_does_not(team, elder):
    _visit(team, team.homes1[0], at(2026, 5, 20, 10), Outcome.NOBODY_HOME)
    assert len(care_alerts(now=at(2026, 5, 21, 9))) == 1
    _visit(team, team.homes1[0], at(2026, 5, 21, 10), Outcome.PHONE)
    assert care_alerts(now=at(2026, 5, 22, 9)) == []


@pytest.mark.django_db
def test_meeting_someone_else_of_the_household_by_name_is_no_contact_with_her(team, elder):
    husband = team.homes1[0].members.exclude(pk=elder.pk).first()
    _visit(team, team.homes1[0], at(2026, 5, 20, 10), person=husband)
    assert [a.person for a in care_alerts(now=at(2026, 5, 21, 9))] == [elder]
    _visit(team, team.homes1[0], at(2026, 5, 20, 11), person=elder)
    assert care_alerts(now=at(2026, 5, 21, 9)) == []


@pytest.mark.django_db
def test_a_care_tag_may_shorten_the_interval(team, elder, settings):
    settings.LINLI_CARE_CONTACT_DAYS = 30
    _visit(team, team.homes1[0], at(2026, 5, 2, 10))
    assert care_alerts(now=at(2026, 5, 20, 9)) == []
    care_tag(team.desk, elder, "tekun", since=date(2026, 5, 1), contact_days=3)
    [alert] = care_alerts(now=at(2026, 5, 20, 9))
    assert (alert.days, alert.kinds_label) == (3, "特困、独居老人")


@pytest.mark.django_db
def test_a_tag_that_is_no_care_tag_raises_nothing_and_takes_no_interval(team):
    person = team.elder()
    care_tag(team.desk, person, "dibao", since=date(2026, 5, 1))  # 低保 is not a care tag by default
    assert care_alerts(now=at(2026, 5, 20, 9)) == []
    with pytest.raises(DomainError, match="不是关爱对象标签"):
        care_tag(team.desk, person, "veteran", since=date(2026, 5, 1), contact_days=5)


@pytest.mark.django_db
def test_the_interval_is_one_to_ninety_days(team):
    person = team.elder()
    for days in (0, 91):
        with pytest.raises(DomainError, match="走访联系间隔应为 1–90 天"):
            care_tag(team.desk, person, "living_alone", since=date(2026, 5, 1), contact_days=days)
    assert not person.tags.exists()


@pytest.mark.django_db
def test_an_ended_care_tag_raises_nothing(team, elder):
    with frozen_at(at(2026, 5, 5, 9)):
        tag_end(actor=team.desk, assignment=elder.tags.get(), on=date(2026, 5, 5))
    assert care_alerts(now=at(2026, 5, 20, 9)) == []


@pytest.mark.django_db
def test_a_resident_who_moved_out_raises_nothing(team, elder):
    with frozen_at(at(2026, 5, 5, 9)):
        person_move_out(actor=team.desk, person=elder, on=date(2026, 5, 5))
    assert care_alerts(now=at(2026, 5, 20, 9)) == []


@pytest.mark.django_db
def test_one_open_care_tag_per_kind(team, elder):
    with pytest.raises(Conflict, match="已有未结束的“独居老人”标签"):
        care_tag(team.desk, elder, "living_alone", since=date(2026, 5, 2))


@pytest.mark.django_db
def test_care_tags_are_kept_by_those_who_keep_the_ledger(team, elder):
    with pytest.raises(PermissionDenied):
        care_tag(team.outsider, elder, "disabled", since=date(2026, 5, 1))
    with pytest.raises(PermissionDenied):
        care_tag(team.leader, elder, "disabled", since=date(2026, 5, 1))  # the 信息员 keeps the ledger
    care_tag(team.informant, elder, "disabled", since=date(2026, 5, 1))
    assert [a.kinds_label for a in care_alerts(now=at(2026, 5, 20, 9))] == ["残疾人、独居老人"]


@pytest.mark.django_db
def test_alerts_are_listed_only_within_scope(team, elder):
    now = at(2026, 5, 20, 9)
    with frozen_at(now):
        assert [a.person for a in care_alerts(now=now, user=team.informant)] == [elder]
        assert [a.person for a in care_alerts(now=now, user=team.micro)] == [elder]
        assert [a.person for a in care_alerts(now=now, user=team.desk)] == [elder]
        assert care_alerts(now=now, user=team.informant2) == []
        assert care_alerts(now=now, user=team.outsider) == []
        assert care_alerts(now=now, user=team.property) == []


@pytest.mark.django_db
def test_alert_goes_to_the_stairwell_team_and_the_micro_grid_worker_once_per_period(team, elder):
    with frozen_at(at(2026, 5, 20, 9)):
        written = alerts_raise(now=at(2026, 5, 20, 9))
    recipients = set(
        Notification.objects.filter(kind="visits.care_overdue").values_list("recipient", flat=True)
    )
    assert recipients == {team.leader.pk, team.informant.pk, team.caretaker.pk, team.micro.pk}
    assert written == 4
    note = Notification.objects.filter(recipient=team.micro).get()
    assert note.title == "关爱预警：独居老人 李*奶 已 19 天未走访联系"
    assert note.url == "/visits/alerts/"
    # The next run in the same period writes nothing; the next period reminds again.
    # (Flagged 05-01 and never contacted: due 05-08 00:00, then a period every 7 days: 05-15, 05-22.)
    assert alerts_raise(now=at(2026, 5, 20, 15)) == 0
    assert alerts_raise(now=at(2026, 5, 21, 23, 59)) == 0
    assert alerts_raise(now=at(2026, 5, 22, 0, 1)) == 4
    # A visit ends it.
    _visit(team, team.homes1[0], at(2026, 5, 23, 10))
    assert alerts_raise(now=at(2026, 5, 29, 9)) == 0


@pytest.mark.django_db
def test_without_a_team_the_community_desk_hears_of_it(team):
    yaxuan = team.world.households[team.world.compound_a2.code][2]  # outside any grid, no stairwell team
    person = team.elder(home=yaxuan, name="独居王爷爷")
    care_tag(team.desk, person, "living_alone", since=date(2026, 5, 1))
    alerts_raise(now=at(2026, 5, 20, 9))
    assert set(Notification.objects.values_list("recipient", flat=True)) == {team.desk.pk}


@pytest.mark.django_db
def test_tick_raises_alerts(team, elder):
    from linli.visits.tick import run

    with frozen_at(at(2026, 5, 20, 9)):
        assert run() == "关爱预警：新增提醒 4 条"
        assert run() == "关爱预警：新增提醒 0 条"

from datetime import date, timedelta

from django.test import override_settings

from linli.core.roles import Role
from linli.notifications.models import Notification
from linli.owners import selectors, services, tick
from linli.owners.models import ReelectionReminder
from linli.party.choices import BodyKind
from linli.party.tests.factories import make_body
from linli.places.tests.factories import PASSWORD, user_with_role

TODAY = date(2026, 11, 23)


def test_reelection_reminder_sent_once_per_term(world):
    body = make_body(world.compound_b1, term_end=date(2027, 1, 31))
    make_body(world.compound_a1, term_end=date(2027, 6, 1))  # far off
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    outsider = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    assert services.reminders_send(today=TODAY) == 1
    assert services.reminders_send(today=TODAY) == 0
    assert Notification.objects.filter(recipient=secretary, kind="owners.reelection_due").count() == 1
    assert not Notification.objects.filter(recipient=outsider).exists()
    # a new term gets its own reminder
    body.term_end = date(2027, 2, 1)
    body.save()
    assert services.reminders_send(today=TODAY) == 1
    assert ReelectionReminder.objects.count() == 2


def test_reminder_window_is_configurable_and_ended_terms_are_skipped(world):
    make_body(world.compound_b1, term_end=date(2027, 1, 31))
    make_body(world.compound_a1, term_end=date(2026, 11, 1))
    with override_settings(LINLI_REELECTION_REMINDER_DAYS=30):
        assert services.reminders_send(today=TODAY) == 0
    assert services.reminders_send(today=TODAY) == 1


def test_tick_runs(world):
    assert "换届提醒" in tick.run()


def test_build_coverage_counts_owners_and_property_committees_per_compound(world):
    make_body(world.compound_a1)
    make_body(world.compound_a2, BodyKind.PROPERTY_COMMITTEE)
    make_body(world.compound_a2, BodyKind.SUPERVISORY)
    street = selectors.build_coverage(code=world.street.code)
    assert (street.owners_committees, street.property_committees, street.compounds) == (1, 1, 3)
    assert street.rate == 2 / 3
    assert selectors.build_coverage(code=world.community_b.code).rate == 0
    assert selectors.build_coverage(code=world.community_a.code).rate == 1


def test_owners_page_scoped(client, world):
    make_body(world.compound_a1)
    make_body(world.compound_b1)
    user = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    client.login(phone=user.phone, password=PASSWORD)
    text = client.get("/owners/").content.decode()
    assert "秋实家园业主委员会" in text
    assert "春晖花园业主委员会" not in text


def test_workbench_lists_terms_ending_soon_and_pending_registrations(world):
    from django.utils import timezone

    from linli.owners import workbench
    from linli.party import services as party_services
    from linli.party import workbench as party_workbench
    from linli.party.tests.factories import make_branch, member

    make_body(world.compound_b1, term_end=timezone.localdate() + timedelta(days=30))
    party_services.registration_request(
        member=member(world.compound_b1), branch=make_branch(world.compound_b1)
    )
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    other = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    assert [i.count for i in workbench.items(secretary)] == [1]
    assert workbench.items(other) == []
    assert [i.count for i in party_workbench.items(secretary)] == [1]
    assert party_workbench.items(other) == []

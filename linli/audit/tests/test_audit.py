"""The audit log: append-only, kept 180 days, visible to auditors within their scope only."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from linli.audit import services
from linli.audit.models import AccessEntry, Action
from linli.core.roles import Role
from linli.people import rules as people_rules
from linli.places.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def _entry(actor, place_code, **kw):
    return services.record(
        actor=actor,
        permission=people_rules.REVEAL_PERSON,
        action=Action.REVEAL,
        object_type="people.person",
        object_id="1",
        object_label="张*明",
        place_code=place_code,
        fields=["身份证号"],
        reason="核对",
        **kw,
    )


def test_entries_cannot_be_changed_or_deleted(world):
    worker = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    entry = _entry(worker, world.households[world.compound_a1.code][0].code)
    entry.reason = "改一下"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    assert AccessEntry.objects.get().reason == "核对"


def test_entries_are_kept_at_least_180_days(world):
    worker = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    old = _entry(worker, world.community_a.code)
    recent = _entry(worker, world.community_a.code)
    AccessEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=181))
    AccessEntry.objects.filter(pk=recent.pk).update(at=timezone.now() - timedelta(days=179))
    with pytest.raises(CommandError, match="至少保留 180 天"):
        call_command("purge-audit", "--days", "30")
    call_command("purge-audit")
    assert list(AccessEntry.objects.values_list("pk", flat=True)) == [recent.pk]


def test_an_auditor_sees_entries_of_their_scope_and_never_the_values(client, world):
    worker = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    _entry(worker, world.households[world.compound_a1.code][0].code)
    _entry(worker, world.households[world.compound_b1.code][0].code)
    auditor = user_with_role(Role.AUDITOR, place=world.community_a)
    client.force_login(auditor)
    page = client.get(reverse("audit:entries"))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("张*明") == 1 and "社区工作者" in text and "春晖社区" in text
    assert client.get(reverse("audit:entries"), {"action": "export", "start": "x"}).status_code == 200


def test_people_without_the_audit_role_cannot_open_the_log(client, world):
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    assert client.get(reverse("audit:entries")).status_code == 403

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


def _entry_at(actor, *, days_ago: float, now=None):
    """An entry written ``days_ago`` days before ``now`` (inserting with a time is allowed; changing is not)."""
    at = (now or timezone.now()) - timedelta(days=days_ago)
    return AccessEntry.objects.create(actor=actor, action=Action.REVEAL, object_type="people.person", at=at)


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
    old = _entry_at(worker, days_ago=181)
    recent = _entry_at(worker, days_ago=179)
    with pytest.raises(CommandError, match="至少保留 180 天"):
        call_command("purge-audit", "--days", "30")
    call_command("purge-audit")
    assert list(AccessEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AccessEntry.objects.filter(pk=old.pk).exists()


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


def test_querysets_refuse_update_delete_and_bulk_update(world):
    worker = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    entry = _entry(worker, world.community_a.code)
    entry.reason = "改一下"
    for attempt in (
        lambda: AccessEntry.objects.filter(pk=entry.pk).update(reason="改一下"),
        lambda: AccessEntry.objects.update(reason="改一下"),
        lambda: AccessEntry.objects.filter(pk=entry.pk).delete(),
        lambda: AccessEntry.objects.all().delete(),
        lambda: AccessEntry.objects.bulk_update([entry], ["reason"]),
        lambda: AccessEntry.objects.filter(actor=worker).bulk_update([entry], ["reason"]),
    ):
        with pytest.raises(ValidationError, match="不可修改或删除"):
            attempt()
    assert list(AccessEntry.objects.values_list("reason", flat=True)) == ["核对"]


def test_the_periodic_job_deletes_what_is_older_than_the_retention_and_nothing_younger(world, settings):
    from linli.audit import tick

    worker = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    now = timezone.now()
    old = _entry_at(worker, days_ago=180.01, now=now)
    kept = [_entry_at(worker, days_ago=d, now=now) for d in (179.99, 100, 0)]
    assert "清理超过 180 天的记录 1 条" in tick.run(now=now)
    assert set(AccessEntry.objects.values_list("pk", flat=True)) == {e.pk for e in kept}
    assert not AccessEntry.objects.filter(pk=old.pk).exists()
    settings.LINLI_AUDIT_RETENTION_DAYS = 365  # a longer retention keeps more
    assert "清理超过 365 天的记录 0 条" in tick.run(now=now + timedelta(days=100))
    assert AccessEntry.objects.count() == 3


def test_the_tick_command_runs_the_retention_purge(world):
    from io import StringIO

    worker = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    old, recent = _entry_at(worker, days_ago=200), _entry_at(worker, days_ago=10)
    out = StringIO()
    call_command("tick", stdout=out)
    assert "审计记录：清理超过 180 天的记录 1 条" in out.getvalue()
    assert list(AccessEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.pk != recent.pk


def test_a_retention_below_180_days_is_refused_with_a_clear_message(world, settings):
    from linli.audit import tick
    from linli.audit.apps import check_retention

    worker = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    _entry_at(worker, days_ago=200)
    _entry_at(worker, days_ago=40)
    settings.LINLI_AUDIT_RETENTION_DAYS = 30
    message = tick.run()
    assert "LINLI_AUDIT_RETENTION_DAYS=30 无效" in message and "至少保留 180 天" in message
    assert "未清理任何记录" in message
    with pytest.raises(CommandError, match="LINLI_AUDIT_RETENTION_DAYS=30 无效"):
        call_command("purge-audit")
    with pytest.raises(CommandError, match="LINLI_AUDIT_RETENTION_DAYS=30 无效"):
        call_command("purge-audit", "--days", "365")
    assert AccessEntry.objects.count() == 2  # nothing deleted, not even the 200-day-old entry
    [error] = check_retention()
    assert error.id == "audit.E001" and "至少保留 180 天" in error.msg
    settings.LINLI_AUDIT_RETENTION_DAYS = 180
    assert check_retention() == []

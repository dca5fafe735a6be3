"""Exporting ledger lists: the ledger's filters, the exporter's scope, masked by default, full values only
with the permission and a stated reason, every export in the audit log."""

from datetime import date

import pytest
from django.urls import reverse

from linli.audit.models import AccessEntry, Action
from linli.core.roles import Role
from linli.core.validators import build_id_number
from linli.people import services
from linli.people.ledger_io import layout as L
from linli.people.models import Tag
from linli.places.tests.factories import user_with_role

from .ledger_io_support import read_sheet

pytestmark = pytest.mark.django_db

ID_A = build_id_number(region="430602", birth_date=date(1950, 2, 3), sequence=17)
ID_B = build_id_number(region="430602", birth_date=date(1985, 7, 9), sequence=28)


@pytest.fixture
def people(world):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    a = services.person_create(
        actor=secretary, household=world.households[world.compound_a1.code][0], name="欧阳明",
        id_number=ID_A, mobile="13812345678",
    )  # fmt: skip
    services.tag_add(
        actor=secretary, tag=Tag.objects.get(code="living_alone"), person=a, since=date(2024, 1, 1)
    )
    other = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    services.person_create(
        actor=other, household=world.households[world.compound_b1.code][0], name="司马亮", id_number=ID_B
    )
    return {"secretary": secretary, "worker": user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)}


def export(client, data):
    response = client.post(reverse("people:export"), data)
    if response.status_code != 200 or not response.get("Content-Disposition"):
        return response, None
    return response, read_sheet(b"".join(response.streaming_content))


def test_an_export_is_masked_by_default_limited_to_scope_and_audited(client, people):
    client.force_login(people["worker"])
    page = client.get(reverse("people:export"), {"status": "current"})
    assert page.status_code == 200 and "full" not in page.context["form"].fields
    response, rows = export(client, {"status": "current", "full": "on", "reason": "想要"})
    assert rows[0] == L.EXPORT_HEADERS
    body = {r[5]: r for r in rows[1:]}
    assert "司马亮" not in body  # another community
    row = body["欧阳明"]
    assert row[8] == "430***********" + ID_A[-4:] and row[9] == "138****5678" and row[7] == "1950年"
    assert "独居老人" in row[-1] and row[2] == "1栋"
    assert ID_A not in response.get("Content-Disposition", "")
    entry = AccessEntry.objects.get()
    assert (entry.action, entry.actor, entry.reason) == (Action.EXPORT, people["worker"], "")
    assert entry.row_count == len(rows) - 1 and "身份证号" in entry.fields


def test_the_ledger_filters_apply_to_the_export(client, world, people):
    client.force_login(people["worker"])
    _, rows = export(client, {"status": "current", "tag": "living_alone"})
    assert [r[5] for r in rows[1:]] == ["欧阳明"]
    page = client.get(reverse("people:export"), {"q": ID_A})
    assert "q" not in page.context["form"].initial  # numbers are never taken from a URL
    _, rows = export(client, {"status": "current", "q": ID_A})
    assert [r[5] for r in rows[1:]] == ["欧阳明"]
    _, rows = export(client, {"status": "current", "place": world.compound_a2.code})
    assert all(r[0].startswith(world.compound_a2.code) for r in rows[1:]) and "欧阳明" not in [
        r[5] for r in rows
    ]


def test_full_values_need_the_permission_and_a_reason_and_are_audited_as_such(client, people):
    client.force_login(people["secretary"])
    response, rows = export(client, {"status": "current", "full": "on", "reason": ""})
    assert response.status_code == 400 and rows is None and "事由" in response.content.decode()
    assert not AccessEntry.objects.exists()
    _, rows = export(client, {"status": "current", "full": "on", "reason": "民政部门核对低保名单"})
    row = next(r for r in rows[1:] if r[5] == "欧阳明")
    assert row[8] == ID_A and row[9] == "13812345678"
    entry = AccessEntry.objects.get()
    assert entry.action == Action.EXPORT_FULL and entry.reason == "民政部门核对低保名单"


def test_who_may_not_export(client, world, people):
    client.force_login(user_with_role(Role.GRID_WORKER, grid=world.grid_a1))
    assert client.get(reverse("people:export")).status_code == 403
    assert client.post(reverse("people:export"), {"status": "current"}).status_code == 403
    assert not AccessEntry.objects.exists()

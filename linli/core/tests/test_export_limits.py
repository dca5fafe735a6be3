"""Every export is limited per user and hour (LINLI_EXPORT_PER_HOUR, one budget for all of them): the
next download answers 429 with the Chinese message and Retry-After; another user is not affected."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from linli.core.roles import Role
from linli.places.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

TODAY = date.today().isoformat()

EXPORTS = {
    "places": (Role.COMMUNITY_SECRETARY, "community_a", lambda w: ("get", reverse("places:export"), {})),
    "ledger": (Role.COMMUNITY_SECRETARY, "community_a", lambda w: ("post", reverse("people:export"), {})),
    "hotline": (
        Role.COMMUNITY_SECRETARY,
        "community_a",
        lambda w: (
            "post",
            reverse("appeals:hotline_export"),
            {"start": TODAY, "end": TODAY, "format": "xlsx"},
        ),
    ),
    "dashboard_xlsx": (
        Role.COMMUNITY_SECRETARY,
        "community_a",
        lambda w: ("get", reverse("dashboards:report", args=[w.community_a.code, "xlsx"]), {}),
    ),
    "fee_sheet": (
        Role.PROPERTY_STAFF,
        "compound_a1",
        lambda w: ("get", reverse("property:fee-sheet", args=[w.compound_a1.code]), {"period": "2026"}),
    ),
}


def _download(client, world, name):
    method, url, data = EXPORTS[name][2](world)
    return getattr(client, method)(url, data)


@pytest.mark.parametrize("name", list(EXPORTS))
def test_the_export_over_the_limit_is_refused_with_429(world, settings, name):
    settings.LINLI_EXPORT_PER_HOUR = 2
    role, place, _ = EXPORTS[name]
    client = Client()
    client.force_login(user_with_role(role, place=getattr(world, place)))
    for _ in range(2):
        response = _download(client, world, name)
        assert response.status_code == 200 and response.get("Content-Disposition"), name
    refused = _download(client, world, name)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
    text = refused.content.decode()
    assert "操作过于频繁，请于" in text and "分钟后再试" in text
    other = Client()
    other.force_login(user_with_role(role, place=getattr(world, place)))
    assert _download(other, world, name).status_code == 200  # another user is not affected


def test_all_exports_share_one_budget(world, settings):
    settings.LINLI_EXPORT_PER_HOUR = 2
    client = Client()
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a))
    assert _download(client, world, "places").status_code == 200
    assert _download(client, world, "dashboard_xlsx").status_code == 200
    assert _download(client, world, "ledger").status_code == 429
    assert _download(client, world, "hotline").status_code == 429

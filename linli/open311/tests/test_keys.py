"""API keys: issued on the staff page or by `linli open311`, stored only as a hash, revocable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from linli.core import policy
from linli.core.roles import Role
from linli.open311 import rules, selectors
from linli.open311.models import ApiKey
from linli.open311.services.keys import api_key_create
from linli.places.choices import PlaceLevel
from linli.places.models import Place
from linli.places.tests.factories import user_with_role

from .helpers import BASE

KEYS = "/open311/keys/"
REPORT = {"service_code": "0102", "address_string": "春晖花园北门", "description": "北门门禁坏了两天了"}


def command(*args) -> list[str]:
    out = StringIO()
    call_command("open311", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def posts(client, key: str) -> int:
    return client.post(f"{BASE}/requests.json", {**REPORT, "api_key": key}).status_code


@pytest.fixture
def neighbour(world) -> Place:
    return Place.objects.create(code="430700", name="邻区", level=PlaceLevel.DISTRICT)


def test_create_key_prints_a_working_key_as_its_last_line(client, world):
    lines = command("create-key", "市12345平台")
    raw = lines[-1]
    key = ApiKey.objects.get()
    assert key.name == "市12345平台" and key.place == world.district and key.created_by is None
    assert raw.startswith(key.prefix + ".") and len(raw) > 40
    assert raw not in key.key_hash and len(key.key_hash) == 64  # HMAC-SHA256, never the key itself
    assert posts(client, raw) == 200
    assert posts(client, raw[:-1] + ("x" if raw[-1] != "x" else "y")) == 403


def test_create_key_for_a_place_and_refusals(client, world, neighbour):
    raw = command("create-key", "春晖社区公众号", "--place", world.community_a.code)[-1]
    assert ApiKey.objects.get(prefix=raw.split(".")[0]).place == world.community_a
    with pytest.raises(CommandError, match="多个区"):
        command("create-key", "没有指定辖区")
    with pytest.raises(CommandError, match="找不到地点编码"):
        command("create-key", "错误编码", "--place", "999999")
    assert ApiKey.objects.count() == 1


def test_revoke_key_stops_the_key(client, world):
    raw = command("create-key", "临时对接")[-1]
    prefix = raw.split(".")[0]
    assert "已吊销" in command("revoke-key", prefix)[-1]
    assert posts(client, raw) == 403
    with pytest.raises(CommandError, match="已经吊销"):
        command("revoke-key", prefix)
    with pytest.raises(CommandError, match="找不到"):
        command("revoke-key", "ffffffff")
    assert prefix in command("list-keys")[0]


def test_keys_page_is_refused_to_a_community_worker(client, world):
    client.force_login(user_with_role(Role.COMMUNITY_WORKER, place=world.community_a))
    assert client.get(KEYS).status_code == 403
    assert client.post(KEYS, {"name": "偷偷发一个", "place_code": world.community_a.code}).status_code == 403
    key, _ = api_key_create(actor=None, name="市12345平台")
    assert client.post(reverse("open311_keys:revoke", args=[key.pk])).status_code == 404
    assert ApiKey.objects.count() == 1 and ApiKey.objects.get().revoked_at is None


def test_keys_page_needs_a_log_in(client, world):
    response = client.get(KEYS)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_district_admin_issues_a_key_and_sees_it_only_once(client, world):
    admin = user_with_role(Role.DISTRICT_ADMIN, place=world.district, name="区社治委李")
    client.force_login(admin)
    page = client.get(KEYS)
    assert page.status_code == 200 and 'value="430699"' in page.content.decode()
    response = client.post(KEYS, {"name": "市12345平台", "place_code": world.district.code})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    key = ApiKey.objects.get()
    raw = response.context["issued"]["raw"]
    assert raw in response.content.decode() and key.created_by == admin
    again = client.get(KEYS).content.decode()
    assert raw not in again and key.prefix in again and "区社治委李" in again
    client.logout()
    assert posts(client, raw) == 200
    client.force_login(admin)
    assert "从未使用" not in client.get(KEYS).content.decode()


def test_district_admin_revokes_a_key(client, world):
    admin = user_with_role(Role.DISTRICT_ADMIN, place=world.district)
    key, raw = api_key_create(actor=None, name="临时对接", place=world.street)
    client.force_login(admin)
    response = client.post(reverse("open311_keys:revoke", args=[key.pk]), follow=True)
    assert "已吊销密钥" in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == admin
    response = client.post(reverse("open311_keys:revoke", args=[key.pk]), follow=True)
    assert "已经吊销" in response.content.decode()
    assert posts(client, raw) == 403


def test_a_district_admin_manages_only_their_districts_keys(client, world, neighbour):
    admin = user_with_role(Role.DISTRICT_ADMIN, place=world.district)
    theirs, _ = api_key_create(actor=None, name="邻区平台", place=neighbour)
    client.force_login(admin)
    assert "邻区平台" not in client.get(KEYS).content.decode()
    assert client.post(reverse("open311_keys:revoke", args=[theirs.pk])).status_code == 404
    response = client.post(KEYS, {"name": "越界", "place_code": neighbour.code})
    assert "不在您的管辖范围内" in response.content.decode()
    assert ApiKey.objects.count() == 1 and ApiKey.objects.get().revoked_at is None

    system_admin = user_with_role(Role.SYSTEM_ADMIN)
    client.force_login(system_admin)
    assert "邻区平台" in client.get(KEYS).content.decode()


ROLES = [
    (Role.SYSTEM_ADMIN, None),
    (Role.DISTRICT_ADMIN, "district"),
    (Role.DISTRICT_ADMIN, "neighbour"),
    (Role.STREET_OFFICIAL, "street"),
    (Role.COMMUNITY_SECRETARY, "community_a"),
    (Role.COMMUNITY_WORKER, "community_a"),
    (Role.RESIDENT, None),
]


@pytest.mark.parametrize(("role", "node"), ROLES)
def test_the_rule_and_the_selector_agree(world, neighbour, role, node):
    place = neighbour if node == "neighbour" else getattr(world, node) if node else None
    if role == Role.RESIDENT:
        place = world.households[world.compound_a1.code][0]
    user = user_with_role(role, place=place)
    keys = [
        api_key_create(actor=None, name="区平台", place=world.district)[0],
        api_key_create(actor=None, name="街道平台", place=world.street)[0],
        api_key_create(actor=None, name="邻区平台", place=neighbour)[0],
    ]
    visible = set(selectors.api_key_visible_to(user))
    for key in keys:
        assert policy.may(user, rules.MANAGE_KEY, key) == (key in visible)
    expected = {
        Role.SYSTEM_ADMIN: {"区平台", "街道平台", "邻区平台"},
        Role.DISTRICT_ADMIN: {"邻区平台"} if node == "neighbour" else {"区平台", "街道平台"},
    }.get(role, set())
    assert {k.name for k in visible} == expected

"""`linli rotate-keys`: a new current key, every stored 身份证号 and mobile re-encrypted under it, values
and exact-match search unchanged, the old key retired only when nothing uses it any more."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from linli.core import crypto
from linli.core.roles import Role
from linli.core.validators import build_id_number
from linli.people import selectors, services
from linli.people.models import Person
from linli.places.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def ring_file(tmp_path, settings, monkeypatch):
    monkeypatch.delenv("LINLI_FIELD_KEYS", raising=False)
    monkeypatch.delenv("LINLI_FIELD_KEY_CURRENT", raising=False)
    settings.LINLI_FIELD_KEYS_FILE = tmp_path / "field_keys.json"
    crypto.reset_keyring()
    yield settings.LINLI_FIELD_KEYS_FILE
    crypto.reset_keyring()


def _raw(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile FROM people_person WHERE id = %s", [pk])
        return cursor.fetchone()


def _run(*args) -> str:
    out = StringIO()
    call_command("rotate-keys", *args, stdout=out)
    return out.getvalue()


def test_rotation_re_encrypts_everything_and_keeps_values_and_search(ring_file, world):
    from datetime import date

    worker = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    home = world.households[world.compound_a1.code][0]
    numbers = [
        build_id_number(region="430602", birth_date=date(1970, 1, 1 + i), sequence=11 + i) for i in range(5)
    ]
    people = [
        services.person_create(
            actor=worker, household=home, name=f"测试{i}", id_number=n, mobile=f"1390000000{i}"
        )
        for i, n in enumerate(numbers)
    ]
    old_key = crypto.keyring().current
    assert all(_raw(p.pk)[0].startswith(f"v1:{old_key}:") for p in people)

    with pytest.raises(CommandError, match="当前密钥"):
        _run("--retire", old_key)
    text = _run("--batch-size", "2")
    new_key = crypto.keyring().current
    assert new_key != old_key and "重新加密完成：共 10 个值" in text
    for person, number in zip(people, numbers, strict=True):
        raw_id, raw_mobile = _raw(person.pk)
        assert raw_id.startswith(f"v1:{new_key}:") and raw_mobile.startswith(f"v1:{new_key}:")
        assert Person.objects.get(pk=person.pk).id_number == number
    assert list(selectors.ledger(user=worker, text=numbers[3])) == [people[3]]

    assert "重新加密完成：共 0 个值" in _run("--resume")  # idempotent
    assert "可停用旧密钥" in _run("--status")
    assert "已从密钥环中删除" in _run("--retire", old_key)
    assert old_key not in crypto.keyring().keys
    assert Person.objects.get(pk=people[0].pk).mobile == "13900000000"


def test_an_old_key_still_in_use_cannot_be_retired(ring_file, world):
    worker = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    home = world.households[world.compound_a1.code][0]
    services.person_create(actor=worker, household=home, name="测试", gender="F", mobile="13900000001")
    old_key = crypto.keyring().current
    ring = crypto.keyring()
    crypto.write_keys_file({**ring.keys, "k2027": crypto.new_key()}, "k2027")  # made current, not yet run
    with pytest.raises(CommandError, match="仍有 1 个值使用密钥"):
        _run("--retire", old_key)
    assert "仍有 1 个值使用旧密钥" in _run("--status")

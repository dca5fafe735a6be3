"""`linli backup` / `linli restore`: every table's rows and the uploaded files come back as they were.

The commands run in-process against the test database (SQLite in memory through Django's own
connection — the same code path as a file database — or the PostgreSQL test database via pg_dump /
pg_restore). Transactional tests: the dump sees committed rows only.
"""

import json
import stat
import tarfile
from io import StringIO

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from linli.appeals.models import AppealPhoto
from linli.appeals.tests.factories import Cast
from linli.core import crypto
from linli.people.models import Person

pytestmark = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite path")
postgres_only = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (pg_dump/pg_restore)"),
]


def snapshot() -> dict[str, list]:
    """Every concrete table's rows (encrypted fields decrypted), sorted: the thing a restore must keep."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = model._base_manager.values_list(*fields)
        tables[model._meta.db_table] = sorted(repr(row) for row in rows)
    return tables


@pytest.fixture
def filled(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = Cast(world)
    appeals = [cast.report(), cast.report(text="楼道里的灯坏了一个多星期，晚上上楼很危险")]
    AppealPhoto.objects.create(
        appeal=appeals[0], image=ContentFile(b"\x89PNG fake photo bytes", name="door.png")
    )
    people = list(Person.objects.order_by("id")[:2])
    people[0].id_number, people[0].mobile = "110101199003071234", "13812345678"
    people[1].mobile = "13987654321"
    for person in people:
        person.save()
    return appeals


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def round_trip(tmp_path, filled):
    before = snapshot()
    photo = AppealPhoto.objects.get()
    photo_bytes = photo.image.read()
    photo.image.close()
    assert any(before.values()) and photo_bytes

    output = run("backup", str(tmp_path / "backups") + "/")
    archive = next((tmp_path / "backups").glob("linli-backup-*.tar.gz"))
    assert "备份完成" in output and "不含个人信息加密密钥" in output
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert f"media/{photo.image.name}" in names
    assert not any("key" in name for name in names)
    assert manifest["database"] == connection.vendor
    assert manifest["tables"]["people_person"] == Person.objects.count()

    # Damage: change, delete, add rows and lose the uploaded file.
    Person.objects.filter(pk=Person.objects.order_by("id").first().pk).update(name="被改掉的名字")
    filled[1].delete()
    Person.objects.create(name="新来的人", gender="M", household=Person.objects.first().household)
    photo.image.storage.delete(photo.image.name)
    assert snapshot() != before

    with pytest.raises(CommandError, match="已有数据.*--yes"):
        run("restore", str(archive))
    assert Person.objects.filter(name="新来的人").exists()  # refused: nothing touched

    output = run("restore", str(archive), "--yes")
    assert "行数核对一致" in output and "警告" not in output
    assert snapshot() == before
    photo = AppealPhoto.objects.get()
    assert photo.image.read() == photo_bytes
    photo.image.close()
    first = Person.objects.order_by("id").first()
    assert (first.id_number, first.mobile) == ("110101199003071234", "13812345678")
    return archive


@sqlite_only
def test_sqlite_backup_and_restore_bring_back_every_row_and_file(tmp_path, filled):
    round_trip(tmp_path, filled)


@postgres_only[0]
@postgres_only[1]
def test_postgres_backup_and_restore_bring_back_every_row_and_file(tmp_path, filled):
    round_trip(tmp_path, filled)


@sqlite_only
def test_restore_warns_when_the_keys_of_the_backup_are_missing(tmp_path, filled, settings):
    run("backup", str(tmp_path / "b.tar.gz"))
    settings.LINLI_FIELD_KEYS_FILE = tmp_path / "other-keys.json"  # a new, different ring
    crypto.reset_keyring()
    try:
        output = run("restore", str(tmp_path / "b.tar.gz"), "--yes")
    finally:
        crypto.reset_keyring()
    assert "警告：当前密钥环无法解密" in output


def test_include_keys_writes_a_separate_private_file_that_restores_the_ring(tmp_path, filled):
    output = run("backup", str(tmp_path / "b.tar.gz"), "--include-keys")
    keys = tmp_path / "b.keys.json"
    assert "警告" in output and str(keys) in output
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    data = json.loads(keys.read_text())
    assert "警告" in data["warning"]
    ring = crypto._load_file(keys)  # the file is a usable ring: LINLI_FIELD_KEYS_FILE may point to it
    assert ring.keys == crypto.keyring().keys
    with tarfile.open(tmp_path / "b.tar.gz") as tar:
        assert sorted(n for n in tar.getnames() if not n.startswith("media")) == [
            "database.pgdump" if connection.vendor == "postgresql" else "database.sqlite3",
            "manifest.json",
        ]


def test_restore_refuses_an_archive_that_is_not_a_backup(tmp_path, filled):
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(b"not a tar file")
    with pytest.raises(CommandError, match="无法读取备份文件"):
        run("restore", str(bad), "--yes")
    evil = tmp_path / "evil.tar.gz"
    (tmp_path / "x").write_text("x")
    with tarfile.open(evil, "w:gz") as tar:
        tar.add(tmp_path / "x", "../escape")
    with pytest.raises(CommandError, match="不安全"):
        run("restore", str(evil), "--yes")
    with pytest.raises(CommandError, match="找不到备份文件"):
        run("restore", str(tmp_path / "missing.tar.gz"))

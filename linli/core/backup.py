"""`linli backup` / `linli restore`: one archive with the database and the uploaded files.

The archive (``.tar.gz``, mode 600) holds ``manifest.json`` (time, Linli version, database vendor, the
row count of every table), the database — ``database.sqlite3`` made with SQLite's online backup API, or
``database.pgdump`` from ``pg_dump --format=custom`` — and ``media/`` (MEDIA_ROOT). The field-encryption
key ring is never put in the archive: a backup must not carry its own keys. ``--include-keys`` writes
it to a separate file next to the archive (mode 600), to be stored elsewhere.

Row counts are taken from the same snapshot as the dump (the SQLite copy itself; PostgreSQL's exported
snapshot, which pg_dump then uses), so restore can check that every row came back.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from linli.core import crypto

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
MEDIA_DIR = "media"
# Rows a freshly migrated database already has: they do not make it "non-empty".
FRAMEWORK_TABLES = {"django_migrations", "django_content_type", "auth_permission", "django_site"}
KEYS_WARNING = (
    "警告：此文件是个人信息加密密钥，任何拿到它和数据库备份的人都能读出居民的身份证号和手机号。"
    "请与备份分开存放（不同介质、不同位置），限制访问，切勿与备份一起传送。"
)


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is for the user (Chinese)."""


@dataclass
class RestoreReport:
    manifest: dict
    differences: list[str] = field(default_factory=list)
    key_problem: str = ""


def _version() -> str:
    try:
        return metadata.version("linli")
    except metadata.PackageNotFoundError:
        return "未知"


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _count_tables(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args + ["--dbname", db["NAME"]], env


def _pg_binary(name: str) -> str:
    found = shutil.which(name)
    if not found:
        versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
        if not versions:
            raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端工具（postgresql-client）。")
        found = str(versions[-1])
    return found


def _run(command: list[str], env: dict, what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what}失败：{result.stderr.strip()[-500:]}")


def _dump_sqlite(work: Path) -> dict[str, int]:
    connection.ensure_connection()
    target = sqlite3.connect(work / SQLITE_FILE)
    try:
        connection.connection.backup(target)  # online: the site may keep writing meanwhile
        tables = [r[0] for r in target.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return _count_tables(target.cursor(), [t for t in tables if not t.startswith("sqlite_")])
    finally:
        target.close()


def _dump_postgres(work: Path) -> dict[str, int]:
    args, env = _pg_env()
    connection.ensure_connection()
    with connection.cursor() as cursor:  # hold one snapshot: counted here, dumped by pg_dump
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_tables(cursor, connection.introspection.table_names(cursor))
            command = [_pg_binary("pg_dump"), "--format=custom", f"--snapshot={snapshot}"]
            _run([*command, "--file", str(work / PG_FILE), *args], env, "pg_dump 导出数据库")
        finally:
            cursor.execute("ROLLBACK")
    return counts


def archive_path(target: str | Path) -> Path:
    """A directory (existing, or written with a trailing slash) gets a dated file name."""
    path = Path(target)
    if path.is_dir() or str(target).endswith(("/", os.sep)):
        return path / f"linli-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
    return path


def write_keys_file(archive: Path) -> Path:
    ring = crypto.keyring()
    path = archive.with_name(archive.name.removesuffix(".tar.gz") + ".keys.json")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as fh:
        data = {"warning": KEYS_WARNING, "current": ring.current}
        json.dump(data | {"keys": crypto._encode_keys(ring.keys)}, fh, ensure_ascii=False, indent=1)
    return path


def create_backup(target: str | Path, *, include_keys: bool = False) -> tuple[Path, dict, Path | None]:
    """Write the archive (atomically: a temporary name, renamed when complete); returns its path, the
    manifest and the keys file (or None)."""
    archive = archive_path(target).resolve()
    archive.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"不支持的数据库类型：{vendor}。")
    with tempfile.TemporaryDirectory(prefix="linli-backup-") as tmp:
        work = Path(tmp)
        counts = _dump_sqlite(work) if vendor == "sqlite" else _dump_postgres(work)
        manifest = {
            "created_at": timezone.now().isoformat(),
            "linli_version": _version(),
            "database": vendor,
            "tables": counts,
            "keys_included": False,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
        partial = archive.with_name(f".{archive.name}.{os.getpid()}.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(work / MANIFEST, MANIFEST)
                db_file = SQLITE_FILE if vendor == "sqlite" else PG_FILE
                tar.add(work / db_file, db_file)
                media = Path(settings.MEDIA_ROOT)
                if media.is_dir():
                    tar.add(media, MEDIA_DIR)
            os.replace(partial, archive)
        finally:
            partial.unlink(missing_ok=True)
    keys = write_keys_file(archive) if include_keys else None
    return archive, manifest, keys


def _safe_extract(archive: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar.getmembers():
                name = Path(member.name)
                if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
                    raise BackupError(f"备份文件包含不安全的条目“{member.name}”，已拒绝恢复。")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"无法读取备份文件：{exc}") from None
    try:
        manifest = json.loads((into / MANIFEST).read_text())
        manifest["database"], manifest["tables"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError("备份文件缺少有效的清单（manifest.json），不是 linli backup 生成的备份。") from None
    return manifest


def current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _count_tables(cursor, connection.introspection.table_names(cursor))


def database_has_data() -> bool:
    return any(n for table, n in current_counts().items() if table not in FRAMEWORK_TABLES)


def _restore_sqlite(work: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(work / SQLITE_FILE)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgres(work: Path) -> None:
    args, env = _pg_env()
    connection.close()  # our own idle connection would not block, but holds no stale state either
    # Not `pg_restore --clean`: it cannot drop the partitions of the partitioned tables (core/partitioning.py)
    # one constraint at a time. Instead the dump becomes one SQL script that psql runs in a single
    # transaction after replacing the schema: all or nothing, as before.
    script = work / "restore.sql"
    _run(
        [_pg_binary("pg_restore"), "--no-owner", "--file", str(script), str(work / PG_FILE)],
        env,
        "pg_restore 读取备份",
    )
    command = [_pg_binary("psql"), "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
    reset = "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"
    _run([*command, *args, "-c", reset, "-f", str(script)], env, "恢复数据库")


def _restore_media(work: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    source = work / MEDIA_DIR
    media.parent.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".media-restore-", dir=media.parent))
    if source.is_dir():
        shutil.copytree(source, staged, dirs_exist_ok=True)
    old = media.with_name(f".media-old-{os.getpid()}")
    if media.exists():
        os.replace(media, old)
    os.replace(staged, media)
    shutil.rmtree(old, ignore_errors=True)


def check_keys() -> str:
    """An empty string when the key ring decrypts a sample of the stored 身份证号/手机号, else why not."""
    crypto.reset_keyring()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, mobile FROM people_person WHERE id_number <> '' OR mobile <> '' "
            "ORDER BY id LIMIT 20"
        )
        rows = cursor.fetchall()
    for id_number, mobile in rows:
        for value, column in ((id_number, "id_number"), (mobile, "mobile")):
            if value:
                try:
                    crypto.decrypt(value, context=f"people.person.{column}")
                except crypto.DecryptionError as exc:
                    return str(exc)
    return ""


def restore(archive: Path, *, overwrite: bool) -> RestoreReport:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件“{archive}”。")
    with tempfile.TemporaryDirectory(prefix="linli-restore-") as tmp:
        work = Path(tmp)
        manifest = _safe_extract(archive, work)
        if manifest["database"] != connection.vendor:
            raise BackupError(
                f"备份来自 {manifest['database']} 数据库，当前配置的是 {connection.vendor}，无法直接恢复。"
            )
        if not overwrite and database_has_data():
            raise BackupError("当前数据库已有数据，恢复会覆盖全部现有数据。确认无误后请加 --yes 重新运行。")
        if connection.vendor == "sqlite":
            _restore_sqlite(work)
        else:
            _restore_postgres(work)
        _restore_media(work)
    report = RestoreReport(manifest=manifest)
    now = current_counts()
    for table, expected in sorted(manifest["tables"].items()):
        got = now.get(table)
        if got is None:
            report.differences.append(f"表 {table}：恢复后不存在（备份中 {expected} 行）")
        elif got != expected:
            report.differences.append(f"表 {table}：备份中 {expected} 行，恢复后 {got} 行")
    if "people_person" in now:
        report.key_problem = check_keys()
    return report


def describe(manifest: dict) -> str:
    created = datetime.fromisoformat(manifest["created_at"])
    rows = sum(manifest["tables"].values())
    return (
        f"备份时间 {timezone.localtime(created):%Y-%m-%d %H:%M:%S}，Linli {manifest['linli_version']}，"
        f"{manifest['database']} 数据库，{len(manifest['tables'])} 张表共 {rows} 行"
    )

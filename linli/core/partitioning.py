"""Monthly range partitions for the large append-only tables, on PostgreSQL only (SQLite has no partitions).

``partition_by_month`` turns an ordinary table into a table partitioned by month on a timestamp column,
keeping its rows, columns, defaults, identity, check constraints, indexes and foreign keys; the primary key
becomes (id, timestamp) because PostgreSQL requires the partition key in every unique constraint — ids stay
unique because they come from the table's one identity sequence. ``ensure_partitions`` creates the coming
months ahead (the periodic job calls it); a row outside every month lands in the DEFAULT partition rather
than failing. Months follow settings.TIME_ZONE (Asia/Shanghai), like every date the users see.

Why: events, audit entries, visits and patrols grow by millions of rows a month at city scale and are only
ever appended; partitions keep their indexes small and let retention drop a whole month at once
(docs/scaling.md)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, connection, transaction

log = logging.getLogger("linli.partitioning")

#: table → the timestamp column it is partitioned by.
TABLES = {
    "appeals_appealevent": "at",
    "audit_accessentry": "at",
    "visits_visit": "visited_at",
    "visits_patrol": "checked_in_at",
}
MONTHS_AHEAD = 3


def _month(d: date, add: int = 0) -> date:
    index = d.year * 12 + d.month - 1 + add
    return date(index // 12, index % 12 + 1, 1)


def _bound(d: date) -> str:
    return datetime(d.year, d.month, d.day, tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()


def is_partitioned(cursor, table: str) -> bool:
    cursor.execute("SELECT relkind FROM pg_class WHERE relname = %s AND relkind IN ('r', 'p')", [table])
    row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def partition_name(table: str, month: date) -> str:
    return f"{table}_p{month:%Y%m}"


def _create_month(cursor, table: str, month: date) -> bool:
    name = partition_name(table, month)
    cursor.execute("SELECT 1 FROM pg_class WHERE relname = %s", [name])
    if cursor.fetchone():
        return False
    cursor.execute(
        f'CREATE TABLE "{name}" PARTITION OF "{table}" FOR VALUES FROM (%s) TO (%s)',
        [_bound(month), _bound(_month(month, 1))],
    )
    return True


def partition_by_month(cursor, table: str, column: str, *, today: date | None = None) -> bool:
    """Convert ``table`` in place (inside the caller's transaction); False when it already is partitioned."""
    if is_partitioned(cursor, table):
        return False
    today = today or date.today()
    cursor.execute(
        "SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
        "WHERE c.conrelid = %s::regclass AND c.contype = 'f'",
        [table],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid), x.indisunique, x.indisprimary "
        "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass",
        [table],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conrelid::regclass::text FROM pg_constraint WHERE confrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    referencing = [r[0] for r in cursor.fetchall()]
    if referencing:
        raise RuntimeError(
            f"{table}: foreign keys of {referencing} point at it (not possible once partitioned)"
        )
    unique = [name for name, _, is_unique, is_primary in indexes if is_unique and not is_primary]
    if unique:
        raise RuntimeError(f"{table}: unique indexes {unique} cannot be kept on a partitioned table")
    cursor.execute(f'SELECT min("{column}") FROM "{table}"')
    oldest = cursor.fetchone()[0]

    old = f"{table}__unpartitioned"
    cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{old}"')
    cursor.execute(
        f'CREATE TABLE "{table}" (LIKE "{old}" INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS) '
        f'PARTITION BY RANGE ("{column}")'
    )
    first = _month(oldest.astimezone(ZoneInfo(settings.TIME_ZONE)).date()) if oldest else _month(today)
    month = first
    while month <= _month(today, MONTHS_AHEAD):
        _create_month(cursor, table, month)
        month = _month(month, 1)
    cursor.execute(f'CREATE TABLE "{table}_default" PARTITION OF "{table}" DEFAULT')
    cursor.execute(f'INSERT INTO "{table}" SELECT * FROM "{old}"')
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST((SELECT max(id) FROM \"{table}\"), 1), "
        f'(SELECT count(*) > 0 FROM "{table}"))',
        [table],
    )
    cursor.execute(f'DROP TABLE "{old}"')
    cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_pkey" PRIMARY KEY (id, "{column}")')
    for _name, definition, _, is_primary in indexes:
        if not is_primary:
            cursor.execute(definition)  # read before the rename: it names the table itself
    for name, definition in foreign_keys:
        cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    return True


def partition_all(*, today: date | None = None) -> list[str]:
    """Partition every table of TABLES that is not yet partitioned (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return []
    done = []
    with transaction.atomic(), connection.cursor() as cursor:
        for table, column in TABLES.items():
            if partition_by_month(cursor, table, column, today=today):
                done.append(table)
    return done


def ensure_partitions(*, today: date | None = None) -> list[str]:
    """Create the partitions of the current month and the next MONTHS_AHEAD months where missing.

    A month whose rows already went to the DEFAULT partition (the job did not run for months) is left to
    DEFAULT and logged, never failed: PostgreSQL refuses a partition that would take rows from DEFAULT."""
    if connection.vendor != "postgresql":
        return []
    today = today or date.today()
    made = []
    with connection.cursor() as cursor:
        for table in TABLES:
            if not is_partitioned(cursor, table):
                continue
            for add in range(0, MONTHS_AHEAD + 1):
                month = _month(today, add)
                try:
                    with transaction.atomic():
                        if _create_month(cursor, table, month):
                            made.append(partition_name(table, month))
                except DatabaseError as exc:  # rows of that month are in DEFAULT already
                    log.warning("分区 %s 未创建：%s", partition_name(table, month), exc)
    return made

import re
from functools import cache

import pytest


@cache
def _domain_tables() -> tuple[str, ...]:
    """The tables of Linli's data: not sessions, rate counters, log-in attempts or the audit log, which
    any request may write."""
    from django.apps import apps

    skip = re.compile(r"^(sessions|admin|contenttypes|auth|core)\.|ratecounter|loginattempt|accessentry")
    return tuple(
        m._meta.db_table
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and not skip.search(m._meta.label_lower)
    )


@pytest.fixture
def row_counts(db):
    """A function answering {table: rows} for every domain table, in one query (the fuzz tests call it
    around every refused write to prove nothing was written)."""
    from django.db import connection

    def count() -> dict[str, int]:
        quote = connection.ops.quote_name
        tables = _domain_tables()
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
            return dict(zip(tables, cursor.fetchone(), strict=True))

    return count

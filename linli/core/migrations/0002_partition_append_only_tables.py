"""PostgreSQL: partition the large append-only tables by month (linli/core/partitioning.py). SQLite: nothing."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from linli.core.partitioning import TABLES, partition_by_month

    with schema_editor.connection.cursor() as cursor:
        for table, column in TABLES.items():
            partition_by_month(cursor, table, column)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_ratecounter"),
        ("appeals", "0004_photo_event_without_db_constraint"),
        ("audit", "0001_initial"),
        ("visits", "0002_care_flags_to_ledger_tags"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]

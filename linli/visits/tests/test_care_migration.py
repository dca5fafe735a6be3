"""The interim care flags become ledger tags when visits 0002 runs: every flag copied with its dates,
interval, note and registrar; a flag the ledger already has open is merged, not doubled; back again on
reverse."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("visits", "0001_initial")]
AFTER = [("visits", "0002_care_flags_to_ledger_tags")]


def _migrate(targets=None):
    """Migrate to ``targets`` (default: everything) and return the historical apps there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    # The state where visits stands at the target and the ledger (people 0004) is in place.
    return executor.loader.project_state([*targets, ("people", "0004_tag_contact_days")]).apps


@pytest.mark.django_db(transaction=True)
def test_care_flags_become_care_tags_and_come_back_on_reverse():
    try:
        old = _migrate(BEFORE)
        Place = old.get_model("places", "Place")
        Person = old.get_model("people", "Person")
        Tag = old.get_model("people", "Tag")
        TagAssignment = old.get_model("people", "TagAssignment")
        CareFlag = old.get_model("visits", "CareFlag")
        User = old.get_model("accounts", "User")
        desk = User.objects.create(phone="13900000001", name="陈社工")
        home = Place.objects.create(code="430602", name="岳阳楼区", level=1)  # any place will do here
        li = Person.objects.create(name="李奶奶", gender="F", household=home)
        wang = Person.objects.create(name="王爷爷", gender="M", household=home)
        # 王爷爷 was tagged 独居老人 in the ledger already; the flag is merged into that tag.
        TagAssignment.objects.create(
            # get_or_create: an earlier transactional test may have flushed the seeded tags
            tag=Tag.objects.get_or_create(
                code="living_alone", defaults={"name": "独居老人", "target": "person", "care": True}
            )[0],
            person=wang,
            since=date(2026, 3, 1),
        )
        CareFlag.objects.create(
            person=li,
            kind="living_alone",
            since=date(2026, 1, 5),
            days_between_contacts=3,
            note="子女在外地",
            created_by=desk,
        )
        CareFlag.objects.create(person=li, kind="subsistence", since=date(2025, 6, 1), until=date(2026, 2, 1))
        CareFlag.objects.create(
            person=wang, kind="living_alone", since=date(2026, 2, 1), days_between_contacts=5
        )

        new = _migrate(AFTER)
        rows = {
            (r.person.name, r.tag.code): r
            for r in new.get_model("people", "TagAssignment").objects.select_related("person", "tag")
        }
        assert set(rows) == {("李奶奶", "living_alone"), ("李奶奶", "dibao"), ("王爷爷", "living_alone")}
        li_alone = rows[("李奶奶", "living_alone")]
        assert (
            li_alone.since,
            li_alone.until,
            li_alone.contact_days,
            li_alone.note,
            li_alone.created_by_id,
        ) == (
            date(2026, 1, 5),
            None,
            3,
            "子女在外地",
            desk.pk,
        )
        assert (rows[("李奶奶", "dibao")].since, rows[("李奶奶", "dibao")].until) == (
            date(2025, 6, 1),
            date(2026, 2, 1),
        )
        merged = rows[("王爷爷", "living_alone")]
        assert (merged.since, merged.until, merged.contact_days) == (date(2026, 2, 1), None, 5)

        back = _migrate(BEFORE)
        flags = {
            (f.person.name, f.kind, f.days_between_contacts)
            for f in back.get_model("visits", "CareFlag").objects.all()
        }
        # 低保 is no care tag in the ledger and carried no interval: it stays a ledger tag only.
        assert flags == {("李奶奶", "living_alone", 3), ("王爷爷", "living_alone", 5)}
    finally:
        _migrate()

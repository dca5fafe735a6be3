"""Importing the ledger: rows stream from the workbook, are validated one by one (``rows``) and applied
in batches of ``BATCH`` with bulk writes. Per batch: one query for the people already registered with
the batch's 身份证号 hashes (and one for same-named people without a number in the batch's households),
one bulk insert of new people, their residencies and events, bulk updates grouped by the set of changed
fields, and one query plus one insert for tags. Households are looked up in dictionaries loaded once and
limited to the importer's scope, so nothing is queried per row and memory does not grow with the file.

The same person is found again by 身份证号 (without one: by name within the household), so importing a
file twice changes nothing the second time. The whole import is one transaction: with all-or-nothing
it is rolled back when any row was refused."""

from __future__ import annotations

from array import array
from collections import defaultdict
from itertools import islice

from django.db import IntegrityError, transaction
from django.utils import timezone

from linli.audit import services as audit
from linli.audit.models import Action
from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.stats import stats_refresh

from .. import rules
from ..choices import PersonEventKind, Relation, ResidenceType
from ..models import Person, PersonEvent, Residency, TagAssignment
from ..services import LABELS
from . import layout as L
from .lookups import load_lookups
from .reader import ledger_rows
from .report import LedgerReport
from .rows import LedgerRow, Lookups, parse_row

BATCH = 1000
_ENCRYPTED = {"mobile", "id_number"}
_MATCH_FIELDS = (
    "id",
    "id_number_hash",
    "household_id",
    "name",
    "gender",
    "birth_date",
    "mobile_hash",
    "relation",
    "residence_type",
    "is_owner",
    "moved_in_on",
    "moved_out_on",
)


def _batches(items, size: int):
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _norm(name: str) -> str:
    return "".join((name or "").split())


class ImportRun:
    def __init__(self, actor, lookups: Lookups, in_scope: set[int], report: LedgerReport):
        self.actor, self.lookups, self.in_scope, self.report = actor, lookups, in_scope, report
        self.role = policy.acting_role(actor, rules.IMPORT_PERSON)
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.row_of_pk = array("I")  # person pk → file row that already touched it (0: none)

    # Row bookkeeping ----------------------------------------------------------------------------

    def _touched(self, pk: int) -> int:
        return self.row_of_pk[pk] if pk < len(self.row_of_pk) else 0

    def _touch(self, pk: int, row: int) -> None:
        if pk >= len(self.row_of_pk):
            self.row_of_pk.extend([0] * (pk + 1 - len(self.row_of_pk) + 100_000))
        self.row_of_pk[pk] = row

    # The run ------------------------------------------------------------------------------------

    def run(self, rows, progress=None) -> None:
        done = 0
        for batch in _batches(rows, BATCH):
            errors: list[tuple[int, str, str]] = []
            valid: list[LedgerRow] = []
            for number, values in batch:
                parsed, row_errors = parse_row(number, values, self.lookups)
                if parsed is None:
                    errors.extend((number, column, message) for column, message in row_errors)
                else:
                    valid.append(parsed)
            self._apply(valid, errors)
            self.report.add_row_errors(errors)
            done += len(batch)
            if progress is not None and done % (BATCH * 50) == 0:
                progress(done)

    def _existing(self, rows: list[LedgerRow]) -> tuple[dict, dict]:
        hashes = [r.id_hash for r in rows if r.id_hash]
        by_hash = {}
        if hashes:
            # The exclusion lets SQLite use the partial unique index; no ordering, no join to places.
            found = Person.objects.filter(id_number_hash__in=hashes).exclude(id_number_hash="").order_by()
            for rec in found.values(*_MATCH_FIELDS):
                by_hash[rec["id_number_hash"]] = rec
        by_name: dict[tuple, dict] = {}
        homes = {r.household_id for r in rows if not r.id_hash}
        if homes:
            people = Person.objects.filter(
                household_id__in=homes, id_number_hash="", moved_out_on__isnull=True
            )
            for rec in people.order_by("id").values(*_MATCH_FIELDS):
                by_name.setdefault((rec["household_id"], _norm(rec["name"])), rec)
        return by_hash, by_name

    def _apply(self, rows: list[LedgerRow], errors: list) -> None:
        by_hash, by_name = self._existing(rows)
        first_row: dict = {}
        new: list[tuple[LedgerRow, Person]] = []
        changes: list[tuple[LedgerRow, int, dict, bool]] = []  # row, pk, changed fields, moved
        unchanged: list[tuple[LedgerRow, int]] = []
        for r in rows:
            key = r.id_hash or (r.household_id, _norm(r.name))
            if key in first_row:
                what = "身份证号" if r.id_hash else "同户同名（未填身份证号）"
                errors.append(
                    (r.row, L.ID_NUMBER if r.id_hash else L.NAME, f"与第 {first_row[key]} 行{what}重复")
                )
                continue
            first_row[key] = r.row
            rec = by_hash.get(r.id_hash) if r.id_hash else by_name.get(key)
            if rec is None:
                new.append((r, self._new_person(r)))
                continue
            if earlier := self._touched(rec["id"]):
                errors.append(
                    (
                        r.row,
                        L.ID_NUMBER,
                        f"与第 {earlier} 行是同一居民（{'身份证号相同' if r.id_hash else '同户同名'}），请合并为一行",
                    )
                )
                continue
            if problem := self._refusal(r, rec):
                errors.append((r.row, *problem))
                continue
            self._touch(rec["id"], r.row)
            changed, moved = self._changes(r, rec)
            if changed:
                changes.append((r, rec["id"], changed, moved))
            else:
                unchanged.append((r, rec["id"]))
        self._create(new)
        self._update(changes)
        tagged = self._tags([(r, p.pk) for r, p in new] + [(r, pk) for r, pk, _, _ in changes] + unchanged)
        self.report.counts.created += len(new)
        self.report.counts.updated += len(changes)
        still = [(r, pk) for r, pk in unchanged if pk not in tagged]
        self.report.counts.updated += len(unchanged) - len(still)
        self.report.counts.unchanged += len(still)
        events = [self._event(pk, ["标签"], "Excel 导入：加标签") for _, pk in unchanged if pk in tagged]
        PersonEvent.objects.bulk_create(events)

    def _refusal(self, r: LedgerRow, rec: dict) -> tuple[str, str] | None:
        if rec["moved_out_on"] is None and rec["household_id"] not in self.in_scope:
            return (
                L.ID_NUMBER,
                "该身份证号已登记在您管辖范围以外的户中，您不能修改；如该居民已搬来，请原所在社区先办理迁出",
            )
        moving = rec["moved_out_on"] is not None or rec["household_id"] != r.household_id
        on = r.moved_in_on or self.today
        if moving and rec["moved_in_on"] and rec["moved_out_on"] is None and on < rec["moved_in_on"]:
            return (L.MOVED_IN, "迁入本户的日期早于该居民迁入原住户的日期，请核对迁入日期")
        return None

    def _new_person(self, r: LedgerRow) -> Person:
        return Person(
            household_id=r.household_id,
            name=r.name,
            gender=r.gender,
            birth_date=r.birth_date,
            id_number=r.id_number,
            id_number_hash=r.id_hash,
            mobile=r.mobile,
            mobile_hash=r.mobile_hash,
            relation=r.relation or Relation.OTHER,
            residence_type=r.residence_type or ResidenceType.RESIDENT,
            is_owner=bool(r.is_owner),
            moved_in_on=r.moved_in_on,
        )

    def _changes(self, r: LedgerRow, rec: dict) -> tuple[dict, bool]:
        wanted = {"name": r.name, "gender": r.gender, "birth_date": r.birth_date}
        for field in ("relation", "residence_type", "is_owner"):
            if getattr(r, field) is not None:
                wanted[field] = getattr(r, field)
        changed = {f: v for f, v in wanted.items() if v != rec[f]}
        if r.mobile and r.mobile_hash != rec["mobile_hash"]:
            changed.update(mobile=r.mobile, mobile_hash=r.mobile_hash)
        moved = rec["moved_out_on"] is not None or rec["household_id"] != r.household_id
        if moved:
            changed.update(
                household_id=r.household_id, moved_in_on=r.moved_in_on or self.today, moved_out_on=None
            )
        elif r.moved_in_on and r.moved_in_on != rec["moved_in_on"]:
            changed["moved_in_on"] = r.moved_in_on
        return changed, moved

    def _event(self, pk: int, fields, note: str) -> PersonEvent:
        return PersonEvent(
            person_id=pk,
            actor=self.actor,
            role=self.role,
            kind=PersonEventKind.IMPORTED,
            fields="、".join(fields)[:300],
            note=note,
        )

    def _create(self, new: list[tuple[LedgerRow, Person]]) -> None:
        if not new:
            return
        try:
            with transaction.atomic():
                Person.objects.bulk_create([p for _, p in new])
        except IntegrityError:
            raise DomainError("有其他人正在同时登记这批居民中的某些人，请稍后重新导入。") from None
        for r, p in new:
            self._touch(p.pk, r.row)
        Residency.objects.bulk_create(
            Residency(
                person_id=p.pk, household_id=p.household_id, moved_in_on=p.moved_in_on, note="Excel 导入"
            )
            for _, p in new
        )
        PersonEvent.objects.bulk_create(self._event(p.pk, (), "Excel 导入：新登记") for _, p in new)

    def _update(self, changes: list[tuple[LedgerRow, int, dict, bool]]) -> None:
        if not changes:
            return
        groups: dict[tuple, list[Person]] = defaultdict(list)
        for _, pk, changed, _ in changes:
            plain = {f: v for f, v in changed.items() if f not in _ENCRYPTED}
            groups[tuple(sorted(plain))].append(Person(pk=pk, updated_at=self.now, **plain))
            if "mobile" in changed:
                # bulk_update() wraps values in CASE expressions, which EncryptedCharField cannot encrypt:
                # an encrypted field is written by update(), one row at a time (only rows whose number changed).
                Person.objects.filter(pk=pk).update(mobile=changed["mobile"])
        for fields, people in groups.items():
            Person.objects.bulk_update(people, [*fields, "updated_at"])
        moved = [(r, pk, changed["moved_in_on"]) for r, pk, changed, was_moved in changes if was_moved]
        by_date = defaultdict(list)
        for _, pk, on in moved:
            by_date[on].append(pk)
        for on, pks in by_date.items():
            Residency.objects.filter(person_id__in=pks, moved_out_on__isnull=True).update(moved_out_on=on)
        Residency.objects.bulk_create(
            Residency(person_id=pk, household_id=r.household_id, moved_in_on=on, note="Excel 导入")
            for r, pk, on in moved
        )
        events = []
        for _, pk, changed, was_moved in changes:
            names = [LABELS.get(f, f) for f in changed if not f.endswith("_hash") and f != "moved_out_on"]
            names = [n for n in names if n != LABELS["household"]] if was_moved else names
            events.append(self._event(pk, names, "Excel 导入：迁入本户" if was_moved else "Excel 导入：修改"))
        PersonEvent.objects.bulk_create(events)

    def _tags(self, people: list[tuple[LedgerRow, int]]) -> set[int]:
        """Open the tags the rows name that are not open yet; returns the people who got a new tag."""
        on_person = {(t, pk) for r, pk in people for t in r.person_tags}
        on_home = {(t, r.household_id) for r, _ in people for t in r.household_tags}
        if not on_person and not on_home:
            return set()
        open_ = TagAssignment.objects.filter(until__isnull=True).order_by()
        if on_person:
            have = set(
                open_.filter(person_id__in={pk for _, pk in on_person}).values_list("tag_id", "person_id")
            )
            on_person -= have
        if on_home:
            have = set(
                open_.filter(household_id__in={h for _, h in on_home}).values_list("tag_id", "household_id")
            )
            on_home -= have
        note = "Excel 导入"
        TagAssignment.objects.bulk_create(
            [
                TagAssignment(tag_id=t, person_id=pk, since=self.today, note=note, created_by=self.actor)
                for t, pk in sorted(on_person)
            ]
            + [
                TagAssignment(tag_id=t, household_id=h, since=self.today, note=note, created_by=self.actor)
                for t, h in sorted(on_home)
            ]
        )
        return {pk for _, pk in on_person}


def ledger_import(
    *,
    source,
    actor,
    all_or_nothing: bool = False,
    max_bytes: int | None = None,
    filename: str = "",
    progress=None,
) -> LedgerReport:
    """Import the ledger workbook ``source`` (path or uploaded file) as ``actor``; see the module doc.

    ``progress(rows_read)`` is called every 50,000 rows. Raises PermissionDenied without the import
    permission, DomainError for a file that cannot be read.
    """
    policy.require(actor, rules.IMPORT_PERSON)
    report = LedgerReport(all_or_nothing=all_or_nothing)
    try:
        with transaction.atomic():
            lookups, in_scope = load_lookups(actor)
            ImportRun(actor, lookups, in_scope, report).run(
                ledger_rows(source, max_bytes=max_bytes), progress
            )
            if all_or_nothing and report.has_errors:
                report.applied = False
                transaction.set_rollback(True)
            elif report.created or report.updated:
                transaction.on_commit(stats_refresh, robust=True)
        with transaction.atomic():
            audit.record(
                actor=actor,
                permission=rules.IMPORT_PERSON,
                action=Action.IMPORT,
                object_type="people.person",
                object_label=(
                    f"居民台账导入{f'（{filename}）' if filename else ''}：新增 {report.created if report.applied else 0}，"
                    f"更新 {report.updated if report.applied else 0}，错误 {report.error_rows} 行"
                ),
                fields=[str(h) for h in L.HEADERS],
                row_count=report.written,
            )
    except BaseException:
        report.close()
        raise
    return report

"""Exporting ledger lists: the same filters as the ledger page (``selectors.ledger``), limited to what the
exporter may export. 身份证号 and mobile are masked (and only the birth year is given) unless the exporter
holds EXPORT_PERSON_FULL and states a reason. Rows stream from a chunked query into a write-only
workbook; once the file is written, the audit entry (action, fields, row count, reason) is recorded —
no export without its record."""

from __future__ import annotations

from itertools import islice

from django.core.exceptions import PermissionDenied
from django.db import transaction

from linli.audit import services as audit
from linli.audit.models import Action
from linli.core import policy
from linli.core.excel import Sheet, write_xlsx
from linli.places.models import Place

from .. import rules, selectors
from ..models import TagAssignment
from . import layout as L

CHUNK = 2000


def _chunks(iterable, size: int):
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


def export_queryset(*, actor, full: bool, **filters):
    rows = policy.visible(actor, rules.EXPORT_PERSON, selectors.ledger(user=actor, **filters))
    if full:
        rows = policy.visible(actor, rules.EXPORT_PERSON_FULL, rows)
    return rows


class _Names:
    """Names of 小区/楼栋/单元 by code, fetched once per chunk for the codes not seen yet."""

    def __init__(self):
        self.names: dict[str, str] = {}

    def load(self, household_codes) -> None:
        wanted = {c[:n] for c in household_codes for n in (15, 18, 20)} - self.names.keys()
        if wanted:
            self.names.update(Place.objects.filter(code__in=wanted).values_list("code", "name"))
            self.names.update((c, "") for c in wanted - self.names.keys())

    def of(self, code: str) -> tuple[str, str, str]:
        return self.names[code[:15]], self.names[code[:18]], self.names[code[:20]]


def _tags(people) -> dict[int, list[str]]:
    out = selectors.active_tags_by_person(p.pk for p in people)
    homes: dict[int, list[str]] = {}
    rows = TagAssignment.objects.filter(
        selectors.active_tag_q(), household_id__in={p.household_id for p in people}
    ).values_list("household_id", "tag__name")
    for pk, name in rows:
        homes.setdefault(pk, []).append(name)
    return {p.pk: out.get(p.pk, []) + homes.get(p.household_id, []) for p in people}


def _row(p, names: _Names, tags: dict, full: bool) -> tuple:
    home = p.household
    birth = p.birth_date
    if full:
        id_number, mobile, born = p.id_number, p.mobile, birth
    else:
        id_number, mobile = p.masked_id_number, p.masked_mobile
        born = f"{birth.year}年" if birth else None
    return (
        home.code,
        *names.of(home.code),
        home.name,
        p.name,
        L.GENDER_LABEL.get(p.gender, ""),
        born,
        id_number,
        mobile,
        L.RELATION_LABEL.get(p.relation, ""),
        L.RESIDENCE_LABEL.get(p.residence_type, ""),
        L.YES if p.is_owner else L.NO,
        p.moved_in_on,
        p.moved_out_on,
        "、".join(tags.get(p.pk, [])),
    )


def _rows(queryset, full: bool, counter: list[int]):
    names = _Names()
    for chunk in _chunks(queryset.iterator(chunk_size=CHUNK), CHUNK):
        names.load(p.household.code for p in chunk)
        tags = _tags(chunk)
        for p in chunk:
            counter[0] += 1
            yield _row(p, names, tags, full)


def ledger_export(*, actor, out, full: bool = False, reason: str = "", label: str = "", **filters) -> int:
    """Write the filtered list to ``out``; returns the number of residents exported.

    Raises PermissionDenied without EXPORT_PERSON (or EXPORT_PERSON_FULL for ``full``), DomainError when
    a full export comes without a reason."""
    policy.require(actor, rules.EXPORT_PERSON)
    if full:
        if not policy.may(actor, rules.EXPORT_PERSON_FULL):
            raise PermissionDenied
        reason = audit.require_reason(reason)
    queryset = export_queryset(actor=actor, full=full, **filters)
    counter = [0]
    write_xlsx(out, [Sheet(L.SHEET, L.EXPORT_COLUMNS, _rows(queryset, full, counter))])
    under = filters.get("under")
    with transaction.atomic():
        audit.record(
            actor=actor,
            permission=rules.EXPORT_PERSON_FULL if full else rules.EXPORT_PERSON,
            action=Action.EXPORT_FULL if full else Action.EXPORT,
            object_type="people.person",
            object_label=f"居民名单{f'（{label}）' if label else ''}",
            place_code=under.code if under is not None else "",
            fields=list(L.EXPORT_HEADERS),
            reason=reason,
            row_count=counter[0],
        )
    return counter[0]

"""12345 exchange: import hotline work orders as appeals, and export work orders in the hotline's shape.

Aggregate: Appeal, written only through ``intake.appeal_submit``. What an import keeps true:

- a work order comes in once: its 工单编号 becomes the appeal's external id (source "12345"); a number
  already known — as a 12345 external id or as a Linli appeal number (a re-imported export) — counts as
  unchanged, never as an error or a duplicate;
- each row is placed inside the actor's scope: by 地点编码, else by the one 小区 of the actor's scope
  whose name 诉求地址 contains; the intake checks the scope again;
- every refused row is reported (row, the file's own header, reason in Chinese); all-or-nothing writes
  nothing when any row is refused; an unexpected failure writes nothing at all;
- the hotline's 受理时间 and its own handling record stay on the appeal's submitted event.

An export lists the appeals the user may see that were submitted in the period, in the import shape (so
it re-imports as unchanged), with names and phone numbers masked unless the user holds
``appeals.export_personal`` and states a reason; every export is logged to "linli.audit".
"""

from __future__ import annotations

import csv
import io
import logging
import unicodedata
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta
from datetime import time as dtime
from itertools import islice

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.utils import timezone

from linli.core import policy
from linli.core.excel import (
    CellError,
    Column,
    ImportReport,
    Sheet,
    cell_code,
    cell_text,
    csv_safe,
    write_xlsx,
)
from linli.core.exceptions import Conflict, DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import hotline_sheet as S
from . import rules
from .choices import AppealType, Channel, EventKind
from .hotline_rules import EXPORT_PERSONAL
from .models import Appeal, AppealEvent, Category
from .services.intake import appeal_submit

logger = logging.getLogger(__name__)
audit = logging.getLogger("linli.audit")

SOURCE = "12345"
_BATCH = 500
_TYPES = {**{label: value for value, label in AppealType.choices}, **{v: v for v in AppealType.values}}
#: Intake's field names → the sheet's fields, to point a refused row at its column.
_INTAKE_FIELDS = {"text": S.TEXT, "place": S.PLACE_CODE, "category": S.CATEGORY, "appeal_type": S.TYPE}


class _System:
    """The command line run without ``--as``: exports everything, always masked."""

    pk = "system"

    def __str__(self):
        return "系统（命令行）"


SYSTEM = _System()


# --- Import ----------------------------------------------------------------------------------------


def hotline_import(*, actor, file, mapping: Mapping[str, str] | None = None, all_or_nothing=False):
    """Import the 12345 sheet ``file`` (upload, path or bytes; .xlsx or .csv) as ``actor``.

    Returns an ImportReport (sheet "12345工单"): created, unchanged (numbers already known) and every
    refused row. Raises PermissionDenied without ``appeals.receive_appeal``; DomainError for an unreadable
    file or a mapping that does not fit it, and for an unexpected failure — nothing is written then.
    """
    if not policy.may(actor, rules.RECEIVE_APPEAL):
        raise PermissionDenied
    table = S.read_table(file, mapping=mapping)
    index = S.resolve_mapping(table.headers, mapping)
    report = ImportReport(all_or_nothing=all_or_nothing)
    report.counts(S.SHEET)
    run = _ImportRun(actor, table, index, report)
    try:
        with transaction.atomic():
            run.run()
            if all_or_nothing and report.has_errors:
                raise _RollBack
    except _RollBack:
        report.applied = False
    except DomainError:
        raise
    except Exception:
        logger.exception("12345 import failed; nothing written")
        raise DomainError(
            "导入时发生意外错误，本次没有导入任何数据。请稍后重试；如果仍然失败，请把文件交给系统管理员排查。"
        ) from None
    logger.info(
        "12345 import by user %s: created %s, unchanged %s, %s errors, applied %s",
        actor.pk,
        report.created,
        report.unchanged,
        len(report.errors),
        report.applied,
    )
    return report


class _RollBack(Exception):
    pass


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


class _ImportRun:
    """One import: the file's rows, what is already known, and the lookups (categories, places)."""

    def __init__(self, actor, table: S.Table, index: dict[str, int], report: ImportReport):
        self.actor, self.table, self.index, self.report = actor, table, index, report
        self.places = _PlaceFinder(actor)
        self.categories = _CategoryFinder()
        self.now = timezone.now()

    def header(self, field: str) -> str:
        """The column a message points at: the file's own header for the field."""
        i = self.index.get(field)
        return self.table.headers[i] if i is not None else field

    def error(self, row: int, field: str, message: str) -> None:
        self.report.error(S.SHEET, row, self.header(field), message)

    def _values(self) -> Iterator[tuple[int, dict]]:
        for number, cells in self.table.rows:
            values = {f: (cells[i] if i < len(cells) else "") for f, i in self.index.items()}
            if any(not S.is_blank(v) for v in values.values()):
                yield number, values

    def run(self) -> None:
        rows = list(self._values())
        numbers: dict[int, str] = {}
        for row, values in rows:
            try:
                number = cell_code(values.get(S.NUMBER)).lstrip("'")
            except CellError as e:
                self.error(row, S.NUMBER, e.message)
                continue
            if not number:
                self.error(row, S.NUMBER, "缺少工单编号")
            elif len(number) > 64:
                self.error(row, S.NUMBER, "工单编号过长（最多 64 个字符）")
            else:
                numbers[row] = number
        known = _known_numbers(set(numbers.values()))
        first_row: dict[str, int] = {}
        for row, values in rows:
            number = numbers.get(row)
            if number is None:
                self._parse(row, values)  # report the row's other errors as well
                continue
            if number in known:
                self.report.count(S.SHEET, "unchanged")
                continue
            if number in first_row:
                self.error(row, S.NUMBER, f"工单编号 {number} 与第 {first_row[number]} 行重复，本行未导入")
                continue
            first_row[number] = row
            parsed = self._parse(row, values)
            if parsed is not None:
                self._submit(row, number, parsed)

    def _parse(self, row: int, values: dict) -> dict | None:
        """The row's fields for the intake, or None after reporting each bad cell."""
        errors = len(self.report.errors)
        out: dict = {}

        def text(field: str, limit: int) -> str:
            value = cell_text(values.get(field))
            if len(value) > limit:
                self.error(row, field, f"内容过长（最多 {limit} 个字）")
            return value

        if not text(S.TEXT, 2000):
            self.error(row, S.TEXT, "缺少诉求内容")
        out["text"] = cell_text(values.get(S.TEXT))
        out["reporter_name"] = text(S.REPORTER, 50)
        out["reporter_phone"] = _norm(cell_text(values.get(S.PHONE))).lstrip("'")
        if len(out["reporter_phone"]) > 20:
            self.error(row, S.PHONE, "联系电话过长（最多 20 个字符）")
        kind = _norm(cell_text(values.get(S.TYPE)))
        out["appeal_type"] = _TYPES.get(kind or AppealType.HELP.label)
        if out["appeal_type"] is None:
            self.error(row, S.TYPE, f"未知的诉求类型“{kind}”，应为 {'、'.join(AppealType.labels)} 之一")
        for field in (S.RECEIVED_AT, S.CLOSED_AT):
            try:
                out[field] = S.cell_time(values.get(field))
            except CellError as e:
                self.error(row, field, e.message)
        if out.get(S.RECEIVED_AT) and out[S.RECEIVED_AT] > self.now + timedelta(minutes=10):
            self.error(row, S.RECEIVED_AT, "受理时间晚于当前时间")
        try:
            out["category"] = self.categories.find(cell_text(values.get(S.CATEGORY)))
        except CellError as e:
            self.error(row, S.CATEGORY, e.message)
        out["address"] = cell_text(values.get(S.ADDRESS))
        try:
            code = cell_code(values.get(S.PLACE_CODE)).lstrip("'")
        except CellError as e:
            self.error(row, S.PLACE_CODE, e.message)
        else:
            out["place_field"] = S.PLACE_CODE if code else S.ADDRESS
            try:
                out["place"] = self.places.find(code=code, address=out["address"])
            except CellError as e:
                self.error(row, out["place_field"], e.message)
        out["hotline"] = {
            key: value
            for key, value in {
                "unit": cell_text(values.get(S.UNIT))[:100],
                "status": cell_text(values.get(S.STATUS))[:50],
                "reply": cell_text(values.get(S.REPLY))[:2000],
                "satisfaction": cell_text(values.get(S.SATISFACTION))[:50],
            }.items()
            if value
        }
        return out if len(self.report.errors) == errors else None

    def _submit(self, row: int, number: str, parsed: dict) -> None:
        hotline = {"number": number, **parsed["hotline"]}
        received = parsed.get(S.RECEIVED_AT)
        note = f"12345 工单 {number}"
        if received:
            hotline["received_at"] = received.isoformat()
            note += f"，热线受理时间 {timezone.localtime(received):%Y-%m-%d %H:%M}"
        if parsed.get(S.CLOSED_AT):
            hotline["closed_at"] = parsed[S.CLOSED_AT].isoformat()
        try:
            with transaction.atomic():
                appeal_submit(
                    actor=self.actor,
                    channel=Channel.HOTLINE,
                    text=parsed["text"],
                    place=parsed["place"],
                    appeal_type=parsed["appeal_type"],
                    category=parsed["category"],
                    address=parsed["address"],
                    reporter_name=parsed["reporter_name"],
                    reporter_phone=parsed["reporter_phone"],
                    external_source=SOURCE,
                    external_id=number,
                    event_note=note,
                    event_data={"hotline": hotline},
                )
        except (Conflict, IntegrityError):
            # Imported a moment ago by someone else: the same work order, so unchanged.
            self.report.count(S.SHEET, "unchanged")
        except DomainError as e:
            field = _INTAKE_FIELDS.get(e.field or "", S.NUMBER)
            message = e.message.rstrip("。")
            if e.field == "place":
                field = parsed["place_field"]
                if "管辖范围" in message:
                    message = _out_of_scope(parsed["place"])
            self.error(row, field, message)
        except PermissionDenied:
            self.error(row, S.NUMBER, "您没有录入诉求的权限")
        else:
            self.report.count(S.SHEET, "created")


def _known_numbers(numbers: set[str]) -> set[str]:
    """The numbers already in Linli: 12345 external ids, and Linli's own numbers (a re-imported export)."""
    known: set[str] = set()
    it = iter(sorted(numbers))
    while batch := list(islice(it, _BATCH)):
        known.update(
            Appeal.objects.filter(external_source=SOURCE, external_id__in=batch).values_list(
                "external_id", flat=True
            )
        )
        known.update(Appeal.objects.filter(number__in=batch).values_list("number", flat=True))
    return known


def _out_of_scope(place: Place | None) -> str:
    code = place.code if place else ""
    return f"地点编码 {code} 不存在或不在您的管辖范围内"


class _PlaceFinder:
    """Places by code (any place; the intake checks scope), or the one 小区 of the actor's scope whose
    name the address contains."""

    def __init__(self, actor):
        self.actor = actor
        self._by_code: dict[str, Place | None] = {}
        self._compounds: list[tuple[str, Place]] | None = None

    def find(self, *, code: str, address: str) -> Place:
        if code:
            if code not in self._by_code:
                self._by_code[code] = Place.objects.filter(code=code).first()
            place = self._by_code[code]
            if place is None:
                raise CellError(f"地点编码 {code} 不存在或不在您的管辖范围内")
            return place
        if not address:
            raise CellError("请填写地点编码或诉求地址")
        return self._by_address(address)

    def _by_address(self, address: str) -> Place:
        if self._compounds is None:
            compounds = policy.visible(
                self.actor, rules.SUBMIT_APPEAL, Place.objects.filter(level=PlaceLevel.COMPOUND)
            ).select_related("parent")
            self._compounds = [(n, p) for p in compounds if len(n := _norm(p.name)) >= 2]
        text = _norm(address)
        hits = [(name, place) for name, place in self._compounds if name in text]
        names = {name for name, _ in hits}
        # "春晖花园二期" in the address also contains "春晖花园": the longer name wins.
        places = {p.pk: p for n, p in hits if not any(n != other and n in other for other in names)}
        if len(places) == 1:
            return next(iter(places.values()))
        if not places:
            raise CellError("诉求地址中没有您管辖范围内的小区名称，请填写地点编码")
        listed = "、".join(
            f"{p.name}（{p.parent.name}，{p.code}）" for p in sorted(places.values(), key=lambda p: p.code)
        )
        raise CellError(f"诉求地址对应多个小区：{listed}，请填写地点编码")


class _CategoryFinder:
    """Categories by "一级/二级", by code, or by a second-level name that only one category has."""

    def __init__(self):
        self.by_path: dict[str, Category] = {}
        self.by_code: dict[str, Category] = {}
        self.by_leaf: dict[str, list[Category]] = {}
        self.top_names: set[str] = set()
        for c in Category.objects.select_related("parent"):
            self.by_code[c.code] = c
            if c.parent_id:
                self.by_path[f"{_norm(c.parent.name)}/{_norm(c.name)}"] = c
                self.by_leaf.setdefault(_norm(c.name), []).append(c)
            else:
                self.top_names.add(_norm(c.name))

    def find(self, raw: str) -> Category | None:
        text = _norm(raw).replace("\\", "/").replace(">", "/")
        if not text:
            return None
        if "/" in text:
            found = self.by_path.get(text)
        elif text in self.by_code:
            found = self.by_code[text]
        else:
            leaves = self.by_leaf.get(text, [])
            if len(leaves) > 1:
                raise CellError(f"有多个名为“{raw}”的分类，请写成“一级/二级”")
            if not leaves and text in self.top_names:
                raise CellError(f"“{raw}”是一级分类，请写到二级分类，如“物业服务/设施维修”")
            found = leaves[0] if leaves else None
        if found is None:
            raise CellError(f"未知的诉求分类“{raw}”，请填写系统中的二级分类，或写成“一级/二级”")
        return found


# --- Export ----------------------------------------------------------------------------------------


def hotline_export(*, user, start: date, end: date, full_contact=False, reason="") -> bytes:
    """The work orders ``user`` may see, submitted from ``start`` to ``end`` (inclusive), as an .xlsx
    workbook in the import shape. See :func:`hotline_export_to` for the rules and what it raises."""
    out = io.BytesIO()
    hotline_export_to(out, user=user, start=start, end=end, full_contact=full_contact, reason=reason)
    return out.getvalue()


def hotline_export_csv(*, user, start: date, end: date, full_contact=False, reason="") -> bytes:
    """As :func:`hotline_export`, as a UTF-8 CSV file (with BOM, so that Excel reads the Chinese)."""
    out = io.BytesIO()
    hotline_export_to(
        out, user=user, start=start, end=end, fmt="csv", full_contact=full_contact, reason=reason
    )
    return out.getvalue()


def hotline_export_to(out, *, user, start, end, fmt="xlsx", full_contact=False, reason="") -> int:
    """Write the export to the binary file ``out`` (streamed); returns how many work orders it holds.

    Names and phone numbers are masked unless ``full_contact``, which needs ``appeals.export_personal``
    (else PermissionDenied) and a ``reason`` (else DomainError). Raises PermissionDenied without
    ``appeals.receive_appeal``, DomainError for a period that ends before it starts. Logs the export,
    with the reason, to "linli.audit".
    """
    if user is not SYSTEM and not policy.may(user, rules.RECEIVE_APPEAL):
        raise PermissionDenied
    reason = (reason or "").strip()
    if full_contact:
        if user is SYSTEM or not policy.may(user, EXPORT_PERSONAL):
            raise PermissionDenied
        if len(reason) < 4:
            raise DomainError("导出完整联系方式须写明理由（至少 4 个字）。", field="reason")
    if end < start:
        raise DomainError("结束日期不能早于开始日期。", field="end")
    counted = _Counter(_export_rows(user=user, start=start, end=end, full_contact=full_contact))
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(S.FIELDS)
        writer.writerows([csv_safe(v) for v in row] for row in counted)
        text.flush()
        text.detach()
    else:
        columns = [Column(c.header, c.width, text=c.text, wrap=c.wrap) for c in S.COLUMNS]
        write_xlsx(out, [Sheet(S.SHEET, columns, counted)])
    audit.info(
        "12345 export: user=%s count=%s period=%s..%s format=%s full_contact=%s reason=%s",
        user.pk,
        counted.n,
        start,
        end,
        fmt,
        full_contact,
        reason,
    )
    return counted.n


class _Counter:
    def __init__(self, rows):
        self.rows, self.n = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.n += 1
            yield row


def _export_rows(*, user, start: date, end: date, full_contact: bool) -> Iterator[list]:
    from .selectors import appeal_visible_to

    tz = timezone.get_current_timezone()
    since = datetime.combine(start, dtime.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), dtime.min, tzinfo=tz)
    hotline_time = (
        AppealEvent.objects.filter(appeal=OuterRef("pk"), kind=EventKind.SUBMITTED)
        .annotate(t=KT("data__hotline__received_at"))
        .order_by("pk")
        .values("t")[:1]
    )
    base = Appeal.objects.all() if user is SYSTEM else appeal_visible_to(user)
    qs = (
        base.filter(submitted_at__gte=since, submitted_at__lt=until)
        .select_related("category__parent", "unit", "place__parent__parent__parent")
        .annotate(hotline_received=Subquery(hotline_time, output_field=CharField()))
        .order_by("submitted_at", "pk")
    )
    for a in qs.iterator(chunk_size=1000):
        received = _parse_iso(a.hotline_received) or a.received_at or a.submitted_at
        number = a.external_id if a.external_source == SOURCE and a.external_id else a.number
        address = a.address or (a.place.display_name if a.place_id else "")
        yield [
            number,
            S.format_time(received),
            a.reporter_name if full_contact else S.mask_name(a.reporter_name),
            a.reporter_phone if full_contact else S.mask_phone(a.reporter_phone),
            a.get_appeal_type_display(),
            str(a.category) if a.category_id else "",
            address,
            a.place_code,
            a.text,
            a.unit.name if a.unit_id else "",
            a.get_status_display(),
            S.format_time(a.closed_at),
            a.reply,
            a.get_satisfaction_display() if a.satisfaction else "",
        ]


def _parse_iso(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def hotline_template(out) -> None:
    """The empty import sheet, with a 说明 sheet describing each column."""
    notes = [Column("列", 12), Column("是否必填", 10), Column("填写说明", 70, wrap=True)]
    write_xlsx(
        out,
        [
            Sheet(S.SHEET, S.COLUMNS, []),
            Sheet("说明", notes, [(field, *S.HELP[field]) for field in S.FIELDS]),
        ],
    )

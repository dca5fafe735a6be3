"""The 12345 work-order sheet: its columns, the column mapping, reading .xlsx and .csv files, and the
cell rules (times, masking). No database here.

The default shape is what real 12345 exports look like: Chinese headers, one row per work order. A
mapping ``{field: header}`` says which header of the user's file holds each field (the fields are the
default headers): a field mapped to "" is not in the file; a field left out of the mapping is read
from the column with its own name, if there is one.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import chain
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from python_calamine import CalamineWorkbook

from linli.core.excel import CellError, Column, cell_text, csv_unquote, normalize_header, open_xlsx
from linli.core.exceptions import DomainError

from .choices import AppealType

SHEET = "12345工单"

NUMBER = "工单编号"
RECEIVED_AT = "受理时间"
REPORTER = "诉求人"
PHONE = "联系电话"
TYPE = "诉求类型"
CATEGORY = "诉求分类"
ADDRESS = "诉求地址"
PLACE_CODE = "地点编码"
TEXT = "诉求内容"
UNIT = "承办单位"
STATUS = "办理状态"
CLOSED_AT = "办结时间"
REPLY = "答复内容"
SATISFACTION = "满意度"

COLUMNS = (
    Column(NUMBER, 22, text=True),
    Column(RECEIVED_AT, 20, text=True),
    Column(REPORTER, 10),
    Column(PHONE, 15, text=True),
    Column(TYPE, 8, choices=tuple(AppealType.labels)),
    Column(CATEGORY, 22),
    Column(ADDRESS, 30),
    Column(PLACE_CODE, 24, text=True),
    Column(TEXT, 50, wrap=True),
    Column(UNIT, 18),
    Column(STATUS, 12),
    Column(CLOSED_AT, 20, text=True),
    Column(REPLY, 40, wrap=True),
    Column(SATISFACTION, 10),
)
FIELDS = tuple(c.header for c in COLUMNS)
REQUIRED = (NUMBER, TEXT)
#: What each column holds, for the template's 说明 sheet and the mapping form.
HELP = {
    NUMBER: ("必填", "热线系统的工单编号；同一编号重复导入不会重复建单"),
    RECEIVED_AT: ("选填", "热线受理时间，如 2024-05-01 09:30"),
    REPORTER: ("选填", "诉求人姓名"),
    PHONE: ("选填", "诉求人联系电话"),
    TYPE: ("选填", "咨询、求助、投诉、举报、建议、表扬之一；空白按“求助”"),
    CATEGORY: ("选填", "系统中的二级分类名称，或“一级/二级”，如“物业服务/设施维修”"),
    ADDRESS: ("二选一", "诉求地址；未填地点编码时，按地址中的小区名称定位（须在您的管辖范围内）"),
    PLACE_CODE: ("二选一", "系统中的地点编码（小区、楼栋、户，或社区、街道）"),
    TEXT: ("必填", "诉求内容，至少 5 个字"),
    UNIT: ("选填", "热线系统的承办单位，导入时仅作记录"),
    STATUS: ("选填", "热线系统的办理状态，导入时仅作记录"),
    CLOSED_AT: ("选填", "热线系统的办结时间，导入时仅作记录"),
    REPLY: ("选填", "热线系统的答复内容，导入时仅作记录"),
    SATISFACTION: ("选填", "热线系统的满意度，导入时仅作记录"),
}
#: How many non-blank rows at the top may precede the header row (a title, an export date …).
_HEADER_LOOKAHEAD = 10


# --- Reading ---------------------------------------------------------------------------------------


@dataclass
class Table:
    """A file's header row and the rows below it: ``(row number as Excel shows it, cells)``."""

    headers: list[str]
    header_row: int
    rows: Iterator[tuple[int, list]]
    kind: str  # "xlsx" or "csv"


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_bytes(source) -> bytes:
    max_bytes = settings.LINLI_IMPORT_MAX_BYTES
    size = Path(source).stat().st_size if isinstance(source, str | Path) else getattr(source, "size", None)
    if size is not None and size > max_bytes:
        raise DomainError(f"文件太大，一次最多导入 {max_bytes // 1024 // 1024} MB，请分成几个文件导入。")
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        data = Path(source).read_bytes()
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(f"文件太大，一次最多导入 {max_bytes // 1024 // 1024} MB，请分成几个文件导入。")
    if not data.strip():
        raise DomainError("文件是空的，请选择 12345 工单的 Excel（.xlsx）或 CSV 文件。")
    return data


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
    except UnicodeDecodeError:
        pass
    else:
        if b"\x00" not in data:
            for encoding in ("utf-8", "gb18030"):
                try:
                    return data.decode(encoding)
                except UnicodeDecodeError:
                    continue
    raise DomainError(
        "无法识别文件的文字编码，或文件不是 CSV 表格。请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）"
        "或 CSV（UTF-8 或 GBK 编码）后再导入。"
    )


def _csv_rows(text: str) -> Iterator[tuple[int, list]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Row numbers count records, as Excel numbers the rows when it opens the file.
        for number, cells in enumerate(reader, start=1):
            yield number, [csv_unquote(c) for c in cells]
    except csv.Error as e:
        raise DomainError(
            f"CSV 文件格式有误（第 {reader.line_num} 行附近：{e}），请检查引号是否成对。"
        ) from None


def _xlsx_sheets(data: bytes) -> Iterator[Iterator[tuple[int, list]]]:
    open_xlsx(data)  # refuses .xls, encrypted, non-Excel and corrupt files with a Chinese message
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in workbook.sheet_names:
        try:
            rows = workbook.get_sheet_by_name(name).iter_rows()
        except Exception:  # calamine's own error types for a broken sheet
            raise DomainError(f"工作表“{name}”无法读取，文件可能已损坏。") from None
        yield enumerate(rows, start=1)


def _find_header(rows: Iterator[tuple[int, list]], known: set[str]):
    """Split ``rows`` into the header row and the rest: the first row naming a known header, else the
    first with two or more cells filled, among the first few non-blank rows."""
    top: list[tuple[int, list]] = []
    for number, cells in rows:
        if all(is_blank(c) for c in cells):
            continue
        top.append((number, cells))
        if any(normalize_header(c) in known for c in cells) or len(top) >= _HEADER_LOOKAHEAD:
            break
    if not top:
        return None
    at = next((i for i, (_, c) in enumerate(top) if any(normalize_header(v) in known for v in c)), None)
    if at is None:
        at = next((i for i, (_, c) in enumerate(top) if sum(not is_blank(v) for v in c) >= 2), 0)
    number, cells = top[at]
    return number, [cell_text(c) for c in cells], chain(top[at + 1 :], rows)


def read_table(source, *, mapping: Mapping[str, str] | None = None) -> Table:
    """Open an upload, a path or bytes as a 12345 sheet (.xlsx: the first sheet with a known header;
    .csv: any of the encodings of :func:`decode_csv`). Raises DomainError for an unreadable file."""
    data = _read_bytes(source)
    known = {normalize_header(h) for h in chain(FIELDS, (mapping or {}).values()) if h}
    if data.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        found = fallback = None
        for rows in _xlsx_sheets(data):
            header = _find_header(rows, known)
            if header is not None and any(normalize_header(h) in known for h in header[1]):
                found = header
                break
            fallback = fallback or header
        found, kind = found or fallback, "xlsx"
    else:
        found, kind = _find_header(_csv_rows(decode_csv(data)), known), "csv"
    if found is None:
        raise DomainError("文件中没有任何数据。")
    number, headers, rows = found
    return Table(headers=headers, header_row=number, rows=rows, kind=kind)


def resolve_mapping(headers: list[str], mapping: Mapping[str, str] | None) -> dict[str, int]:
    """``{field: column index}`` for the fields present in the file. Raises DomainError for an unknown
    field, a mapped header the file lacks, or a required field without a column."""
    mapping = dict(mapping or {})
    unknown = [f for f in mapping if f not in FIELDS]
    if unknown:
        raise DomainError(f"列对应中有未知的字段：{'、'.join(unknown)}。可用的字段：{'、'.join(FIELDS)}。")
    positions: dict[str, int] = {}
    for i, header in enumerate(headers):
        if header:
            positions.setdefault(normalize_header(header), i)
    index: dict[str, int] = {}
    absent: list[str] = []
    for field in FIELDS:
        header = (mapping.get(field, field) or "").strip()
        position = positions.get(normalize_header(header)) if header else None
        if position is not None:
            index[field] = position
        elif field in mapping and header:
            absent.append(f"“{header}”（{field}）")
    if absent:
        raise DomainError(f"文件的表头中找不到列对应里指定的列：{'、'.join(absent)}。请检查列对应。")
    missing = [f for f in REQUIRED if f not in index]
    if missing:
        raise DomainError(
            f"文件中没有“{'”“'.join(missing)}”列。请在列对应中指定文件里的哪一列是"
            f"{'、'.join(missing)}，或下载导入模板按模板填写。"
        )
    return index


def default_choice(field: str, headers: list[str], saved: Mapping[str, str] | None = None) -> str:
    """The header of ``headers`` a mapping form preselects for ``field``: the user's saved choice, else
    the standard name; "" when the file has neither."""
    by_norm = {normalize_header(h): h for h in reversed(headers) if h}
    for wanted in ((saved or {}).get(field), field):
        if wanted and normalize_header(wanted) in by_norm:
            return by_norm[normalize_header(wanted)]
    return ""


def peek(source, *, rows: int = 3, mapping: Mapping[str, str] | None = None) -> tuple[list[str], list]:
    """The header row and the first few data rows (as text), for the mapping form."""
    table = read_table(source, mapping=mapping)
    sample = []
    for _, cells in table.rows:
        if any(not is_blank(c) for c in cells):
            sample.append([cell_text(c) for c in cells])
            if len(sample) >= rows:
                break
    return table.headers, sample


# --- Cells -----------------------------------------------------------------------------------------

_TIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y.%m.%d %H:%M:%S",
    "%Y.%m.%d %H:%M",
    "%Y.%m.%d",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H时%M分%S秒",
    "%Y年%m月%d日%H时%M分",
    "%Y年%m月%d日",
    "%Y%m%d%H%M%S",
    "%Y-%m-%d %H:%M:%S.%f",
)


def cell_time(value) -> datetime | None:
    """A time cell as an aware datetime (naive times are Beijing time), or None when blank; raises
    CellError for anything that is not a date and time."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, time | timedelta | bool):
        raise CellError("应填日期和时间，如 2024-05-01 09:30")
    else:
        text = " ".join(unicodedata.normalize("NFKC", cell_text(value)).split())
        moment = None
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            for fmt in _TIME_FORMATS:
                try:
                    moment = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
        if moment is None:
            raise CellError(f"“{text}”不是有效的时间，应写成 2024-05-01 09:30 这样的格式")
    if moment.microsecond:  # Excel stores times as fractions of a day: 09:29:59.9996 means 09:30:00
        moment = (moment + timedelta(microseconds=500_000)).replace(microsecond=0)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def format_time(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def mask_name(name: str) -> str:
    """张*明, 李*, 欧**锋 — the surname and the last character stay."""
    name = (name or "").strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """138****5678; landlines keep their first three and last four characters too."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "****"

"""Excel (.xlsx) helpers shared by every importer and exporter; no domain models here.

Reading: :func:`open_xlsx` checks an upload (size, really an .xlsx, not corrupt) and gives each sheet as
a stream of ``(Excel row number, {header: value})``; the cell helpers (:func:`cell_text`,
:func:`cell_code`, :func:`cell_int`, :func:`cell_decimal`) undo what Excel does to typed-in values.
Writing: :func:`write_xlsx` streams sheets with a styled Chinese header row (openpyxl write-only mode).
Reporting: :class:`ImportReport` counts created / updated / unchanged rows and lists row errors.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from python_calamine import CalamineWorkbook

from .exceptions import DomainError

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A zip that inflates far beyond its size is an attack, not a spreadsheet (real .xlsx: 5–10×).
_MAX_INFLATION = 40
#: Excel keeps 15 significant digits of a number: a longer code typed as a number is already lost.
_EXCEL_DIGITS = 15


# --- Reading ---------------------------------------------------------------------------------------


class CellError(ValueError):
    """A cell's value cannot be read as what the column needs; ``message`` is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f}"


def _read_bytes(source, max_bytes: int) -> bytes:
    """The file's bytes, refusing more than ``max_bytes`` before reading them all where the size is known."""
    size = getattr(source, "size", None)
    if isinstance(source, str | Path):
        size = Path(source).stat().st_size
    if size is not None and size > max_bytes:
        raise DomainError(
            f"文件太大（约 {_mb(size)} MB），一次最多导入 {_mb(max_bytes)} MB，请分成几个文件导入。"
        )
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        data = Path(source).read_bytes()
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(f"文件太大，一次最多导入 {_mb(max_bytes)} MB，请分成几个文件导入。")
    return data


def open_xlsx(source, *, max_bytes: int | None = None) -> XlsxFile:
    """Open an uploaded file, a path or bytes as an .xlsx workbook.

    Raises DomainError (with a Chinese message) for an empty, oversized, old-format (.xls), encrypted,
    non-Excel or corrupt file.
    """
    max_bytes = settings.LINLI_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    data = _read_bytes(source, max_bytes)
    if not data:
        raise DomainError("文件是空的，请选择填好的 Excel（.xlsx）文件。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # OLE container: .xls, or an .xlsx saved with a password
        raise DomainError(
            "这是旧版 Excel（.xls）文件或已加密的文件，请在 Excel 中“另存为”不加密的 .xlsx 格式后再导入。"
        )
    if not data.startswith(b"PK"):
        raise DomainError("文件不是 Excel（.xlsx）格式，请下载模板，填写后上传。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DomainError("文件已损坏，无法打开。请在 Excel 中重新保存为 .xlsx 后再导入。") from None
    if "xl/workbook.xml" not in names:
        raise DomainError(
            "文件不是 Excel（.xlsx）工作簿（可能是 Word、WPS 表格或其他格式），请另存为 .xlsx 后再导入。"
        )
    if inflated > _MAX_INFLATION * max(len(data), 1024 * 1024):
        raise DomainError("文件内容异常（解压后过大），无法导入。")
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:  # calamine raises its own error types, and sometimes plain ones, for broken files
        raise DomainError(
            "文件已损坏或格式不正确，无法读取。请在 Excel 中重新保存为 .xlsx 后再导入。"
        ) from None
    return XlsxFile(workbook)


def normalize_header(value) -> str:
    """Headers match whatever spaces (half- or full-width) surround or split them."""
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split())


class XlsxFile:
    """An opened workbook: find sheets by name, read their rows by header."""

    def __init__(self, workbook: CalamineWorkbook):
        self._workbook = workbook
        self._names = {normalize_header(n): n for n in workbook.sheet_names}

    @property
    def sheet_names(self) -> list[str]:
        return list(self._workbook.sheet_names)

    def has_sheet(self, name: str) -> bool:
        return normalize_header(name) in self._names

    def rows(
        self, sheet: str, *, columns: Sequence[str], required: Iterable[str] = ()
    ) -> Iterator[tuple[int, dict[str, object]]]:
        """``(Excel row number, {column: raw value})`` for each non-blank row below the header row.

        The header row is the first non-blank row; columns are matched by :func:`normalize_header`, other
        columns are ignored, a missing column reads as blank. Raises DomainError when the sheet is
        missing or lacks a ``required`` column.
        """
        actual = self._names.get(normalize_header(sheet))
        if actual is None:
            raise DomainError(f"文件中没有名为“{sheet}”的工作表，请使用系统提供的模板。")
        try:
            raw_rows = self._workbook.get_sheet_by_name(actual).iter_rows()
        except Exception:
            raise DomainError(f"工作表“{sheet}”无法读取，文件可能已损坏。") from None
        wanted = {normalize_header(c): c for c in columns}
        index: dict[str, int] | None = None
        for number, cells in enumerate(raw_rows, start=1):
            if index is None:
                if all(_blank(v) for v in cells):
                    continue
                index = {}
                for i, value in enumerate(cells):
                    column = wanted.get(normalize_header(value))
                    if column is not None and column not in index:
                        index[column] = i
                missing = [c for c in required if c not in index]
                if missing:
                    raise DomainError(
                        f"工作表“{sheet}”第 {number} 行（表头）缺少以下列：{'、'.join(missing)}。请使用系统提供的模板。"
                    )
                continue
            row = {c: (cells[i] if i < len(cells) else "") for c, i in index.items()}
            if any(not _blank(v) for v in row.values()):
                yield number, row


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value) -> str:
    """A cell as trimmed text: numbers Excel stored as floats lose their ``.0``; dates read as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def cell_code(value) -> str:
    """A code cell as a digit string: full-width digits and spaces normalised, ``430699001.0`` → ``430699001``.

    Raises CellError when Excel stored a code longer than 15 digits as a number (its tail is lost).
    """
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 10**_EXCEL_DIGITS:
        raise CellError(
            "编码被 Excel 存成了数字，超过 15 位的部分已经丢失。请把这一列设为“文本”格式后重新填写编码。"
        )
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split())


def cell_int(value, *, what: str = "整数") -> int | None:
    """A whole number, or None for a blank cell; raises CellError otherwise."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"应填{what}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(f"应填{what}，不能有小数")
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    try:
        return int(text)
    except ValueError:
        raise CellError(f"应填{what}，“{cell_text(value)}”不是{what}") from None


def cell_decimal(value) -> Decimal | None:
    """A number (thousands separators allowed), or None for a blank cell; raises CellError otherwise."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("应填数字")
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(f"应填数字，“{cell_text(value)}”不是数字") from None
    if not number.is_finite():
        raise CellError("应填数字")
    return number


# --- Import report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportReport:
    """What an import did (or, when ``applied`` is False, would have done) and every row it refused.

    ``applied`` is False when an all-or-nothing import found errors and wrote nothing.
    """

    sheets: dict[str, SheetCounts] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    all_or_nothing: bool = False
    applied: bool = True

    def counts(self, sheet: str) -> SheetCounts:
        return self.sheets.setdefault(sheet, SheetCounts())

    def count(self, sheet: str, outcome: str, n: int = 1) -> None:
        """Record ``n`` rows of ``sheet`` as "created", "updated" or "unchanged"."""
        counts = self.counts(sheet)
        setattr(counts, outcome, getattr(counts, outcome) + n)

    def error(self, sheet: str, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(sheet, row, column, message))

    @property
    def created(self) -> int:
        return sum(c.created for c in self.sheets.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.sheets.values())

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self.sheets.values())

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def error_rows(self) -> int:
        """How many rows have at least one error."""
        return len({(e.sheet, e.row) for e in self.errors})

    @property
    def changed(self) -> bool:
        return self.applied and (self.created + self.updated) > 0

    def sorted_errors(self) -> list[RowError]:
        sheet_order = {name: i for i, name in enumerate(self.sheets)}
        return sorted(self.errors, key=lambda e: (sheet_order.get(e.sheet, len(sheet_order)), e.sheet, e.row))

    def summary(self) -> str:
        """One paragraph in Chinese for the command line and log."""
        parts = [
            f"{sheet}：新增 {c.created}，更新 {c.updated}，未变 {c.unchanged}"
            for sheet, c in self.sheets.items()
        ]
        body = "；".join(parts) if parts else "没有可导入的行"
        if not self.errors:
            return f"导入完成。{body}。"
        if not self.applied:
            return (
                f"发现 {self.error_rows} 行有错误（共 {len(self.errors)} 处）。已选择“全部成功才导入”，"
                f"本次没有导入任何数据。若无错误本可：{body}。"
            )
        return (
            f"已导入无错误的行。{body}。另有 {self.error_rows} 行有错误未导入（共 {len(self.errors)} 处）。"
        )


# --- Writing ---------------------------------------------------------------------------------------

_LAST_ROW = 1_048_576  # Excel's last row: drop-down lists apply to the whole column below the header


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    #: Format the column as text, so that digits typed into it later stay digits (codes, phone numbers).
    text: bool = False
    #: Offer these values in a drop-down list.
    choices: tuple[str, ...] = ()
    wrap: bool = False


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]] = ()


def write_xlsx(out, sheets: Iterable[Sheet]) -> None:
    """Write ``sheets`` to the binary file object (or path) ``out``, streaming rows (write-only mode)."""
    # openpyxl (about 20 MB with the NumPy it imports) loads in the processes that write a workbook, not
    # in every web worker at start-up (docs/performance.md).
    from openpyxl import Workbook
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    header_style = (
        Font(bold=True, color="FFFFFF"),
        PatternFill("solid", fgColor="C0392B"),
        Alignment(horizontal="center", vertical="center", wrap_text=True),
        Border(bottom=Side(style="thin", color="7F1D1D")),
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    workbook = Workbook(write_only=True)
    for spec in sheets:
        ws = workbook.create_sheet(spec.title)
        for i, column in enumerate(spec.columns, start=1):
            dim = ws.column_dimensions[get_column_letter(i)]
            dim.width = column.width
            if column.text:
                dim.number_format = "@"
        ws.freeze_panes = "A2"
        for i, column in enumerate(spec.columns, start=1):
            if column.choices:
                letter = get_column_letter(i)
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(column.choices) + '"',
                    allow_blank=True,
                    showErrorMessage=False,
                )
                dv.add(f"{letter}2:{letter}{_LAST_ROW}")
                ws.data_validations.append(dv)
        header = []
        for column in spec.columns:
            cell = WriteOnlyCell(ws, value=column.header)
            cell.font, cell.fill, cell.alignment, cell.border = header_style
            header.append(cell)
        ws.append(header)
        wrapped = [i for i, c in enumerate(spec.columns) if c.wrap]
        for row in spec.rows:
            row = list(row)
            for i, value in enumerate(row):
                if value.__class__ is str and value.startswith("="):
                    row[i] = _text_cell(ws, value)
            for i in wrapped:
                cell = row[i] if isinstance(row[i], Cell) else WriteOnlyCell(ws, value=row[i])
                cell.alignment = wrap
                row[i] = cell
            ws.append(row)
    workbook.save(out)


def _text_cell(ws, value: str):
    """A cell that holds ``value`` as text even though it starts with "=": openpyxl would otherwise write
    it as a formula, and a resident's text such as ``=HYPERLINK(…)`` would run in the reader's Excel."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


#: What a spreadsheet program reads as the start of a formula in a CSV cell.
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CSV_NUMBER = re.compile(r"[+-]?\d[\d\s.,]*")


def _formula_like(text: str) -> bool:
    """Whether ``text``, once any leading apostrophes are set aside, would start a formula."""
    core = text.lstrip("'")
    return core.startswith(_CSV_FORMULA_START) and not _CSV_NUMBER.fullmatch(core)


def csv_safe(value):
    """``value`` for a CSV cell that Excel or WPS will show and never evaluate: text starting with = + - @
    (or a tab, a carriage return) gets a leading apostrophe (OWASP's advice for CSV injection); numbers,
    a telephone number such as “+86 138 0013 8000” or a negative figure stay as they are. Text that
    already starts with apostrophes before such a character gets one more, so that :func:`csv_unquote`
    gives back exactly what was written."""
    if value.__class__ is str and _formula_like(value):
        return "'" + value
    return value


def csv_unquote(value: str) -> str:
    """The inverse of :func:`csv_safe`, for reading back a CSV this platform (or a careful tool) wrote."""
    if value.startswith("'") and _formula_like(value):
        return value[1:]
    return value


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets)
    return buffer.getvalue()


ERROR_COLUMNS = (
    Column("工作表", 12),
    Column("行号", 8),
    Column("列", 16),
    Column("原因", 70, wrap=True),
)


def write_error_report(out, report: ImportReport) -> None:
    """The report's errors as a workbook a user can work through: 工作表, 行号, 列, 原因."""
    rows = ((e.sheet, e.row, e.column, e.message) for e in report.sorted_errors())
    write_xlsx(out, [Sheet("错误报告", ERROR_COLUMNS, rows)])

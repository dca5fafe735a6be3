"""Streaming the rows of an uploaded ledger workbook: openpyxl in read-only mode parses the sheet's XML
as it goes, so a file of a million rows is never held in memory (only Excel's shared-strings table is).

The checks mirror ``linli.core.excel.open_xlsx`` (empty, old .xls, encrypted, not a workbook, zip bomb)
but work on a path or an uploaded file without reading it into memory first."""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

from linli.core.excel import normalize_header
from linli.core.exceptions import DomainError

from . import layout as L

_MAX_INFLATION = 40


def _source_size(source) -> int:
    if isinstance(source, str | Path):
        return Path(source).stat().st_size
    size = getattr(source, "size", None)
    if size is None:
        pos = source.tell()
        size = source.seek(0, 2)
        source.seek(pos)
    return size


def _head(source) -> bytes:
    if isinstance(source, str | Path):
        with open(source, "rb") as f:
            return f.read(8)
    source.seek(0)
    head = source.read(8)
    source.seek(0)
    return head


def _local(source):
    """A path when the upload is on disk (big uploads are), else the file object."""
    if hasattr(source, "temporary_file_path"):
        return source.temporary_file_path()
    if isinstance(source, str | Path):
        return str(source)
    source.seek(0)
    return source


def check_file(source, *, max_bytes: int | None) -> object:
    """Refuse what is not a readable .xlsx (Chinese message); return what openpyxl should open."""
    size = _source_size(source)
    if size == 0:
        raise DomainError("文件是空的，请选择填好的 Excel（.xlsx）文件。")
    if max_bytes is not None and size > max_bytes:
        raise DomainError(
            f"文件太大（约 {size / 2**20:.0f} MB），网页一次最多导入 {max_bytes / 2**20:.0f} MB。"
            "请分成几个文件导入，或请系统管理员用 linli import-people 命令导入。"
        )
    head = _head(source)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DomainError(
            "这是旧版 Excel（.xls）文件或已加密的文件，请在 Excel 中“另存为”不加密的 .xlsx 格式后再导入。"
        )
    if not head.startswith(b"PK"):
        raise DomainError("文件不是 Excel（.xlsx）格式，请下载模板，填写后上传。")
    local = _local(source)
    try:
        with zipfile.ZipFile(local) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DomainError("文件已损坏，无法打开。请在 Excel 中重新保存为 .xlsx 后再导入。") from None
    if "xl/workbook.xml" not in names:
        raise DomainError(
            "文件不是 Excel（.xlsx）工作簿（可能是 Word、WPS 表格或其他格式），请另存为 .xlsx 后再导入。"
        )
    if inflated > _MAX_INFLATION * max(size, 2**20):
        raise DomainError("文件内容异常（解压后过大），无法导入。")
    if not isinstance(local, str):
        local.seek(0)
    return local


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def ledger_rows(source, *, max_bytes: int | None = None) -> Iterator[tuple[int, dict[str, object]]]:
    """``(Excel row number, {header: raw value})`` for each non-blank row of the 居民台账 sheet.

    The sheet is the one named 居民台账, else the first one; its header row is the first non-blank
    row. Raises DomainError for an unreadable file or a header without 姓名 and a household column.
    """
    from openpyxl import load_workbook  # loaded where a ledger is read, not in every web worker

    local = check_file(source, max_bytes=max_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about data validation / styles it skips
            workbook = load_workbook(local, read_only=True, data_only=True)
    except Exception:
        raise DomainError(
            "文件已损坏或格式不正确，无法读取。请在 Excel 中重新保存为 .xlsx 后再导入。"
        ) from None
    try:
        names = {normalize_header(n): n for n in workbook.sheetnames}
        sheet = workbook[names.get(normalize_header(L.SHEET), workbook.sheetnames[0])]
        wanted = {normalize_header(h): h for h in L.HEADERS}
        index: dict[str, int] | None = None
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if index is None:
                if all(_blank(v) for v in cells):
                    continue
                index = {}
                for i, value in enumerate(cells):
                    column = wanted.get(normalize_header(value))
                    if column is not None and column not in index:
                        index[column] = i
                _check_header(number, index)
                continue
            row = {c: (cells[i] if i < len(cells) else None) for c, i in index.items()}
            if any(not _blank(v) for v in row.values()):
                yield number, row
    finally:
        workbook.close()


def _check_header(number: int, index: dict[str, int]) -> None:
    missing = [L.NAME] if L.NAME not in index else []
    if L.HOUSEHOLD_CODE not in index and not all(c in index for c in L.ADDRESS):
        missing.append(f"{L.HOUSEHOLD_CODE}（或{'/'.join(L.ADDRESS)}四列）")
    if missing:
        raise DomainError(
            f"第 {number} 行（表头）缺少以下列：{'、'.join(missing)}。请下载并使用系统提供的模板。"
        )

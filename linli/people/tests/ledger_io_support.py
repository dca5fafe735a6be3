"""Building small ledger workbooks for the import tests (as Excel or a person would fill them in)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from linli.people.ledger_io import layout as L


def workbook_bytes(rows, headers=L.HEADERS, sheet=L.SHEET) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(headers))
    for row in rows:
        ws.append([row.get(h) for h in headers] if isinstance(row, dict) else list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(rows, name="台账.xlsx", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_bytes(rows, **kwargs))


def read_sheet(data: bytes, sheet: str | None = None) -> list[tuple]:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]

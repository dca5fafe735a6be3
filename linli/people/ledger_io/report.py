"""The ledger import report: counts, and every refused row. Errors go to a temporary file as they are
found (only the first ``SHOWN`` stay in memory, for the page), so a million bad rows fit in bounded
memory; ``write_xlsx`` streams the whole list into the downloadable report (行号 / 列 / 原因)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass

from linli.core.excel import ERROR_COLUMNS, RowError, Sheet, write_xlsx

from . import layout as L

SHOWN = 500


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class LedgerReport:
    def __init__(self, *, all_or_nothing: bool = False):
        self.all_or_nothing = all_or_nothing
        self.applied = True
        self.counts = Counts()
        self.sheets = {L.SHEET: self.counts}  # the shape the places import result page uses
        self.shown: list[RowError] = []
        self.error_count = 0
        self.error_rows = 0
        self._spool = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115 — closed by close()

    # Recording -----------------------------------------------------------------------------------

    def add_row_errors(self, errors: list[tuple[int, str, str]]) -> None:
        """Errors of one batch, ``(row, column, reason)``; kept in row order."""
        errors.sort(key=lambda e: e[0])
        self.error_rows += len({e[0] for e in errors})
        for row, column, message in errors:
            self.error_count += 1
            if len(self.shown) < SHOWN:
                self.shown.append(RowError(L.SHEET, row, column, message))
            self._spool.write(f"{row}\t{column}\t{' '.join(message.split())}\n")

    @property
    def created(self) -> int:
        return self.counts.created

    @property
    def updated(self) -> int:
        return self.counts.updated

    @property
    def unchanged(self) -> int:
        return self.counts.unchanged

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    @property
    def errors_hidden(self) -> int:
        return self.error_count - len(self.shown)

    @property
    def written(self) -> int:
        return (self.created + self.updated) if self.applied else 0

    def sorted_errors(self) -> list[RowError]:
        return list(self.shown)

    def all_errors(self):
        self._spool.flush()
        self._spool.seek(0)
        for line in self._spool:
            row, column, message = line.rstrip("\n").split("\t", 2)
            yield RowError(L.SHEET, int(row), column, message)
        self._spool.seek(0, 2)

    def write_xlsx(self, out) -> None:
        rows = ((e.sheet, e.row, e.column, e.message) for e in self.all_errors())
        write_xlsx(out, [Sheet("错误报告", ERROR_COLUMNS, rows)])

    def close(self) -> None:
        self._spool.close()

    def summary(self) -> str:
        c = self.counts
        body = f"新增 {c.created}，更新 {c.updated}，未变 {c.unchanged}" if c.total else "没有可导入的行"
        if not self.error_count:
            return f"导入完成。{body}。"
        if not self.applied:
            return (
                f"发现 {self.error_rows} 行有错误（共 {self.error_count} 处）。已选择“全部成功才导入”，"
                f"本次没有导入任何数据。若无错误本可：{body}。"
            )
        return (
            f"已导入无错误的行：{body}。另有 {self.error_rows} 行有错误未导入（共 {self.error_count} 处）。"
        )

"""Importing places and grids from the Excel workbook described in excel_layout (sheets 地点 and 网格).

Aggregates: Place (with its CompoundProfile) and GridNode, keyed by code (upsert: the same file twice
changes nothing the second time). What an import keeps true:

- a row is written whole or not at all, and every refused row is reported (sheet, row, column, reason);
- a code has its level's width, and its parent (its code's prefix) exists in the database or as a valid
  row of the same file — a row under a refused row is refused too;
- a row is written only inside the actor's IMPORT_PLACES scope; new 区/县 only with everything-scope;
- a household's 微网格 is in the household's community;
- all-or-nothing: any error and nothing is written; any unexpected failure and nothing is written.

Order: places above the households level by level, then grids level by level (their communities may be
new in the same file), then households streamed in batches with their grid links (their grids may be
new). Parents and existing rows are looked up a batch at a time; writes are bulk inserts and updates.
After a successful import that changed something, the roll-up counts are recounted (on commit).
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from linli.core import policy
from linli.core.excel import ImportReport, open_xlsx
from linli.core.exceptions import Conflict, DomainError

from .. import excel_layout as L
from .. import rules
from ..stats import stats_refresh
from .run import ImportRun

logger = logging.getLogger(__name__)


class _SystemActor:
    """The command line run without ``--as``: acts with everything-scope."""

    def __str__(self):
        return "系统（命令行）"


SYSTEM = _SystemActor()


def import_scope(actor) -> policy.Scope:
    return policy.EVERYTHING if actor is SYSTEM else policy.scope_for(actor, rules.IMPORT_PLACES)


def places_import(*, source, actor, all_or_nothing: bool = False) -> ImportReport:
    """Apply the workbook ``source`` (upload, path or bytes) as ``actor`` (a user, or SYSTEM).

    Default: valid rows are applied, invalid rows reported. ``all_or_nothing``: nothing is applied when
    any row has an error (``report.applied`` is False). Raises PermissionDenied without the permission,
    DomainError for a file that is not a readable workbook of this shape, Conflict when a concurrent
    change collides (nothing written). Recounts the roll-ups after commit when something changed.
    """
    scope = import_scope(actor)
    if scope.empty:
        raise PermissionDenied
    xlsx = open_xlsx(source)
    if not (xlsx.has_sheet(L.PLACES_SHEET) or xlsx.has_sheet(L.GRIDS_SHEET)):
        raise DomainError(
            f"文件中没有“{L.PLACES_SHEET}”或“{L.GRIDS_SHEET}”工作表。请下载导入模板，在模板中填写后上传。"
        )
    report = ImportReport(all_or_nothing=all_or_nothing)
    run = ImportRun(xlsx, scope, report)
    try:
        with transaction.atomic():
            run.run()
            if all_or_nothing and report.has_errors:
                raise _RollBack
    except _RollBack:
        report.applied = False
    except IntegrityError:
        logger.warning("place import collided with a concurrent change", exc_info=True)
        raise Conflict(
            "导入过程中有人同时修改了相同的地点或网格，本次没有导入任何数据，请稍后重试。"
        ) from None
    logger.info(
        "places imported by %s: created %s, updated %s, unchanged %s, %s errors, applied %s",
        actor,
        report.created,
        report.updated,
        report.unchanged,
        len(report.errors),
        report.applied,
    )
    if report.changed:
        transaction.on_commit(stats_refresh, robust=True)
    return report


class _RollBack(Exception):
    pass

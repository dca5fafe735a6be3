"""Excel import and export of places and grids: thin views over places.importing and places.exporting."""

import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone

from linli.core import policy, ratelimit
from linli.core.excel import XLSX_CONTENT_TYPE, write_error_report
from linli.core.exceptions import DomainError

from . import exporting, importing, rules
from .forms import PlaceImportForm

ERRORS_SHOWN = 500
_REPORT_SALT = "places.import-errors"
_REPORT_MAX_AGE = 24 * 3600


def _reports_dir() -> Path:
    return Path(settings.VAR_DIR) / "import-reports"


def _xlsx_response(write, filename: str) -> FileResponse:
    out = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
    try:
        write(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


@login_required
def place_import(request):
    """Upload a workbook; show what was imported and every row refused (行号 / 列 / 原因)."""
    policy.require(request.user, rules.IMPORT_PLACES)
    form = PlaceImportForm(request.POST, request.FILES) if request.method == "POST" else PlaceImportForm()
    if form.is_bound and form.is_valid():
        try:
            report = importing.places_import(
                source=form.cleaned_data["file"],
                actor=request.user,
                all_or_nothing=form.cleaned_data["all_or_nothing"],
            )
        except DomainError as e:
            form.add_error("file", e.message)
        else:
            errors = report.sorted_errors()
            return render(
                request,
                "places/import_result.html",
                {
                    "report": report,
                    "errors": errors[:ERRORS_SHOWN],
                    "errors_hidden": max(0, len(errors) - ERRORS_SHOWN),
                    "error_token": _save_error_report(request.user, report) if errors else None,
                    "filename": form.cleaned_data["file"].name,
                },
            )
    return render(
        request,
        "places/import.html",
        {
            "form": form,
            "may_export": policy.may(request.user, rules.EXPORT_PLACES),
            "max_mb": settings.LINLI_IMPORT_MAX_BYTES // (1024 * 1024),
        },
        status=400 if form.errors else 200,
    )


def _save_error_report(user, report) -> str:
    """Keep the error report for a day for its importer; returns the signed token that downloads it."""
    folder = _reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - _REPORT_MAX_AGE
    for old in folder.glob("*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    name = uuid.uuid4().hex
    with open(folder / f"{name}.xlsx", "wb") as out:
        write_error_report(out, report)
    return signing.dumps({"u": user.pk, "f": name}, salt=_REPORT_SALT)


@login_required
def place_import_errors(request, token: str):
    """The error report of one of the user's own imports of the last day."""
    policy.require(request.user, rules.IMPORT_PLACES)
    try:
        data = signing.loads(token, salt=_REPORT_SALT, max_age=_REPORT_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    path = _reports_dir() / f"{data.get('f', '')}.xlsx"
    if data.get("u") != request.user.pk or not str(data.get("f", "")).isalnum() or not path.exists():
        raise Http404
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename="导入错误报告.xlsx", content_type=XLSX_CONTENT_TYPE
    )


@login_required
def place_export(request):
    """The places and grids the user may see, in the import template's shape."""
    policy.require(request.user, rules.EXPORT_PLACES)
    ratelimit.export(request.user)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _xlsx_response(
        lambda out: exporting.places_export(actor=request.user, out=out), f"地点与网格-{stamp}.xlsx"
    )


@login_required
def place_template(request):
    policy.require(request.user, rules.IMPORT_PLACES)
    return _xlsx_response(exporting.places_template, "地点与网格导入模板.xlsx")

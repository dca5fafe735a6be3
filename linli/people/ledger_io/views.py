"""Ledger import and export pages: thin views over ledger_io.importer and ledger_io.exporter."""

import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone

from linli.core import policy, ratelimit, validators
from linli.core.excel import XLSX_CONTENT_TYPE
from linli.core.exceptions import DomainError
from linli.places.models import Place

from .. import rules, selectors
from ..models import Tag
from .exporter import export_queryset, ledger_export
from .forms import LedgerExportForm, LedgerImportForm
from .importer import ledger_import
from .template import write_template

_REPORT_SALT = "people.import-errors"
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
def import_page(request):
    """Upload a ledger workbook; show the counts and every refused row (行号 / 列 / 原因)."""
    policy.require(request.user, rules.IMPORT_PERSON)
    form = LedgerImportForm(request.POST, request.FILES) if request.method == "POST" else LedgerImportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = ledger_import(
                source=upload,
                actor=request.user,
                all_or_nothing=form.cleaned_data["all_or_nothing"],
                max_bytes=settings.LINLI_IMPORT_MAX_BYTES,
                filename=upload.name,
            )
        except DomainError as e:
            form.add_error("file", e.message)
        else:
            try:
                token = _save_error_report(request.user, report) if report.has_errors else None
            finally:
                report.close()
            return render(
                request,
                "people/io/import_result.html",
                {"report": report, "errors": report.shown, "error_token": token, "filename": upload.name},
            )
    return render(
        request,
        "people/io/import.html",
        {
            "form": form,
            "may_export": policy.may(request.user, rules.EXPORT_PERSON),
            "max_mb": settings.LINLI_IMPORT_MAX_BYTES // (1024 * 1024),
        },
        status=400 if form.errors else 200,
    )


def _save_error_report(user, report) -> str:
    """Keep the error report for a day for its importer; returns the signed token that downloads it."""
    folder = _reports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - _REPORT_MAX_AGE
    for old in folder.glob("ledger-*.xlsx"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    name = uuid.uuid4().hex
    with open(folder / f"ledger-{name}.xlsx", "wb") as out:
        report.write_xlsx(out)
    return signing.dumps({"u": user.pk, "f": name}, salt=_REPORT_SALT)


@login_required
def import_errors(request, token: str):
    """The error report of one of the user's own ledger imports of the last day."""
    policy.require(request.user, rules.IMPORT_PERSON)
    try:
        data = signing.loads(token, salt=_REPORT_SALT, max_age=_REPORT_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    name = str(data.get("f", ""))
    path = _reports_dir() / f"ledger-{name}.xlsx"
    if data.get("u") != request.user.pk or not name.isalnum() or not path.exists():
        raise Http404
    return FileResponse(
        open(path, "rb"),
        as_attachment=True,
        filename="居民台账导入错误报告.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
def import_template(request):
    policy.require(request.user, rules.IMPORT_PERSON)
    return _xlsx_response(write_template, "居民台账导入模板.xlsx")


def _identity_like(text: str) -> bool:
    text = validators.normalize_id_number(text or "")
    return len(text) >= 7 and text[:-1].isdigit()


def _filters(data: dict) -> tuple[dict, str]:
    """selectors.ledger's keyword arguments from the export form, and a label for the audit entry."""
    under = Place.objects.filter(code=data.get("place") or "").first() if data.get("place") else None
    tag = Tag.objects.filter(code=data.get("tag") or "").first() if data.get("tag") else None
    status = data.get("status") or "current"
    filters = {
        "under": under,
        "tag": tag,
        "residence_type": data.get("type") or "",
        "status": status,
        "text": data.get("q") or "",
    }
    parts = [
        under.name if under else "管辖范围内全部",
        dict(LedgerExportForm.base_fields["status"].choices)[status],
    ]
    if tag:
        parts.append(tag.name)
    if filters["residence_type"]:
        parts.append(dict(LedgerExportForm.base_fields["type"].choices)[filters["residence_type"]])
    if filters["text"]:
        parts.append("按姓名或号码检索")
    return filters, "，".join(parts)


@login_required
def export_page(request):
    """Choose filters (pre-filled from the ledger page's query string) and download the list."""
    policy.require(request.user, rules.EXPORT_PERSON)
    may_full = policy.may(request.user, rules.EXPORT_PERSON_FULL)
    tags = list(selectors.tags())
    if request.method == "POST":
        form = LedgerExportForm(request.POST, may_full=may_full, tags=tags)
    else:
        initial = request.GET.dict()
        if _identity_like(initial.get("q", "")):
            del initial["q"]  # a number is never searched from a URL (it would sit in access logs)
        form = LedgerExportForm(initial=initial, may_full=may_full, tags=tags)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters, label = _filters(data)
        full = bool(data.get("full"))
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        ratelimit.export(request.user)
        try:
            return _xlsx_response(
                lambda out: ledger_export(
                    actor=request.user,
                    out=out,
                    full=full,
                    reason=data.get("reason", ""),
                    label=label,
                    **filters,
                ),
                f"居民名单{'（完整信息）' if full else ''}-{stamp}.xlsx",
            )
        except PermissionDenied:
            raise
        except DomainError as e:
            form.add_error("reason" if full else None, e.message)
    count = None
    if not form.is_bound:
        filters, _ = _filters(initial)
        count = export_queryset(actor=request.user, full=False, **filters).count()
    return render(
        request,
        "people/io/export.html",
        {"form": form, "may_full": may_full, "count": count},
        status=400 if form.errors else 200,
    )

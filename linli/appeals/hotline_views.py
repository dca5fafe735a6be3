"""The 12345 exchange page: upload → column mapping → result, the template, and the export.

The uploaded file waits between the upload and the mapping step in the var directory for at most an
hour, bound to its uploader by a signed token, and is deleted once imported."""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from linli.core import policy, ratelimit
from linli.core.excel import XLSX_CONTENT_TYPE
from linli.core.exceptions import DomainError

from . import hotline, rules
from . import hotline_sheet as S
from .hotline_forms import ExportForm, MappingForm, UploadForm
from .hotline_rules import EXPORT_PERSONAL

ERRORS_SHOWN = 500
_SESSION_MAPPING = "appeals.hotline.mapping"
_TOKEN_SALT = "appeals.hotline-upload"
_TOKEN_MAX_AGE = 3600


def _uploads_dir() -> Path:
    return Path(settings.VAR_DIR) / "hotline-uploads"


def _stash(user, upload) -> str:
    """Keep the upload for the mapping step; returns the signed token that finds it again."""
    folder = _uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - _TOKEN_MAX_AGE
    for old in folder.glob("*.upload"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    name = uuid.uuid4().hex
    with open(folder / f"{name}.upload", "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return signing.dumps({"u": user.pk, "f": name, "n": upload.name[:100]}, salt=_TOKEN_SALT)


def _stashed(user, token: str) -> tuple[Path, str]:
    """The stashed file and its original name; DomainError when the token is not this user's or expired."""
    try:
        data = signing.loads(token or "", salt=_TOKEN_SALT, max_age=_TOKEN_MAX_AGE)
    except signing.BadSignature:
        data = {}
    name = str(data.get("f", ""))
    path = _uploads_dir() / f"{name}.upload"
    if data.get("u") != user.pk or not name.isalnum() or not path.exists():
        raise DomainError("上传的文件已过期或不存在，请重新上传。")
    return path, data.get("n", "")


def _page(request, *, upload=None, export=None, status=200):
    may_full = policy.may(request.user, EXPORT_PERSONAL)
    return render(
        request,
        "appeals/hotline_page.html",
        {
            "upload_form": upload or UploadForm(),
            "export_form": export or ExportForm(may_full_contact=may_full),
            "max_mb": settings.LINLI_IMPORT_MAX_BYTES // (1024 * 1024),
            "fields": [(f, *S.HELP[f]) for f in S.FIELDS],
        },
        status=status,
    )


def _mapping_page(request, form: MappingForm, *, filename: str, headers, sample, status=200):
    return render(
        request,
        "appeals/hotline_map.html",
        {"form": form, "filename": filename, "headers": headers, "sample": sample},
        status=status,
    )


@login_required
def hotline_page(request):
    """GET: the page. POST with a file: keep it and ask for the column mapping. POST of the mapping:
    import and show the counts and every refused row."""
    policy.require(request.user, rules.RECEIVE_APPEAL)
    if request.method == "POST" and "token" in request.POST:
        return _import(request)
    upload = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if upload.is_bound and upload.is_valid():
        token = _stash(request.user, upload.cleaned_data["file"])
        path, filename = _stashed(request.user, token)
        saved = request.session.get(_SESSION_MAPPING) or {}
        try:
            headers, sample = S.peek(path, mapping=saved)
        except DomainError as e:
            path.unlink(missing_ok=True)
            upload.add_error("file", e.message)
        else:
            initial = {f: S.default_choice(f, headers, saved) for f in S.FIELDS}
            form = MappingForm(initial={"token": token}, headers=headers, initial_mapping=initial)
            return _mapping_page(request, form, filename=filename, headers=headers, sample=sample)
    return _page(request, upload=upload, status=400 if upload.errors else 200)


def _import(request):
    try:
        path, filename = _stashed(request.user, request.POST.get("token", ""))
    except DomainError as e:
        messages.error(request, e.message)
        return _page(request, status=400)
    saved = request.session.get(_SESSION_MAPPING) or {}
    headers, sample = S.peek(path, mapping=saved)
    form = MappingForm(request.POST, headers=headers, initial_mapping={})
    if form.is_valid():
        mapping = form.mapping()
        try:
            report = hotline.hotline_import(
                actor=request.user,
                file=path,
                mapping=mapping,
                all_or_nothing=form.cleaned_data["all_or_nothing"],
            )
        except DomainError as e:
            form.add_error(None, e.message)
        else:
            request.session[_SESSION_MAPPING] = mapping
            path.unlink(missing_ok=True)
            errors = report.sorted_errors()
            return render(
                request,
                "appeals/hotline_result.html",
                {
                    "report": report,
                    "counts": report.counts(S.SHEET),
                    "errors": errors[:ERRORS_SHOWN],
                    "errors_hidden": max(0, len(errors) - ERRORS_SHOWN),
                    "filename": filename,
                },
            )
    return _mapping_page(request, form, filename=filename, headers=headers, sample=sample, status=400)


def _file_response(write, filename: str, content_type: str) -> FileResponse:
    out = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
    try:
        write(out)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=content_type)


@login_required
def hotline_template(request):
    policy.require(request.user, rules.RECEIVE_APPEAL)
    return _file_response(hotline.hotline_template, "12345工单导入模板.xlsx", XLSX_CONTENT_TYPE)


@login_required
@require_POST
def hotline_export(request):
    """The work orders the user may see, submitted in the period, in the import shape."""
    policy.require(request.user, rules.RECEIVE_APPEAL)
    may_full = policy.may(request.user, EXPORT_PERSONAL)
    form = ExportForm(request.POST, may_full_contact=may_full)
    if form.is_valid():
        data = form.cleaned_data
        fmt = data["format"]
        filename = f"12345工单-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.{fmt}"
        ratelimit.export(request.user)
        try:
            return _file_response(
                lambda out: hotline.hotline_export_to(
                    out,
                    user=request.user,
                    start=data["start"],
                    end=data["end"],
                    fmt=fmt,
                    full_contact=data.get("full_contact", False),
                    reason=data.get("reason", ""),
                ),
                filename,
                XLSX_CONTENT_TYPE if fmt == "xlsx" else "text/csv; charset=utf-8",
            )
        except PermissionDenied:
            form.add_error(None, "您没有导出完整联系方式的权限。")
        except DomainError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
    return _page(request, export=form, status=400)

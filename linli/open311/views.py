"""GeoReport v2 endpoints at /open311/v2/ (plain Django views, .json or .xml). Thin: parse the
parameters, read through selectors or call the one service, render. Errors are a list of
{code, description} with status 400, 403, 404, 405 or 429 (too many requests, with Retry-After)."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from linli.core import ratelimit

from . import render, representations, selectors
from .attributes import iso, parse_datetime
from .errors import Open311Error
from .services.keys import api_key_authenticate
from .services.submit import RequestInput, service_request_submit

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
#: When this interface last changed (services, definitions or behaviour), for discovery.
CHANGESET = "2026-11-23T00:00:00+08:00"
WINDOW = timedelta(days=90)
_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")


def _param(request, name: str) -> str:
    """A parameter from the form body (POST) or the query string."""
    if request.method == "POST" and name in request.POST:
        return request.POST.get(name, "")
    return request.GET.get(name, "")


def _refuse_nul(request, path_values: dict) -> None:
    """A NUL character in any parameter is refused before anything reads the database: PostgreSQL
    text cannot hold one (the query itself failed with a 500), and no real value contains it."""
    values = [*path_values.values()]
    for source in (request.GET, request.POST):
        values += [*source.keys(), *(v for _, vs in source.lists() for v in vs)]
    if any("\x00" in str(v) for v in values):
        raise Open311Error(400, "参数中含有不允许的空字符（NUL），请检查后重新提交。")


def endpoint(*methods: str):
    """Allow ``methods``, check jurisdiction_id, and answer Open311Error as an error list."""
    allowed = {*methods, "HEAD"} if "GET" in methods else set(methods)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, format: str, **kwargs):
            try:
                if request.method not in allowed:
                    raise Open311Error(405, f"此接口不支持 {request.method} 请求。")
                _refuse_nul(request, kwargs)
                jurisdiction = _param(request, "jurisdiction_id").strip()
                if jurisdiction and jurisdiction != settings.LINLI_OPEN311_JURISDICTION:
                    raise Open311Error(404, f"jurisdiction_id“{jurisdiction[:40]}”不存在。")
                return view(request, *args, fmt=format, **kwargs)
            except Open311Error as exc:
                return render.errors(exc.errors, fmt=format, status=exc.status)
            except ratelimit.RateLimited as exc:
                response = render.errors([{"code": 429, "description": exc.message}], fmt=format, status=429)
                response["Retry-After"] = str(exc.retry_after)
                return response

        return wrapper

    return decorate


@endpoint("GET")
def discovery(request, *, fmt):
    base = request.build_absolute_uri(reverse("open311:services", kwargs={"format": "json"}))
    keys = request.build_absolute_uri(reverse("open311_keys:list"))
    return render.respond(
        {
            "changeset": CHANGESET,
            "contact": settings.LINLI_OPEN311_CONTACT,
            "key_service": f"提交诉求需要接口密钥（api_key），由区级管理员在 {keys} 发放。",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": base.rsplit("/", 1)[0],
                    "changeset": CHANGESET,
                    "type": "production",
                    "formats": ["application/json", "text/xml"],
                }
            ],
        },
        root="discovery",
        fmt=fmt,
    )


@endpoint("GET")
def service_list(request, *, fmt):
    return render.respond(
        [representations.service(c) for c in selectors.services()], root="services", fmt=fmt
    )


@endpoint("GET")
def service_definition(request, service_code: str, *, fmt):
    category = selectors.service_get(service_code)
    if category is None:
        raise Open311Error(404, f"service_code“{service_code[:30]}”不存在。")
    definition = representations.service_definition(category, selectors.service_attributes(category))
    return render.respond(definition, root="service_definition", fmt=fmt)


def _requests_answer(request, appeals, *, fmt):
    photos = selectors.first_photos(appeals)
    compounds = selectors.compound_names(appeals)
    items = [
        representations.request(
            appeal,
            compounds=compounds,
            photo_url=request.build_absolute_uri(
                reverse("open311:media", args=[appeal.number, photos[appeal.pk]])
            )
            if appeal.pk in photos
            else None,
        )
        for appeal in appeals
    ]
    return render.respond(items, root="service_requests", fmt=fmt)


def _list(request, name: str) -> list[str]:
    return [v.strip() for raw in request.GET.getlist(name) for v in raw.split(",") if v.strip()]


def _date(request, name: str):
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return parse_datetime(raw)
    except ValueError:
        raise Open311Error(
            400, f"{name} 应为 ISO 8601 日期时间，如 2026-03-15T08:30:00+08:00，收到“{raw[:40]}”。"
        ) from None


def _search(request, *, fmt):
    ids = _list(request, "service_request_id")
    if ids:
        return _requests_answer(request, selectors.request_search(ids=ids), fmt=fmt)
    statuses = _list(request, "status")
    unknown = [s for s in statuses if s not in ("open", "closed")]
    if unknown:
        raise Open311Error(400, f"status 只能是 open 或 closed，收到“{unknown[0][:20]}”。")
    start, end = _date(request, "start_date"), _date(request, "end_date")
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - WINDOW
    elif end is None:
        end = start + WINDOW
    if end < start:
        raise Open311Error(400, "end_date 不能早于 start_date。")
    if end - start > WINDOW:
        raise Open311Error(400, f"start_date 到 end_date 不能超过 90 天（{iso(start)} 至 {iso(end)}）。")
    appeals = selectors.request_search(
        service_codes=_list(request, "service_code"), start=start, end=end, statuses=statuses
    )
    return _requests_answer(request, appeals, fmt=fmt)


def _attributes(request) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    source = request.POST if request.method == "POST" else request.GET
    for name in source:
        match = _ATTRIBUTE.match(name)
        if match:
            found.setdefault(match.group(1), []).extend(source.getlist(name))
    return found


def _submit(request, *, fmt):
    # Per client address first (also slows down guessing keys), then per key; both per minute.
    address = request.META.get("REMOTE_ADDR") or "unknown"
    ratelimit.hit("open311-address", address, limit=settings.LINLI_OPEN311_PER_ADDRESS_PER_MINUTE, window=60)
    raw_key = _param(request, "api_key")
    if not raw_key.strip():
        raise Open311Error(403, "缺少 api_key。")
    key = api_key_authenticate(raw_key)
    if key is None:
        raise Open311Error(403, "api_key 无效。")
    ratelimit.hit("open311-key", f"key:{key.pk}", limit=settings.LINLI_OPEN311_PER_KEY_PER_MINUTE, window=60)
    fields = {
        f.name: _param(request, f.name) for f in dataclasses.fields(RequestInput) if f.name != "attributes"
    }
    record = service_request_submit(api_key=key, data=RequestInput(**fields, attributes=_attributes(request)))
    return render.respond(
        [representations.created(record, record.appeal.category)], root="service_requests", fmt=fmt
    )


@csrf_exempt  # partner systems authenticate with api_key, not with a session cookie
@endpoint("GET", "POST")
def requests(request, *, fmt):
    return _submit(request, fmt=fmt) if request.method == "POST" else _search(request, fmt=fmt)


@endpoint("GET")
def request_detail(request, service_request_id: str, *, fmt):
    appeal = selectors.request_get(service_request_id)
    if appeal is None:
        raise Open311Error(404, f"service_request_id“{service_request_id[:30]}”不存在。")
    return _requests_answer(request, [appeal], fmt=fmt)


@endpoint("GET")
def token_detail(request, token: str, *, fmt):
    record = selectors.token_get(token)
    if record is None:
        raise Open311Error(404, f"token“{token[:40]}”不存在。")
    return render.respond([representations.token(record)], root="service_requests", fmt=fmt)


def not_found(request, path: str = ""):
    fmt = "xml" if request.path.endswith(".xml") else "json"
    return render.errors(
        [{"code": 404, "description": "没有这个接口。可用接口见 discovery.json。"}], fmt=fmt, status=404
    )


def media(request, service_request_id: str, photo_id: int):
    """The first photo of a published request (the only photo Open311 shows); 404 for anything else."""
    from linli.core.files import private_file

    appeal = selectors.request_get(service_request_id)
    photo = appeal.photos.filter(pk=photo_id).first() if appeal is not None else None
    if photo is None or selectors.first_photos([appeal]).get(appeal.pk) != photo.pk:
        raise Http404
    response = private_file(photo.image)
    response["Cache-Control"] = "public, max-age=3600"
    return response

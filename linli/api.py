"""The JSON API (django-ninja). OpenAPI at /api/openapi.json, docs at /api/docs.

Authentication is the web session (with CSRF for writes). Errors are JSON with a Chinese ``detail``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import django_auth

from linli.core.exceptions import DomainError

api = NinjaAPI(
    title="邻里 Linli API",
    version="1",
    description="党建引领小区治理平台接口。除特别说明外，需要先登录（会话 Cookie）。",
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "未找到该对象，或您无权查看。"}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "您没有执行此操作的权限。"}, status=403)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    messages = {403: "安全校验失败，请刷新页面后重试。", 404: "未找到该对象，或您无权查看。", 405: "不支持该请求方法。"}
    return api.create_response(request, {"detail": messages.get(exc.status_code, "请求有误。")}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": "请先登录。"}, status=401)


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    return api.create_response(request, {"detail": "请求参数有误。", "errors": exc.errors}, status=422)


@api.exception_handler(ValidationError)
def _model_invalid(request, exc: ValidationError):
    return api.create_response(request, {"detail": "；".join(exc.messages)}, status=400)


api.add_router("/", "linli.accounts.api.router")
api.add_router("/places", "linli.places.api.router")
api.add_router("/grids", "linli.places.api.grid_router")
api.add_router("/notifications", "linli.notifications.api.router")
api.add_router("/appeals", "linli.appeals.api.router")
api.add_router("/party", "linli.party.api.router")
api.add_router("/owners", "linli.owners.api.router")
api.add_router("/people", "linli.people.api.router")
api.add_router("/votes", "linli.votes.api.router")
api.add_router("/deliberation", "linli.deliberation.api.router")
api.add_router("/mediation", "linli.mediation.api.router")
api.add_router("/visits", "linli.visits.api.router")
api.add_router("/projects", "linli.projects.api.router")

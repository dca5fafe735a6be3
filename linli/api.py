"""The JSON API (django-ninja). OpenAPI at /api/openapi.json, docs at /api/docs.

Authentication is the web session (with CSRF for writes), and only a complete one: a staff session that
has given its password but not yet its two-factor code (or must still enrol) is not logged in here — the
two-factor middleware answers 401 before any endpoint runs, and ``CompleteSessionAuth`` refuses it too.
There are no API tokens. Errors are JSON with a Chinese ``detail``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import SessionAuth

from linli.core.api_parser import BODY_MESSAGE, NulFreeParser
from linli.core.exceptions import DomainError
from linli.core.ratelimit import RateLimited


class CompleteSessionAuth(SessionAuth):
    """The log-in session, once any two-factor step it owes is done."""

    def authenticate(self, request, key):
        from linli.accounts import two_factor

        if two_factor.pending(request) is not None:
            return None
        return super().authenticate(request, key)


api = NinjaAPI(
    title="邻里 Linli API",
    version="1",
    description="党建引领小区治理平台接口。除特别说明外，需要先登录（会话 Cookie）。",
    auth=CompleteSessionAuth(),
    urls_namespace="api",
    parser=NulFreeParser(),
)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=exc.status_code)


@api.exception_handler(RateLimited)
def _rate_limited(request, exc: RateLimited):
    response = api.create_response(request, {"detail": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "未找到该对象，或您无权查看。"}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": "您没有执行此操作的权限。"}, status=403)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400 and hasattr(request, "linli_nul_at"):
        detail = {"detail": BODY_MESSAGE, "field": request.linli_nul_at}
        return api.create_response(request, detail, status=400)
    messages = {
        403: "安全校验失败，请刷新页面后重试。",
        404: "未找到该对象，或您无权查看。",
        405: "不支持该请求方法。",
    }
    return api.create_response(
        request, {"detail": messages.get(exc.status_code, "请求有误。")}, status=exc.status_code
    )


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

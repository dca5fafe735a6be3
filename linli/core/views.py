from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import workbench


@login_required
def home(request):
    """我的工作台: the user's roles and what needs their action."""
    user = request.user
    assignments = user.assignments.active().select_related("place", "grid").order_by("role")
    return render(
        request,
        "core/home.html",
        {"assignments": assignments, "items": workbench.collect(user)},
    )


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error(request, status: int, title: str, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(
        request, "error.html", {"title": title, "message": message, "status": status}, status=status
    )


def bad_request(request, exception=None):
    return _error(request, 400, "请求有误", "您提交的内容无法处理，请检查后重试。")


def permission_denied(request, exception=None):
    return _error(request, 403, "没有权限", "您没有执行此操作的权限。如需开通，请联系所在社区的管理员。")


def page_not_found(request, exception=None):
    return _error(request, 404, "页面不存在", "您要找的页面不存在，或者您无权查看。")


def server_error(request):
    # Rendered without a request context: the failure may lie in what a context would need.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "服务器出现错误，我们已记录，请稍后重试。"}, status=500)
    return HttpResponse(
        "<!doctype html><html lang='zh-Hans'><meta charset='utf-8'><title>服务器错误</title>"
        "<body style='font-family:sans-serif;padding:2em'><h1>服务器出现错误</h1>"
        "<p>我们已经记录了这个问题，请稍后重试。</p><p><a href='/'>返回工作台</a></p></body></html>",
        status=500,
    )

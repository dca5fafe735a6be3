"""接口密钥: district staff issue and revoke the API keys of partner systems."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.models import Place

from . import rules, selectors
from .forms import ApiKeyForm
from .services.keys import api_key_create, api_key_revoke, default_jurisdiction


def _default_place_code(user) -> str:
    scope = policy.scope_for(user, rules.MANAGE_KEY)
    if scope.everything:
        try:
            return default_jurisdiction().code
        except DomainError:
            return ""
    return min(scope.place_codes, default="")


@login_required
@require_http_methods(["GET", "POST"])
def key_list(request):
    """The keys in the user's jurisdiction; POST issues one and shows it this once."""
    policy.require(request.user, rules.MANAGE_KEY)
    initial = {"place_code": _default_place_code(request.user)}
    form = ApiKeyForm(request.POST or None, initial=initial)
    issued = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["place_code"].strip()
        place = Place.objects.filter(code=code).first()
        try:
            if place is None:
                raise DomainError("找不到该地点编码。", field="place_code")
            key, raw = api_key_create(actor=request.user, name=form.cleaned_data["name"], place=place)
        except PermissionDenied:
            form.add_error("place_code", "该地点不在您的管辖范围内。")
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            issued = {"key": key, "raw": raw}
            form = ApiKeyForm(initial=initial)
    page = Paginator(selectors.api_key_visible_to(request.user), 50).get_page(request.GET.get("page"))
    response = render(request, "open311/keys.html", {"form": form, "page": page, "issued": issued})
    if issued:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def key_revoke(request, pk: int):
    key = selectors.api_key_get_for_user(user=request.user, pk=pk)
    try:
        api_key_revoke(actor=request.user, key=key)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已吊销密钥“{key.name}”（{key.prefix}），使用它的系统将无法再提交诉求。")
    return redirect("open311_keys:list")

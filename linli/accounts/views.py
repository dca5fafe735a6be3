from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linli.core import policy
from linli.core.exceptions import DomainError
from linli.places.models import Place

from . import rules, selectors, services
from .forms import AssignmentFilterForm, GrantForm


@login_required
def assignment_list(request):
    policy.require(request.user, rules.VIEW_ASSIGNMENT)
    filters = AssignmentFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.assignment_visible_to(
        request.user,
        include_ended=params.get("include_ended", False),
        q=params.get("q", ""),
        role=params.get("role", ""),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/assignment_list.html",
        {
            "filters": filters,
            "page": page,
            "may_manage": policy.may(request.user, rules.MANAGE_ASSIGNMENT),
            "revocable": {
                a.pk
                for a in page
                if a.is_active and services.can_appoint(request.user, role=a.role, place=a.place, grid=a.grid)
            },
        },
    )


def _scope_node(user, kind: str, code: str):
    """The place or grid the manager named, looked up within what they may see (404-like error)."""
    from linli.places import selectors as place_selectors

    if not code:
        return None, None
    if kind == "grid":
        node = place_selectors.grid_visible_to(user).filter(code=code).first()
        if node is None:
            raise DomainError("找不到该网格编码，或不在您的管辖范围内。", field="scope_code")
        return None, node
    node = place_selectors.place_visible_to(user).filter(code=code).first()
    if node is None:
        raise DomainError("找不到该地点编码，或不在您的管辖范围内。", field="scope_code")
    return node, None


@login_required
def assignment_grant_view(request):
    policy.require(request.user, rules.MANAGE_ASSIGNMENT)
    form = GrantForm(request.POST or None, roles=services.appointable_roles(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a refused grant must not leave behind the account created for it.
            with transaction.atomic():
                place, grid = _scope_node(request.user, data["scope_kind"], data["scope_code"].strip())
                user, password = services.user_get_or_create(phone=data["phone"], name=data["name"])
                services.assignment_grant(
                    actor=request.user,
                    user=user,
                    role=data["role"],
                    place=place,
                    grid=grid,
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                    note=data["note"],
                )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, f"已任命 {user.name} 为{dict(form.fields['role'].choices)[data['role']]}。"
            )
            if password:
                messages.warning(
                    request, f"已为 {user.name} 创建账号，初始密码：{password}（请当面告知并提醒修改）。"
                )
            return redirect("roles:list")
    initial_code = request.GET.get("code", "")
    if initial_code and not form.is_bound:
        form.initial["scope_code"] = initial_code
        # Only grids the manager may see: the form must not tell whether an out-of-scope grid exists.
        from linli.places import selectors as place_selectors

        grids = place_selectors.grid_visible_to(request.user)
        form.initial["scope_kind"] = "grid" if grids.filter(code=initial_code).exists() else "place"
    return render(request, "accounts/assignment_grant.html", {"form": form, "Place": Place})


@login_required
@require_POST
def assignment_revoke_view(request, pk: int):
    assignment = selectors.assignment_get_for_user(user=request.user, pk=pk)
    try:
        services.assignment_revoke(
            actor=request.user, assignment=assignment, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已免去 {assignment.user.name} 的{assignment.get_role_display()}。")
    return redirect("roles:list")

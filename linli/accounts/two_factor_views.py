"""The second log-in step, enrolment of the authenticator app, and the 账号安全 page (two_factor.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from linli.core.exceptions import Conflict

from . import security, two_factor
from .forms import CodeForm
from .models import TwoFactorEvent


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
def verify(request):
    """输入动态验证码: the step after the password for staff with a device."""
    step = two_factor.pending(request)
    if step == two_factor.ENROL:
        return redirect("accounts:two_factor_enrol")
    if step is None:
        return redirect(_next(request))
    if two_factor.confirmed_device(request.user) is None:  # reset since the password step
        two_factor.redecide(request)
        return redirect(request.get_full_path())
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.code_check(
            user=request.user, code=form.cleaned_data["code"], ip=security.client_ip(request)
        )
        if result.device is not None:
            two_factor.mark_verified(request, result.device)
            return redirect(_next(request))
        if result.locked_until is not None:
            logout(request)
            messages.error(request, result.error)
            return redirect("accounts:login")
        form.add_error("code", result.error)
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request), "nav": []}
    )


@login_required
def enrol(request):
    """开启两步验证: scan the QR code (or type the secret), confirm with a first code."""
    user = request.user
    if not two_factor.applies_to(user):
        raise PermissionDenied
    step = two_factor.pending(request)
    if step == two_factor.VERIFY:
        return redirect("accounts:two_factor_verify")
    try:
        device = two_factor.enrolment_device(user=user)
    except Conflict as exc:
        messages.info(request, exc.message)
        return redirect("accounts:security")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor.enrolment_confirm(user=user, code=form.cleaned_data["code"])
        if result.device is not None:
            two_factor.mark_verified(request, result.device)
            messages.success(
                request, "已开启两步验证。以后每次登录，输入密码后还需输入手机验证器上的动态验证码。"
            )
            return redirect(_next(request) if step == two_factor.ENROL else reverse("accounts:security"))
        form.add_error("code", result.error)
    qr_svg, secret = two_factor.provisioning(device)
    context = {"form": form, "qr_svg": qr_svg, "secret": secret, "forced": step == two_factor.ENROL}
    context["next"] = _next(request)
    if step == two_factor.ENROL:
        context["nav"] = []
    return render(request, "accounts/two_factor_enrol.html", context)


@login_required
def account_security(request):
    """账号安全: whether two-factor is on for this account; change the password."""
    user = request.user
    staff = two_factor.applies_to(user)
    return render(
        request,
        "accounts/account_security.html",
        {
            "staff": staff,
            "device": two_factor.confirmed_device(user) if staff else None,
            "required": settings.LINLI_STAFF_TOTP_REQUIRED,
            "events": TwoFactorEvent.objects.filter(user=user).select_related("actor")[:5] if staff else [],
        },
    )

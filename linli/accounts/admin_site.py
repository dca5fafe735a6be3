"""The Django admin behind the same log-in page and the same policy layer as the rest of the site."""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from linli.core import policy

from . import rules


def _has_permission(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and policy.may(user, rules.USE_ADMIN)


def _login(request, extra_context=None):
    if request.user.is_authenticated:
        raise PermissionDenied  # logged in, but not a system administrator: the Chinese 403 page
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


def install() -> None:
    site = admin.site
    site.site_header = "邻里 · 系统管理"
    site.site_title = "邻里 · 系统管理"
    site.index_title = "数据管理"
    site.has_permission = _has_permission
    site.login = _login
    # Devices change only through the audited services (enrolment by the user, reset by an administrator):
    # django-otp's own admin would show secret keys and edit devices without a record.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if site.is_registered(TOTPDevice):
        site.unregister(TOTPDevice)

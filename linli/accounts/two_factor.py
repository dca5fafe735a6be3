"""Two-factor log-in (TOTP, django-otp) for staff: the devices, the second step, the session gate.

Who is asked: :func:`applies_to` — anyone who may enter the admin or holds an active role other than
居民 (volunteers included: they claim appeals and see residents' addresses). Residents never are. A
staff account with a confirmed device gives a 6-digit code after its password, always; one without a
device must enrol first when ``LINLI_STAFF_TOTP_REQUIRED`` is on, and may enrol when it is off.

Where a log-in stands is kept in the (server-side) session under ``SESSION_KEY``: OFF (no second
step), VERIFY (a code is owed), ENROL (a device is owed) or DONE (verified by django-otp,
``user.is_verified()``). It is set at every ``login()`` and, for a session from before two-factor, on
its first request. While VERIFY or ENROL, :class:`TwoFactorMiddleware` lets the session reach only its
two-factor page, log-out and static files; the API answers 401.

Invariants: a user has at most one confirmed device; every enrolment and reset writes a
``TwoFactorEvent``; wrong codes are ``LoginAttempt`` failures (step "code") and lock the account and the
address together with wrong passwords; a code is accepted once (django-otp's ``last_t``); the secret
key is shown only while enrolling.
"""

from __future__ import annotations

import logging
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.core.roles import Role

from . import rules, security
from .models import LoginAttempt, TwoFactorEvent, User

log = logging.getLogger("linli.security")

SESSION_KEY = "linli_two_factor"
OFF, VERIFY, ENROL, DONE = "off", "verify", "enrol", "done"
DEVICE_NAME = "手机验证器"
WRONG_CODE = "动态验证码不正确或已经用过，请输入验证器上当前显示的6位数字。"
THROTTLED = "输入过于频繁，请稍等几秒，再输入验证器上当前显示的6位数字。"


def applies_to(user) -> bool:
    """Is ``user`` staff for two-factor purposes (the one place this is decided)?"""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or any(a.role != Role.RESIDENT for a in user.active_assignments())


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def step_owed(user) -> str:
    """What a fresh password log-in of ``user`` still owes: VERIFY, ENROL or OFF."""
    if not applies_to(user):
        return OFF
    if confirmed_device(user) is not None:
        return VERIFY
    return ENROL if settings.LINLI_STAFF_TOTP_REQUIRED else OFF


# -- the session ---------------------------------------------------------------------------------------


def start(sender, request, user, **kwargs):
    """At every log-in (``user_logged_in``): a new password log-in owes a new code."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        request.session[SESSION_KEY] = step_owed(user)


def pending(request) -> str | None:
    """VERIFY or ENROL while this session owes its second step, else None (no query once decided)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    state = request.session.get(SESSION_KEY)
    if state is None:  # a session opened before two-factor existed: decide once
        state = request.session[SESSION_KEY] = step_owed(user)
    return state if state in (VERIFY, ENROL) else None


def redecide(request) -> None:
    """The device changed under a waiting session (an administrator reset it): decide again."""
    request.session[SESSION_KEY] = step_owed(request.user)


def mark_verified(request, device: TOTPDevice) -> None:
    """The second step is done: django-otp remembers the device, the session gets a new key."""
    django_otp.login(request, device)
    request.session.cycle_key()
    request.session[SESSION_KEY] = DONE


_OPEN_PREFIXES = ("/static/",)


class TwoFactorMiddleware:
    """A session owing its second step reaches only that step's page, log-out and static files. A
    verified session whose device an administrator has reset is logged out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if request.session.get(SESSION_KEY) == DONE and not user.is_verified():
            logout(request)
            messages.info(request, "您的两步验证已被管理员重置，请重新登录。")
            return redirect(settings.LOGIN_URL)
        step = pending(request)
        if step is None:
            return self.get_response(request)
        target = reverse("accounts:two_factor_verify" if step == VERIFY else "accounts:two_factor_enrol")
        if request.path in (
            target,
            reverse("accounts:logout"),
            reverse("healthz"),
        ) or request.path.startswith(_OPEN_PREFIXES):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "请先完成两步验证（输入动态验证码）。"}, status=401)
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


# -- the second step -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    device: TOTPDevice | None = None
    error: str = ""
    locked_until: datetime | None = None


def code_check(*, user: User, code: str, ip: str | None) -> CodeCheck:
    """Check the code of ``user``'s confirmed device. Every answer but a lock is a ``LoginAttempt``
    (step "code"); the failure that completes 5 locks the account and the address like wrong
    passwords do (and is logged). A code already used, or older than the one before, is refused."""
    until = security.locked_until(phone=user.phone, ip=ip)
    if until is not None:
        return CodeCheck(error=security.lock_message(until), locked_until=until)
    device = confirmed_device(user)
    if device is None:
        return CodeCheck(error="您的两步验证已被重置，请重新登录。")
    allowed, _ = device.verify_is_allowed()
    verified = django_otp.verify_token(user, device.persistent_id, code) if allowed else None
    security.record_attempt(
        phone=user.phone, ip=ip, succeeded=verified is not None, step=LoginAttempt.Step.CODE
    )
    if verified is not None:
        return CodeCheck(device=verified)
    until = security.locked_until(phone=user.phone, ip=ip)
    if until is not None:
        return CodeCheck(error=security.lock_message(until), locked_until=until)
    return CodeCheck(error=WRONG_CODE if allowed else THROTTLED)


# -- enrolment and reset -------------------------------------------------------------------------------


@transaction.atomic
def enrolment_device(*, user: User) -> TOTPDevice:
    """The device ``user`` is enrolling: the same unconfirmed one on every visit (so a scanned QR code
    stays valid), created on the first. Raises Conflict when two-factor is already on."""
    if confirmed_device(user) is not None:
        raise Conflict("您已开启两步验证。")
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def enrolment_confirm(*, user: User, code: str) -> CodeCheck:
    """Turn two-factor on with a first code from the new device: the device is confirmed, other
    unconfirmed ones removed, a TwoFactorEvent written. Raises Conflict if it is on already."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one enrolment at a time
        device = enrolment_device(user=user)
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(error=THROTTLED)
        if not device.verify_token(code):
            return CodeCheck(error="验证码不正确。请确认手机时间准确，再输入验证器上当前显示的6位数字。")
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        device.confirmed = True
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        TwoFactorEvent.objects.create(user=user, kind=TwoFactorEvent.Kind.ENROLLED, actor=user)
    log.info("two-factor enrolled: account %s", user.masked_phone)
    return CodeCheck(device=device)


def provisioning(device: TOTPDevice) -> tuple[str, str]:
    """The QR code (inline SVG, drawn here: nothing is fetched) and the secret in groups of four."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, omitsize=True, title="用手机验证器扫描此二维码", svgclass="totp-qr"
    )
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return svg, " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def device_reset(*, actor: User, user: User, note: str = "") -> int:
    """An administrator removes ``user``'s devices (lost phone): the next log-in enrols again, and a
    session verified with the old device ends at its next request. Writes a TwoFactorEvent and logs to
    ``linli.security``. Raises PermissionDenied unless the actor may, DomainError if nothing to reset."""
    policy.require(actor, rules.RESET_TWO_FACTOR)
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    if not removed:
        raise DomainError(f"{user.name} 尚未开启两步验证。")
    TwoFactorEvent.objects.create(user=user, kind=TwoFactorEvent.Kind.RESET, actor=actor, note=note[:200])
    log.warning("two-factor reset: account %s by %s", user.masked_phone, actor.masked_phone)
    return removed

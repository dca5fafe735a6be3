"""Log-in lockout, password rules and session limits (等保 2.0 / OWASP ASVS level 2).

* Lockout: 5 failed log-ins within 30 minutes lock the account — and, separately, the address — for 30
  minutes after the last failure (a cool-off, never forever). An administrator can unlock. Every attempt
  is a ``LoginAttempt`` row; a lock is also logged to ``linli.security``.
* Passwords: staff (anyone holding a role other than 居民/志愿者) at least 12 characters from 3 of the 4
  classes (upper, lower, digits, symbols), expiring after 90 days, not one of their last 5; residents at
  least 8 characters, not a common password, no forced rotation.
* Sessions: 30 minutes idle, 12 hours absolute (SESSION_COOKIE_AGE); a disabled account's sessions end
  at once (Django checks ``is_active`` on every request); log-out deletes the session on the server.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from linli.core.roles import Role

from .models import LoginAttempt, PasswordHistory

log = logging.getLogger("linli.security")

MAX_FAILURES = 5
WINDOW = timedelta(minutes=30)
LOCK = timedelta(minutes=30)
STAFF_MIN_LENGTH, RESIDENT_MIN_LENGTH = 12, 8
PASSWORD_MAX_AGE = timedelta(days=90)
HISTORY = 5
IDLE = timedelta(minutes=30)
_NON_STAFF_ROLES = {Role.RESIDENT, Role.VOLUNTEER}


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def locked_until(*, phone: str, ip: str | None, now=None):
    """When the account or the address may try again; None when not locked."""
    now = now or timezone.now()
    recent = LoginAttempt.objects.filter(succeeded=False, cleared=False, at__gte=now - WINDOW)
    for qs in (recent.filter(phone=phone), recent.filter(ip=ip) if ip else None):
        if qs is None:
            continue
        times = list(qs.order_by("-at").values_list("at", flat=True)[:MAX_FAILURES])
        if len(times) >= MAX_FAILURES and times[0] + LOCK > now:
            return times[0] + LOCK
    return None


def record_attempt(*, phone: str, ip: str | None, succeeded: bool, step: str = LoginAttempt.Step.PASSWORD):
    """One attempt (password or two-factor code); failures of both steps count toward the same lock."""
    LoginAttempt.objects.create(phone=phone[:32], ip=ip, succeeded=succeeded, step=step)
    if not succeeded and locked_until(phone=phone, ip=ip):
        log.warning("login locked: account %s, address %s", phone[:3] + "****" + phone[-4:], ip)


def lock_message(until) -> str:
    return f"登录失败次数过多，已暂时锁定，请于{timezone.localtime(until):%H:%M}后再试，或联系管理员解锁。"


def unlock(*, phone: str) -> int:
    """An administrator lifts a lock: the recent failures of the account are marked cleared."""
    return LoginAttempt.objects.filter(phone=phone, succeeded=False, cleared=False).update(cleared=True)


def is_staff_user(user) -> bool:
    if user is None or not getattr(user, "pk", None):
        return False
    return user.is_staff or any(a.role not in _NON_STAFF_ROLES for a in user.active_assignments())


def _classes(password: str) -> int:
    return sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )


class RolePasswordValidator:
    """Staff: ≥ 12 characters from 3 of 4 classes, not one of the last 5. Residents: ≥ 8 characters."""

    def validate(self, password, user=None):
        if is_staff_user(user):
            if len(password) < STAFF_MIN_LENGTH or _classes(password) < 3:
                raise ValidationError(
                    f"工作人员的密码至少{STAFF_MIN_LENGTH}位，并包含大写字母、小写字母、数字、符号中的至少三类。",
                    code="staff_password",
                )
            for old in PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[:HISTORY]:
                if check_password(password, old):
                    raise ValidationError(f"不能使用最近{HISTORY}次用过的密码。", code="password_reused")
        elif len(password) < RESIDENT_MIN_LENGTH:
            raise ValidationError(f"密码至少{RESIDENT_MIN_LENGTH}位。", code="password_too_short")

    def password_changed(self, password, user=None):
        if user is not None and user.pk:
            PasswordHistory.objects.create(user=user, password=user.password)
            type(user).objects.filter(pk=user.pk).update(password_changed_at=timezone.now())

    def get_help_text(self):
        return (
            f"工作人员至少{STAFF_MIN_LENGTH}位且包含三类字符，每90天更换；居民至少{RESIDENT_MIN_LENGTH}位。"
        )


def password_expired(user, now=None) -> bool:
    changed = getattr(user, "password_changed_at", None)
    return bool(changed and is_staff_user(user) and changed + PASSWORD_MAX_AGE < (now or timezone.now()))


def start_idle_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session["last_seen"] = timezone.now().timestamp()


class SessionPolicyMiddleware:
    """30 minutes idle ends the session; a staff password older than 90 days must be changed first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now()
            last = request.session.get("last_seen")
            if last is not None and now.timestamp() - last > IDLE.total_seconds():
                logout(request)
                from django.contrib import messages

                messages.info(request, "长时间未操作，已自动退出，请重新登录。")
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if last is None or now.timestamp() - last > 60:  # written at most once a minute (a query)
                request.session["last_seen"] = now.timestamp()
            allowed = (reverse("accounts:password_change"), reverse("accounts:logout"))
            if (
                password_expired(user, now)
                and request.path not in allowed
                and not request.path.startswith("/static/")
            ):
                return redirect("accounts:password_change")
        return self.get_response(request)

"""The production header set (security issue): a Content-Security-Policy without inline script on every
answer, the usual hardening headers, and — in a real deployment — HTTPS only: HSTS, a redirect from
http, and Secure ``__Host-`` cookies. ``check --deploy`` passes with no warning."""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings

from linli.places.tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[3]
LINLI = ROOT / "linli"


def production_settings(monkeypatch) -> dict:
    """The HTTPS settings linli/settings.py computes for a real deployment (SECRET_KEY in the environment,
    DEBUG off), read by executing the real settings module under that environment."""
    monkeypatch.setenv("SECRET_KEY", "production-" + "k" * 50)
    monkeypatch.delenv("DEBUG", raising=False)
    monkeypatch.delenv("LINLI_PRODUCTION", raising=False)
    spec = importlib.util.spec_from_file_location("linli_settings_production", LINLI / "settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.PRODUCTION
    return {
        name: getattr(module, name)
        for name in dir(module)
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_"))
    }


@pytest.mark.django_db
def test_every_answer_carries_a_content_security_policy_without_inline_script(client):
    response = client.get("/accounts/login/")
    csp = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval', no other origin
    assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'" and csp["form-action"] == "'self'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "microphone=()" in response.headers["Permissions-Policy"]
    # The API's answers too, errors included.
    assert "script-src 'self'" in client.get("/api/openapi.json").headers["Content-Security-Policy"]
    assert "Content-Security-Policy" in client.get("/no-such-page/").headers


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"(href|action|src)\s*=\s*[\"']?\s*javascript:", re.I)


def test_no_template_has_an_inline_script_or_event_handler():
    """The policy would block them: a page that needs behaviour uses a data-* attribute of page.js."""
    offenders = []
    for path in sorted(LINLI.rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, JAVASCRIPT_URL):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert not offenders, "内联脚本会被内容安全策略拦截：\n" + "\n".join(offenders)


def test_production_settings_pass_check_deploy_with_no_warning(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "LINLI_PRODUCTION", "PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        SECRET_KEY="production-" + "k" * 50,
        ALLOWED_HOSTS="linli.example.cn",
        LINLI_VAR_DIR=str(tmp_path),
    )
    done = subprocess.run(
        [sys.executable, "-m", "linli.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_the_demo_and_development_keep_plain_http_cookies():
    """Without a SECRET_KEY from the environment (the demo, development, this suite) http://127.0.0.1 works."""
    assert not settings.PRODUCTION
    assert settings.SESSION_COOKIE_NAME == "sessionid" and not settings.SESSION_COOKIE_SECURE


@pytest.mark.django_db
def test_production_answers_https_only_with_hsts_and_host_prefixed_secure_cookies(monkeypatch):
    production = production_settings(monkeypatch)
    user = UserFactory(phone="13700000901")
    with override_settings(**production):
        client = Client()
        # Plain http is sent to https, except the load balancer's health check.
        http = client.get("/accounts/login/")
        assert http.status_code == 301 and http["Location"].startswith("https://")
        assert client.get("/healthz").status_code == 200

        # Over https (the TLS proxy says so in X-Forwarded-Proto): HSTS for a year, sub-domains included.
        page = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
        assert page.status_code == 200
        assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "upgrade-insecure-requests" in page["Content-Security-Policy"]
        csrf = page.cookies["__Host-csrftoken"]
        assert csrf["secure"] and csrf["path"] == "/" and not csrf["domain"]

        logged_in = client.post(
            "/accounts/login/",
            {"username": user.phone, "password": PASSWORD},
            headers={"X-Forwarded-Proto": "https"},
        )
        assert logged_in.status_code == 302
        session = logged_in.cookies["__Host-sessionid"]
        assert session["secure"] and session["httponly"] and session["path"] == "/" and not session["domain"]
        assert "sessionid" not in logged_in.cookies

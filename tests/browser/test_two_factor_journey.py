"""A grid worker on a phone turns on two-factor at the first log-in (scanning is replaced by reading the
secret off the page, as a manual entry would), then logs in again with password and code."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from linli.core.roles import Role
from linli.places.tests.factories import PASSWORD, user_with_role

from .conftest import PHONE

pytestmark = pytest.mark.browser

WORKER = "13700000201"


def log_in(page, phone: str, password: str = PASSWORD):
    page.get_by_label("手机号码").fill(phone)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def authenticator_code(secret: str, drift: int = 0) -> str:
    """What an authenticator app shows for the secret typed in by hand."""
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, drift=drift):06d}"


def test_staff_enrol_at_the_first_log_in_then_give_a_code_every_time(
    browser_world, open_page, screenshot, settings
):
    settings.LINLI_STAFF_TOTP_REQUIRED = True
    user_with_role(Role.GRID_WORKER, grid=browser_world.grid_a1, phone=WORKER, name="赵网格员")
    page = open_page(viewport=PHONE)

    page.goto("/")
    log_in(page, WORKER)
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/enrol/"))
    expect(page.get_by_role("heading", name="开启两步验证")).to_be_visible()
    expect(page.locator("svg.totp-qr")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "two-factor-enrol-phone")

    # Nothing else opens before the device is confirmed.
    page.goto("/places/")
    expect(page.get_by_role("heading", name="开启两步验证")).to_be_visible()

    secret = page.locator(".totp-secret").inner_text()
    page.get_by_label("动态验证码").fill(authenticator_code(secret))
    page.get_by_role("button", name="确认开启").click()
    expect(page).to_have_url(re.compile(r"/places/$"))
    expect(page.get_by_text("已开启两步验证")).to_be_visible()

    page.get_by_role("button", name="退出").click()
    log_in(page, WORKER)
    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    valid = {authenticator_code(secret, drift) for drift in (-1, 0, 1, 2)}
    page.get_by_label("动态验证码").fill(next(c for c in ("000000", "111111", "222222") if c not in valid))
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_text("动态验证码不正确")).to_be_visible()
    screenshot(page, "two-factor-code-wrong-phone")

    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
    page.get_by_label("动态验证码").fill(authenticator_code(secret, drift=1))
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    page.get_by_role("link", name="赵网格员").click()
    expect(page.locator(".badge.ok")).to_have_text("已开启")

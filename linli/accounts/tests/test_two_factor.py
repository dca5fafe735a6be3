"""Two-factor log-in for staff (TOTP): the second step, wrong and replayed codes, forced enrolment,
residents never asked, the administrator's reset, and the API refusing a half-finished log-in.

Codes are computed from the device's key with django_otp.oath.totp, as the phone's authenticator does."""

import logging
from base64 import b32encode
from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from linli.accounts import two_factor
from linli.accounts.models import LoginAttempt, TwoFactorEvent
from linli.core.frozen_time import frozen_at
from linli.core.roles import Role
from linli.places.tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:two_factor_verify")
ENROL = reverse("accounts:two_factor_enrol")
SECURITY = reverse("accounts:security")


def code(device, drift=0) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def wrong_code(device) -> str:
    valid = {code(device, drift) for drift in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(123456, 124000)) if c not in valid)


def log_in(client, user, *, next_="", ip="10.0.0.1"):
    url = f"{LOGIN}?next={next_}" if next_ else LOGIN
    return client.post(url, {"username": user.phone, "password": PASSWORD, "next": next_}, REMOTE_ADDR=ip)


def give_code(client, value, *, next_="", ip="10.0.0.1"):
    return client.post(VERIFY, {"code": value, "next": next_}, REMOTE_ADDR=ip)


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="手机验证器", confirmed=True)


@pytest.fixture
def worker(world):
    return user_with_role(Role.COMMUNITY_WORKER, place=world.community_a, name="陈工作")


@pytest.fixture
def required(settings):
    settings.LINLI_STAFF_TOTP_REQUIRED = True


def test_staff_with_a_device_must_give_the_code_after_the_password(client, worker):
    device = enrolled(worker)
    page = log_in(client, worker, next_="/places/")
    assert page.status_code == 302
    # Every page leads to the code page until the code is given, keeping where they were going.
    home = client.get("/")
    assert home.status_code == 302 and home["Location"].startswith(VERIFY)
    assert client.get("/places/").status_code == 302
    assert client.get(reverse("accounts:password_change"))["Location"].startswith(VERIFY)
    form = client.get(f"{VERIFY}?next=/places/")
    assert "两步验证" in form.content.decode() and 'autocomplete="one-time-code"' in form.content.decode()

    done = give_code(client, code(device), next_="/places/")
    assert done.status_code == 302 and done["Location"] == "/places/"
    assert client.get("/").status_code == 200
    assert LoginAttempt.objects.filter(phone=worker.phone, step="code", succeeded=True).count() == 1


def test_full_width_digits_from_a_chinese_keyboard_are_accepted(client, worker):
    device = enrolled(worker)
    log_in(client, worker)
    full_width = code(device).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert give_code(client, full_width)["Location"] == "/"


def test_the_code_page_never_sends_to_another_site(client, worker):
    device = enrolled(worker)
    log_in(client, worker)
    assert give_code(client, code(device), next_="https://evil.example/")["Location"] == "/"


def test_a_wrong_code_is_refused_in_chinese_and_five_lock_the_account(client, worker, caplog):
    device = enrolled(worker)
    log_in(client, worker)
    page = give_code(client, wrong_code(device))
    assert page.status_code == 200 and "动态验证码不正确" in page.content.decode()
    assert client.get("/").status_code == 302  # still not logged in
    failed = LoginAttempt.objects.filter(phone=worker.phone, step="code", succeeded=False)
    assert failed.count() == 1

    with caplog.at_level(logging.WARNING, logger="linli.security"):
        for _ in range(4):
            last = give_code(client, wrong_code(device))
    assert failed.count() == 5
    assert last.status_code == 302 and last["Location"] == LOGIN  # the session is ended
    assert "已暂时锁定" in client.get(LOGIN).content.decode()
    assert "_auth_user_id" not in client.session
    assert any("login locked" in r.getMessage() for r in caplog.records)
    # Now the password alone is refused too, even the right one.
    again = log_in(client, worker)
    assert again.status_code == 200 and "已暂时锁定" in again.content.decode()


def test_wrong_passwords_and_wrong_codes_add_up_to_the_same_lock(client, worker):
    device = enrolled(worker)
    for _ in range(3):
        client.post(LOGIN, {"username": worker.phone, "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    log_in(client, worker)
    give_code(client, wrong_code(device))
    last = give_code(client, wrong_code(device))
    assert last["Location"] == LOGIN
    assert "已暂时锁定" in log_in(client, worker).content.decode()


def test_a_code_is_accepted_only_once(client, worker):
    device = enrolled(worker)
    log_in(client, worker)
    used = code(device)
    assert give_code(client, used)["Location"] == "/"
    client.post(reverse("accounts:logout"))

    log_in(client, worker)
    replay = give_code(client, used)
    assert replay.status_code == 200 and "已经用过" in replay.content.decode()
    assert client.get("/").status_code == 302
    # The authenticator's next code works (after django-otp's back-off of a second per failure).
    with frozen_at(timezone.now() + timedelta(seconds=2)):
        assert give_code(client, code(device, drift=1))["Location"] == "/"


def test_when_required_staff_without_a_device_must_enrol_before_anything_else(client, worker, required):
    log_in(client, worker)
    for path in ("/", "/places/", reverse("accounts:password_change"), SECURITY, VERIFY):
        assert client.get(path)["Location"].startswith(ENROL), path
    api = client.get("/api/me")
    assert api.status_code == 401 and "两步验证" in api.json()["detail"]

    page = client.get(ENROL)
    html = page.content.decode()
    assert page.status_code == 200 and "开启两步验证" in html
    assert '<svg viewBox="' in html and "<script" not in html.split("</header>")[1]
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    secret = html.split('class="totp-secret">')[1].split("<")[0]
    assert secret.replace(" ", "") == b32encode(device.bin_key).decode().rstrip("=")
    assert client.get(ENROL).content.decode().count(secret) == 1  # the same secret on reload

    refused = client.post(ENROL, {"code": wrong_code(device)})
    assert "验证码不正确" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=worker, confirmed=True).exists()

    with frozen_at(timezone.now() + timedelta(seconds=2)):  # django-otp's back-off after the failure
        done = client.post(ENROL, {"code": code(device), "next": "/places/"})
    assert done["Location"] == "/places/"
    assert TOTPDevice.objects.filter(user=worker, confirmed=True).count() == 1
    assert TwoFactorEvent.objects.filter(user=worker, kind="enrolled", actor=worker).count() == 1
    assert client.get("/").status_code == 200 and client.get("/api/me").status_code == 200

    # From now on the log-in asks for the code.
    client.post(reverse("accounts:logout"))
    log_in(client, worker)
    assert client.get("/")["Location"].startswith(VERIFY)


@pytest.mark.parametrize("required_on", [True, False])
def test_residents_are_never_asked_for_a_code(client, world, settings, required_on):
    settings.LINLI_STAFF_TOTP_REQUIRED = required_on
    resident = user_with_role(Role.RESIDENT, place=world.households[world.compound_a1.code][0])
    assert log_in(client, resident)["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.get("/api/me").status_code == 200
    assert client.get(ENROL).status_code == 403
    assert "两步验证" not in client.get(SECURITY).content.decode()
    assert not TOTPDevice.objects.filter(user=resident).exists()


def test_volunteers_count_as_staff_for_two_factor(client, world, required):
    volunteer = user_with_role(Role.VOLUNTEER, place=world.compound_a1)
    log_in(client, volunteer)
    assert client.get("/")["Location"].startswith(ENROL)


def test_without_the_requirement_staff_may_enrol_from_their_account_page(client, worker):
    log_in(client, worker)
    assert client.get("/").status_code == 200  # the password is enough
    page = client.get(SECURITY).content.decode()
    assert "未开启" in page and ENROL in page
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=worker)
    assert client.post(ENROL, {"code": code(device)})["Location"] == SECURITY
    assert "已开启" in client.get(SECURITY).content.decode()

    client.post(reverse("accounts:logout"))
    log_in(client, worker)
    assert client.get("/")["Location"].startswith(VERIFY)  # once enrolled, always asked


def test_an_administrator_resets_a_lost_phone_and_the_user_enrols_again(client, worker, world, required):
    device = enrolled(worker)
    log_in(client, worker)
    give_code(client, code(device))
    assert client.get("/").status_code == 200

    admin = user_with_role(Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True, name="王管理")
    admin_device = enrolled(admin)
    admin_client = Client()
    log_in(admin_client, admin, ip="10.0.0.9")
    give_code(admin_client, code(admin_device), ip="10.0.0.9")
    changelist = reverse("admin:accounts_user_changelist")
    assert "两步验证" in admin_client.get(changelist).content.decode()
    done = admin_client.post(
        changelist, {"action": "reset_two_factor", "_selected_action": [worker.pk]}, follow=True
    )
    assert "已重置两步验证：陈工作" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert TwoFactorEvent.objects.filter(user=worker, kind="reset", actor=admin).count() == 1
    assert LogEntry.objects.filter(object_id=str(worker.pk), change_message="重置两步验证").exists()

    # The user's verified session ends; at the next log-in they must enrol again.
    ended = client.get("/")
    assert ended["Location"] == LOGIN and "_auth_user_id" not in client.session
    assert "已被管理员重置" in client.get(LOGIN).content.decode()
    log_in(client, worker)
    assert client.get("/")["Location"].startswith(ENROL)


def test_only_a_system_administrator_may_reset_two_factor(client, worker, world):
    device = enrolled(worker)
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)
    client.force_login(secretary)
    changelist = reverse("admin:accounts_user_changelist")
    refused = client.post(
        changelist, {"action": "reset_two_factor", "_selected_action": [worker.pk]}, follow=True
    )
    assert refused.status_code == 403
    with pytest.raises(PermissionDenied):
        two_factor.device_reset(actor=secretary, user=worker)
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not TwoFactorEvent.objects.exists()


def test_staff_see_whether_two_factor_is_on_for_their_account(client, worker):
    client.force_login(worker)
    assert "未开启" in client.get(SECURITY).content.decode()
    enrolled(worker)
    log_in(client, worker)
    give_code(client, code(TOTPDevice.objects.get(user=worker)))
    page = client.get(SECURITY).content.decode()
    assert "已开启" in page and "开启时间" in page
    assert SECURITY in client.get("/").content.decode()  # the name in the top bar leads there


def test_a_session_that_has_not_given_its_code_cannot_use_the_api(client, worker, settings):
    device = enrolled(worker)
    log_in(client, worker)
    refused = client.get("/api/me")
    assert refused.status_code == 401 and refused.json()["detail"] == "请先完成两步验证（输入动态验证码）。"
    assert client.post("/api/appeals/", {}, content_type="application/json").status_code == 401
    # The API's own authentication refuses it too, without the middleware in front.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("TwoFactorMiddleware")]
    assert client.get("/api/me").status_code == 401
    give_code(client, code(device))
    assert client.get("/api/me").status_code == 200

"""Log-in lockout with cool-off and unlock, password rules by role, idle sessions, expiring staff passwords."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linli.accounts import security
from linli.accounts.models import LoginAttempt, User
from linli.core.frozen_time import frozen_at
from linli.core.roles import Role
from linli.places.tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"


def _try(client, phone, password, ip="10.0.0.1"):
    return client.post(reverse(LOGIN), {"username": phone, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_for_thirty_minutes_then_it_cools_off(client):
    user = UserFactory(phone="13911112222")
    user.set_password("正确的密码abc1")
    user.save()
    for _ in range(5):
        assert "手机号码或密码不正确" in _try(client, user.phone, "wrong").content.decode()
    page = _try(client, user.phone, "正确的密码abc1", ip="10.0.0.2")  # the right password, another address
    assert "已暂时锁定" in page.content.decode() and "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(phone=user.phone, succeeded=False).count() == 5
    with frozen_at(timezone.now() + timedelta(minutes=31)):
        assert _try(client, user.phone, "正确的密码abc1", ip="10.0.0.2").status_code == 302


def test_an_address_trying_many_accounts_is_locked_too(client):
    for i in range(5):
        _try(client, f"1390000{i:04d}", "wrong", ip="10.9.9.9")
    other = UserFactory(phone="13955556666")
    other.set_password("另一个密码xyz9")
    other.save()
    assert "已暂时锁定" in _try(client, other.phone, "另一个密码xyz9", ip="10.9.9.9").content.decode()
    assert _try(client, other.phone, "另一个密码xyz9", ip="10.1.1.1").status_code == 302


def test_an_administrator_unlocks_an_account(client):
    user = UserFactory(phone="13911113333")
    user.set_password("正确的密码abc1")
    user.save()
    for _ in range(5):
        _try(client, user.phone, "wrong")
    assert security.locked_until(phone=user.phone, ip=None) is not None
    assert security.unlock(phone=user.phone) == 5
    assert _try(client, user.phone, "正确的密码abc1").status_code == 302
    assert LoginAttempt.objects.filter(phone=user.phone).count() == 6  # nothing deleted: the log stays


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Short1!", False),
        ("alllowercaseletters", False),
        ("lowercase1234567", False),
        ("Lowercase123456", True),
        ("小区治理2026!abc", True),
    ],
)
def test_staff_passwords_need_twelve_characters_of_three_classes(world, password, ok):
    staff = user_with_role(Role.GRID_WORKER, grid=world.grid_a1)
    if ok:
        validate_password(password, staff)
    else:
        with pytest.raises(ValidationError, match="至少12位"):
            validate_password(password, staff)


CLASSES = {
    "lower": "abcdefghijkmnpqrstuvwxyz",
    "upper": "ABCDEFGHJKLMNPQRSTUVWXYZ",
    "digit": "0123456789",
    "symbol": "!@#$%^&*()-_=+[]{};:,.<>/?~ 　，。",
}
QUICK = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _staff_accepts(staff, password) -> bool:
    try:
        security.RolePasswordValidator().validate(password, staff)
    except ValidationError as e:
        assert "工作人员的密码至少12位" in e.messages[0]  # the rule, said in Chinese
        return False
    return True


@QUICK
@given(st.lists(st.sampled_from(sorted(CLASSES)), min_size=3, max_size=4, unique=True), st.data())
def test_any_staff_password_of_twelve_characters_from_three_classes_is_accepted(world, classes, data):
    staff = user_with_role(Role.GRID_WORKER, grid=world.grid_a1)
    chars = [data.draw(st.sampled_from(CLASSES[c])) for c in classes]
    pool = "".join(CLASSES[c] for c in classes)
    chars += data.draw(st.lists(st.sampled_from(pool), min_size=12 - len(chars), max_size=30))
    password = "".join(data.draw(st.permutations(chars)))
    assert _staff_accepts(staff, password)


@QUICK
@given(
    st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=11),  # too short, whatever it holds
        st.sampled_from(sorted(CLASSES)).flatmap(  # long but of one class, or two
            lambda a: st.sampled_from(sorted(CLASSES)).flatmap(
                lambda b: st.text(CLASSES[a] + CLASSES[b], min_size=12, max_size=40)
            )
        ),
    )
)
def test_no_staff_password_shorter_than_twelve_or_of_fewer_than_three_classes_is_accepted(world, password):
    staff = user_with_role(Role.GRID_WORKER, grid=world.grid_a1)
    assert not _staff_accepts(staff, password)


def test_residents_need_eight_characters_and_no_common_password(world):
    resident = user_with_role(Role.RESIDENT, place=world.households[world.compound_a1.code][0])
    validate_password("qiuyue2026", resident)
    with pytest.raises(ValidationError):
        validate_password("password", resident)
    with pytest.raises(ValidationError, match="至少8"):
        validate_password("abc12", resident)


def test_staff_cannot_reuse_a_recent_password(world):
    staff = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    staff.set_password("Linli-2026-Spring")
    staff.save()
    with pytest.raises(ValidationError, match="最近5次"):
        validate_password("Linli-2026-Spring", staff)


def test_an_idle_session_ends_after_thirty_minutes(client, world):
    user = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200
    with frozen_at(timezone.now() + timedelta(minutes=31)):
        page = client.get(reverse("home"))
    assert page.status_code == 302 and reverse(LOGIN) in page["Location"]
    assert "_auth_user_id" not in client.session


def test_a_disabled_account_is_logged_out_at_once(client, world):
    user = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    client.force_login(user)
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(reverse("home")).status_code == 302


def test_an_expired_staff_password_must_be_changed_first(client, world):
    staff = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    User.objects.filter(pk=staff.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client.force_login(staff)
    assert client.get(reverse("home"))["Location"] == reverse("accounts:password_change")
    resident = user_with_role(Role.RESIDENT, place=world.households[world.compound_a1.code][0])
    User.objects.filter(pk=resident.pk).update(password_changed_at=timezone.now() - timedelta(days=400))
    client.force_login(resident)
    assert client.get(reverse("home")).status_code == 200  # residents are not forced to rotate

"""Sending SMS and WeChat deliveries: retries, idempotency, skipping, masking."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from linli.notifications.choices import Channel, DeliveryStatus
from linli.notifications.models import Delivery, WechatBinding
from linli.notifications.services import notify
from linli.notifications.tasks import MAX_ATTEMPTS, deliver_pending
from linli.places.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _reply(user, channels=("sms",), body="您反映的楼道灯问题已修好。"):
    """A notification whose external deliveries stay pending (the test runs deliver_pending itself)."""
    (n,) = notify(
        recipients=[user], kind="appeal.replied", title="您的诉求有回复", body=body, channels=channels
    )
    return n


def _sms(n) -> Delivery:
    return Delivery.objects.get(notification=n, channel=Channel.SMS)


def test_a_delivery_is_sent_once_even_when_the_runner_runs_twice(use_backend, sent):
    use_backend("RecordingBackend")
    n = _reply(UserFactory())
    assert deliver_pending() == 1
    assert deliver_pending() == 0
    assert deliver_pending(ids=[_sms(n).pk], now=timezone.now() + timedelta(days=1)) == 0
    assert sent == [(Channel.SMS, n.pk)]
    sms = _sms(n)
    assert sms.status == DeliveryStatus.SENT and sms.attempts == 1 and sms.sent_at


def test_a_second_worker_does_not_take_a_delivery_already_claimed(use_backend, sent, monkeypatch):
    """While one worker is sending, another run finds nothing to do (the claim is a lease)."""
    from linli.notifications.tests import backends

    inner = []

    def send_and_run_again(self, delivery):
        inner.append(deliver_pending())
        backends.SENT.append((delivery.channel, delivery.notification_id))

    monkeypatch.setattr(backends.RecordingBackend, "send", send_and_run_again)
    use_backend("RecordingBackend")
    n = _reply(UserFactory())
    assert deliver_pending() == 1
    assert inner == [0]
    assert sent == [(Channel.SMS, n.pk)]


def test_failed_attempts_are_retried_later_and_fail_for_good_after_five(use_backend, sent):
    use_backend("BrokenBackend")
    n = _reply(UserFactory())
    now = timezone.now()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert deliver_pending(now=now) == 1
        sms = _sms(n)
        assert sms.attempts == attempt
        assert "ConnectionError" in sms.last_error
        if attempt < MAX_ATTEMPTS:
            assert sms.status == DeliveryStatus.PENDING
            assert deliver_pending(now=now) == 0  # not due again yet
            now = sms.next_attempt_at
    assert sms.status == DeliveryStatus.FAILED and sms.sent_at is None
    assert deliver_pending(now=now + timedelta(days=1)) == 0
    assert _sms(n).attempts == MAX_ATTEMPTS
    assert sent == []


def test_a_delivery_that_failed_once_is_sent_on_the_retry(use_backend, sent):
    from linli.notifications.tests.backends import FlakyBackend

    use_backend("FlakyBackend")
    FlakyBackend.failures = 1
    n = _reply(UserFactory())
    deliver_pending()
    assert _sms(n).status == DeliveryStatus.PENDING
    deliver_pending(now=_sms(n).next_attempt_at)
    sms = _sms(n)
    assert sms.status == DeliveryStatus.SENT and sms.attempts == 2
    assert sent == [(Channel.SMS, n.pk)]


def test_errors_recorded_on_a_delivery_do_not_keep_phone_numbers(use_backend):
    use_backend("BrokenBackend")
    n = _reply(UserFactory())
    deliver_pending()
    assert "13812345678" not in _sms(n).last_error
    assert "138****5678" in _sms(n).last_error


def test_sms_log_masks_the_phone_number(caplog, settings):
    settings.LINLI_NOTIFICATION_BACKENDS = {"sms": "linli.notifications.backends.LoggingBackend"}
    caplog.set_level(logging.INFO, logger="linli.notifications")
    user = UserFactory(phone="13812345678")
    _reply(user, body="请联系网格员 13987654321 预约上门。")
    deliver_pending()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "138****5678" in text and "短信" in text and "您的诉求有回复" in text
    assert "139****4321" in text
    assert "13812345678" not in text and "13987654321" not in text


def test_wechat_goes_only_to_users_who_bound_wechat(caplog, settings):
    settings.LINLI_NOTIFICATION_BACKENDS = {"wechat": "linli.notifications.backends.LoggingBackend"}
    caplog.set_level(logging.INFO, logger="linli.notifications")
    bound, unbound = UserFactory(), UserFactory()
    WechatBinding.objects.create(user=bound, openid="oAbCdEfGhIjKlMnOpQrStUvWx")
    bound_n = _reply(bound, channels=["wechat"])
    unbound_n = _reply(unbound, channels=["wechat"])
    assert deliver_pending() == 2
    sent = Delivery.objects.get(notification=bound_n, channel=Channel.WECHAT)
    skipped = Delivery.objects.get(notification=unbound_n, channel=Channel.WECHAT)
    assert sent.status == DeliveryStatus.SENT
    assert (
        skipped.status == DeliveryStatus.SKIPPED
        and skipped.last_error == "用户未绑定微信，未发送微信模板消息。"
    )
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "oAbC****" in text and "oAbCdEfGhIjKlMnOpQrStUvWx" not in text


def test_sms_is_skipped_without_a_valid_mobile_number(use_backend, sent):
    use_backend("RecordingBackend")
    user = UserFactory()
    n = _reply(user)
    type(user).objects.filter(pk=user.pk).update(phone="")
    deliver_pending()
    sms = _sms(n)
    assert sms.status == DeliveryStatus.SKIPPED and "手机号码" in sms.last_error
    assert sent == []


def test_deliveries_to_an_account_deactivated_meanwhile_are_skipped(use_backend, sent):
    use_backend("RecordingBackend")
    user = UserFactory()
    n = _reply(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    deliver_pending()
    assert _sms(n).status == DeliveryStatus.SKIPPED and sent == []


def test_periodic_command_delivers_what_is_due(use_backend, sent):
    use_backend("RecordingBackend")
    _reply(UserFactory())
    _reply(UserFactory())
    out = StringIO()
    call_command("notifications", "deliver", stdout=out)
    assert "已处理 2 条" in out.getvalue()
    assert len(sent) == 2
    call_command("notifications", "deliver", "--limit", "10", stdout=out)
    assert len(sent) == 2

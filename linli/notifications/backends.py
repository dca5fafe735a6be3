"""Channel backends: how a delivery leaves the platform. One interface for every external channel; the
setting ``LINLI_NOTIFICATION_BACKENDS`` maps a channel to a class path. A real SMS gateway or the WeChat
template-message API is one more class with the same ``send``."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .choices import Channel

if TYPE_CHECKING:
    from .models import Delivery

logger = logging.getLogger("linli.notifications")

DEFAULT_BACKENDS = {
    Channel.SMS.value: "linli.notifications.backends.LoggingBackend",
    Channel.WECHAT.value: "linli.notifications.backends.LoggingBackend",
}

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9Xx])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9Xx])")


class Backend(Protocol):
    def send(self, delivery: Delivery) -> None:
        """Send ``delivery`` (its notification, to its recipient, on its channel); raise on failure."""


class PermanentFailure(Exception):
    """The channel refused the message for good (an invalid number, a blocked user): do not retry."""


def get_backend(channel: str) -> Backend:
    paths = getattr(settings, "LINLI_NOTIFICATION_BACKENDS", DEFAULT_BACKENDS)
    try:
        path = paths[channel]
    except KeyError:
        raise ImproperlyConfigured(f"no notification backend for channel {channel!r}") from None
    return import_string(path)()


def mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "****"


def mask_text(text: str) -> str:
    """Mask mobile numbers and identity-card numbers anywhere in ``text`` (for logs and error notes)."""
    text = _MOBILE_IN_TEXT.sub(r"\1****\2", text)
    return _ID_NUMBER_IN_TEXT.sub(r"\1********\2", text)


def recipient_address(delivery: Delivery) -> str | None:
    """Where ``delivery`` goes on its channel, or None when the recipient has no address there."""
    user = delivery.notification.recipient
    if delivery.channel == Channel.SMS:
        return user.phone if _MOBILE.match(user.phone or "") else None
    if delivery.channel == Channel.WECHAT:
        binding = getattr(user, "wechat_binding", None)  # a missing binding raises AttributeError
        return binding.openid if binding else None
    return None


def no_address_reason(channel: str) -> str:
    if channel == Channel.SMS:
        return "用户未登记有效的手机号码，未发送短信。"
    if channel == Channel.WECHAT:
        return "用户未绑定微信，未发送微信模板消息。"
    return "该渠道无需外部发送。"


class LoggingBackend:
    """Stands in for the SMS gateway and the WeChat API: writes the message to the "linli.notifications"
    logger, with the address masked."""

    def send(self, delivery: Delivery) -> None:
        address = recipient_address(delivery)
        if address is None:
            raise PermanentFailure(no_address_reason(delivery.channel))
        masked = mask_phone(address) if delivery.channel == Channel.SMS else f"{address[:4]}****"
        notification = delivery.notification
        logger.info(
            "%s → %s：【邻里】%s %s",
            Channel(delivery.channel).label,
            masked,
            mask_text(notification.title),
            mask_text(notification.body),
            extra={"delivery_id": delivery.pk, "notification_kind": notification.kind},
        )

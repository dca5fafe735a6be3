"""Who a command-line run acts as when given ``--as PHONE``."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def actor_from_phone(phone: str, *, action: str):
    try:
        return get_user_model().objects.get(phone=phone, is_active=True)
    except get_user_model().DoesNotExist:
        raise CommandError(f"找不到手机号为 {phone} 的有效用户，无法以其身份{action}。") from None

"""API keys (接口密钥) of partner systems.

Invariants: the full key is returned once, at creation, and stored only as HMAC-SHA256 keyed with
SECRET_KEY (rotating SECRET_KEY invalidates every key); the 8-character prefix before the dot finds the
row; revoking is final (compare-and-set on revoked_at). ``actor=None`` is the command line."""

from __future__ import annotations

import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from linli.core import policy
from linli.core.exceptions import Conflict, DomainError
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .. import rules
from ..models import ApiKey

_SALT = "linli.open311.ApiKey"


def key_hash(raw: str) -> str:
    return salted_hmac(_SALT, raw, algorithm="sha256").hexdigest()


def default_jurisdiction() -> Place:
    """The district: the node a key covers when none is named. Raises DomainError when the
    deployment has no district or several."""
    districts = list(Place.objects.filter(level=PlaceLevel.DISTRICT)[:2])
    if len(districts) != 1:
        raise DomainError(
            "系统中没有区级地点，请先导入地点。" if not districts else "系统中有多个区，请指定密钥的辖区。",
            field="place",
        )
    return districts[0]


@transaction.atomic
def api_key_create(*, actor, name: str, place: Place | None = None) -> tuple[ApiKey, str]:
    """Issue a key for ``place`` (default: the district). Returns the row and the full key, which is
    never available again. Raises PermissionDenied outside the actor's scope, DomainError for bad input."""
    name = (name or "").strip()
    if not name:
        raise DomainError("请填写密钥名称（使用该密钥的系统或单位）。", field="name")
    if len(name) > 100:
        raise DomainError("密钥名称不能超过 100 个字。", field="name")
    place = place or default_jurisdiction()
    if actor is not None:
        policy.require(actor, rules.MANAGE_KEY, place)
    prefix = secrets.token_hex(4)
    while ApiKey.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw = f"{prefix}.{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        name=name, prefix=prefix, key_hash=key_hash(raw), place=place, created_by=actor
    )
    return key, raw


@transaction.atomic
def api_key_revoke(*, actor, key: ApiKey) -> ApiKey:
    """Revoke ``key``: from now on it is refused with 403. Raises Conflict when already revoked."""
    if actor is not None:
        policy.require(actor, rules.MANAGE_KEY, key)
    now = timezone.now()
    updated = ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    )
    if updated != 1:
        raise Conflict(f"密钥 {key.prefix} 已经吊销。")
    key.refresh_from_db()
    return key


def api_key_authenticate(raw: str | None) -> ApiKey | None:
    """The key row matching the full key ``raw`` (revoked or not), or None."""
    raw = (raw or "").strip()
    prefix, dot, secret = raw.partition(".")
    if not dot or not prefix or not secret or len(raw) > 200:
        return None
    key = ApiKey.objects.select_related("place").filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.key_hash, key_hash(raw)):
        return None
    return key


def api_key_touch(*, key: ApiKey) -> None:
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())

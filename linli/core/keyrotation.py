"""Key rotation for encrypted fields (the ``linli rotate-keys`` command).

A rotation adds a key and makes it current (file-backed ring; with the environment ring the operator
does that), then re-encrypts, batch by batch, every value of every :class:`EncryptedCharField` that is
not under the current key. Each row is rewritten by compare-and-set on its old ciphertext, so a value
someone changes meanwhile is never overwritten with the old one. Running it again continues where it
stopped (idempotent, resumable). Old keys stay in the ring — values under them remain readable during
the rotation — until ``--retire`` finds no value left under one and removes it.

The search key is not rotated: rotating it would mean recomputing every hash (a future command).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from . import crypto
from .fields import EncryptedCharField


class RotationError(Exception):
    """The rotation cannot go on; the message (Chinese) says what to do."""


@dataclass(frozen=True)
class Column:
    model: type[models.Model]
    field: EncryptedCharField

    @property
    def label(self) -> str:
        return f"{self.model._meta.verbose_name}.{self.field.verbose_name}"

    def filled(self):
        name = self.field.name
        return self.model._base_manager.exclude(**{f"{name}__isnull": True}).exclude(**{name: ""})

    def under(self, key_id: str):
        return self.filled().filter(**{f"{self.field.name}__startswith": f"{crypto.VERSION}:{key_id}:"})

    def not_under(self, key_id: str):
        return self.filled().exclude(**{f"{self.field.name}__startswith": f"{crypto.VERSION}:{key_id}:"})


def encrypted_columns() -> list[Column]:
    return [
        Column(model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedCharField)
    ]


def counts_by_key() -> dict[str, int]:
    """How many stored values each key id of the ring encrypts; "其他" for ids not in the ring."""
    ring = crypto.keyring()
    counts: dict[str, int] = {}
    for column in encrypted_columns():
        total = column.filled().count()
        for key_id in ring.encryption_key_ids:
            n = column.under(key_id).count()
            counts[key_id] = counts.get(key_id, 0) + n
            total -= n
        if total:
            counts["其他"] = counts.get("其他", 0) + total
    return counts


def add_current_key() -> str:
    """A new key, made current, in the file-backed ring; returns its id."""
    ring = crypto.keyring()
    if ring.from_env:
        raise RotationError(
            "密钥环来自环境变量 LINLI_FIELD_KEYS：请先在其中加入新密钥、把 LINLI_FIELD_KEY_CURRENT 设为新密钥的编号"
            "并重启各进程，然后运行 linli rotate-keys --resume 重新加密。"
        )
    key_id = crypto.new_key_id()
    while key_id in ring.keys:
        key_id = crypto.new_key_id()
    crypto.write_keys_file({**ring.keys, key_id: crypto.new_key()}, key_id)
    return key_id


def reencrypt(*, batch_size: int = 500, progress: Callable[[str], None] = lambda text: None) -> int:
    """Re-encrypt every value not under the current key; returns how many were rewritten."""
    ring = crypto.keyring()
    current = ring.current
    rewritten = 0
    for column in encrypted_columns():
        name = column.field.name
        pending = column.not_under(current)
        total = pending.count()
        if not total:
            continue
        progress(f"{column.label}：{total} 个值待重新加密。")
        done, last_pk = 0, None
        while True:
            batch = pending.annotate(_raw=Cast(name, models.TextField())).order_by("pk")
            if last_pk is not None:
                batch = batch.filter(pk__gt=last_pk)
            rows = list(batch.values_list("pk", "_raw")[:batch_size])
            if not rows:
                break
            with transaction.atomic():
                for pk, raw in rows:
                    plaintext = crypto.decrypt(raw, context=column.field.context, ring=ring)
                    done += column.model._base_manager.filter(pk=pk, **{name: raw}).update(
                        **{name: plaintext}
                    )
            last_pk = rows[-1][0]
            progress(f"{column.label}：已重新加密 {done}/{total}。")
        rewritten += done
    return rewritten


def retire(key_id: str) -> str:
    """Drop ``key_id`` from the file-backed ring once no value uses it; returns what was done."""
    ring = crypto.keyring()
    if key_id == crypto.SEARCH_KEY_ID:
        raise RotationError("检索密钥 search 不能停用。")
    if key_id not in ring.keys:
        raise RotationError(f"密钥“{key_id}”不在密钥环中。")
    if key_id == ring.current:
        raise RotationError(f"密钥“{key_id}”是当前密钥，不能停用。")
    remaining = sum(column.under(key_id).count() for column in encrypted_columns())
    if remaining:
        raise RotationError(f"仍有 {remaining} 个值使用密钥“{key_id}”，请先运行 linli rotate-keys --resume。")
    if ring.from_env:
        return f"已没有数据使用密钥“{key_id}”，可以从环境变量 LINLI_FIELD_KEYS 中删除它并重启各进程。"
    crypto.write_keys_file({k: v for k, v in ring.keys.items() if k != key_id}, ring.current)
    return f"已从密钥环中删除密钥“{key_id}”。"

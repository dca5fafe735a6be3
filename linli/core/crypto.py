"""Encryption of personal information at rest, and keyed hashes to find it again.

* **Values** (身份证号, mobile numbers) are encrypted with AES-256-GCM — authenticated: a changed,
  truncated or foreign ciphertext is refused, never decrypted to garbage. The stored form is
  ``v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>`` with a fresh 96-bit nonce per value. The associated
  data is the field's label (``people.person.id_number``), so a ciphertext copied into another field or
  table does not decrypt.
* **Search** is an exact match on HMAC-SHA256(search key, purpose ‖ normalised value), stored in an
  indexed companion column; the search key is a separate key of the ring, never used to encrypt.
* **Keys live outside the database.** The key ring comes from the environment —
  ``LINLI_FIELD_KEYS='{"k2026a": "<base64 32 bytes>", "search": "<base64 32 bytes>"}'`` and
  ``LINLI_FIELD_KEY_CURRENT=k2026a`` — or, when those are unset (the demo, development, tests), from
  ``settings.LINLI_FIELD_KEYS_FILE`` (``VAR_DIR/field_keys.json``, mode 600), generated on first use.
  Production sets the environment variables (or keeps the file on another volume) so that a copy of the
  database, or of its backups, holds no key. ``linli rotate-keys`` adds a key and re-encrypts.

Nothing here logs a value; error messages name key ids, never plaintext.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = "v1"
SEARCH_KEY_ID = "search"
KEY_BYTES = 32
NONCE_BYTES = 12
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_RELOAD_SECONDS = 1.0  # a file-backed ring is re-read (if changed) at most this often


class DecryptionError(Exception):
    """A stored value could not be decrypted: unknown key, wrong key, or the value was altered."""


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]  # key id → 32-byte key; includes "search"
    current: str
    source: str  # "env" or the file path

    def __post_init__(self):
        if self.current not in self.keys or self.current == SEARCH_KEY_ID:
            raise ImproperlyConfigured(f"当前字段加密密钥“{self.current}”不在密钥环中。")
        if SEARCH_KEY_ID not in self.keys:
            raise ImproperlyConfigured("密钥环缺少检索密钥“search”。")
        for key_id, key in self.keys.items():
            if not _KEY_ID.match(key_id) or len(key) != KEY_BYTES:
                raise ImproperlyConfigured(f"字段加密密钥“{key_id[:32]}”格式错误：须为32字节的 base64 密钥。")

    @property
    def from_env(self) -> bool:
        return self.source == "env"

    @property
    def encryption_key_ids(self) -> list[str]:
        return sorted(k for k in self.keys if k != SEARCH_KEY_ID)


def new_key_id() -> str:
    return f"k{date.today():%Y%m%d}{secrets.token_hex(2)}"


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=KEY_BYTES * 8)


def _decode_keys(mapping: dict) -> dict[str, bytes]:
    try:
        return {str(k): base64.b64decode(v, validate=True) for k, v in mapping.items()}
    except (binascii.Error, TypeError, ValueError):
        raise ImproperlyConfigured("字段加密密钥不是有效的 base64。") from None


def _encode_keys(keys: dict[str, bytes]) -> dict[str, str]:
    return {k: base64.b64encode(v).decode() for k, v in sorted(keys.items())}


def keys_file() -> Path:
    return Path(settings.LINLI_FIELD_KEYS_FILE)


def write_keys_file(keys: dict[str, bytes], current: str, path: Path | None = None) -> None:
    """Write a file-backed ring atomically, mode 600."""
    path = path or keys_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump({"current": current, "keys": _encode_keys(keys)}, fh, indent=1)
    os.replace(tmp, path)
    reset_keyring()


def _load_env(raw: str, current: str) -> KeyRing:
    try:
        mapping = json.loads(raw)
    except json.JSONDecodeError:
        raise ImproperlyConfigured("LINLI_FIELD_KEYS 不是有效的 JSON。") from None
    return KeyRing(keys=_decode_keys(mapping), current=current, source="env")


def _create_keys_file(path: Path) -> None:
    """A new ring, unless another process creates one first (os.link refuses to overwrite): two web
    workers starting together must not each encrypt under a key the other one throws away."""
    key_id = new_key_id()
    tmp = path.with_name(path.name + f".{os.getpid()}.new")
    write_keys_file({key_id: new_key(), SEARCH_KEY_ID: new_key()}, key_id, tmp)
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)


def _load_file(path: Path) -> KeyRing:
    if not path.exists():
        _create_keys_file(path)
    data = json.loads(path.read_text())
    return KeyRing(keys=_decode_keys(data["keys"]), current=data["current"], source=str(path))


_lock = threading.Lock()
_cache: dict[str, object] = {}


def keyring() -> KeyRing:
    """The key ring in use: from the environment, else from the file, which is re-read when it changes
    (a rotation by another process), checked at most once a second."""
    raw = os.environ.get("LINLI_FIELD_KEYS", "")
    # os.fspath, not Path(): this runs for every value encrypted or hashed (a million in a ledger import)
    origin = (
        raw,
        os.environ.get("LINLI_FIELD_KEY_CURRENT", ""),
        "" if raw else os.fspath(settings.LINLI_FIELD_KEYS_FILE),
    )
    ring = _cache.get("ring")
    now = time.monotonic()
    if ring is not None and _cache["origin"] == origin and (raw or now - _cache["checked"] < _RELOAD_SECONDS):
        return ring
    with _lock:
        if raw:
            ring = _load_env(raw, origin[1])
        else:
            path = Path(origin[2])
            mtime = path.stat().st_mtime_ns if path.exists() else None
            if ring is None or _cache.get("origin") != origin or mtime != _cache.get("mtime"):
                ring = _load_file(path)
                mtime = path.stat().st_mtime_ns
            _cache["mtime"] = mtime
        _cache.update(ring=ring, origin=origin, checked=now)
        return ring


def reset_keyring() -> None:
    """Forget the cached ring (after writing the file, or when a test changes the settings)."""
    _cache.clear()
    _ciphers.clear()


_ciphers: dict[tuple[str, bytes], AESGCM] = {}


def _cipher(key_id: str, key: bytes) -> AESGCM:
    cipher = _ciphers.get((key_id, key))
    if cipher is None:
        cipher = _ciphers[(key_id, key)] = AESGCM(key)
    return cipher


def encrypt(plaintext: str, *, context: str, ring: KeyRing | None = None) -> str:
    """``v1:<key id>:<base64>`` under the current key; ``context`` (the field label) is bound to it."""
    ring = ring or keyring()
    key_id = ring.current
    nonce = os.urandom(NONCE_BYTES)
    sealed = _cipher(key_id, ring.keys[key_id]).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{VERSION}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def key_id_of(token: str) -> str:
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != VERSION:
        raise DecryptionError("密文格式无法识别。")
    return parts[1]


def decrypt(token: str, *, context: str, ring: KeyRing | None = None) -> str:
    """The plaintext of ``token``; DecryptionError when the key is unknown or the token or its context
    does not match (tampered, truncated, copied from another field, encrypted under another key)."""
    key_id = key_id_of(token)
    ring = ring or keyring()
    if key_id not in ring.keys or key_id == SEARCH_KEY_ID:
        reset_keyring()  # another process may just have added it
        ring = keyring()
        if key_id not in ring.keys or key_id == SEARCH_KEY_ID:
            raise DecryptionError(f"密钥“{key_id}”不在密钥环中，无法解密。")
    try:
        blob = base64.b64decode(token.split(":", 2)[2], validate=True)
        nonce, sealed = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
        return _cipher(key_id, ring.keys[key_id]).decrypt(nonce, sealed, context.encode()).decode()
    except (InvalidTag, binascii.Error, ValueError):
        raise DecryptionError(
            f"密文校验失败（密钥“{key_id}”）：数据被改动、密钥不符或不属于此字段。"
        ) from None


def search_hash(value: str, *, purpose: str, ring: KeyRing | None = None) -> str:
    """HMAC-SHA256 of an already normalised value, hex; ``purpose`` ("id_number", "mobile") keeps the
    hashes of different kinds of value apart. Empty value → ""."""
    if not value:
        return ""
    ring = ring or keyring()
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(ring.keys[SEARCH_KEY_ID], message, hashlib.sha256).hexdigest()

"""Field encryption and keyed search hashes (core.crypto): no database."""

import base64
import json
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from linli.core import crypto

CONTEXT = "people.person.id_number"


@pytest.fixture
def ring_file(tmp_path, settings, monkeypatch):
    """A fresh file-backed ring of this test only."""
    monkeypatch.delenv("LINLI_FIELD_KEYS", raising=False)
    monkeypatch.delenv("LINLI_FIELD_KEY_CURRENT", raising=False)
    settings.LINLI_FIELD_KEYS_FILE = tmp_path / "keys" / "field_keys.json"
    crypto.reset_keyring()
    yield settings.LINLI_FIELD_KEYS_FILE
    crypto.reset_keyring()


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


@given(st.text(max_size=60))
def test_round_trip_of_any_text(value):
    token = crypto.encrypt(value, context=CONTEXT)
    assert token.startswith(f"v1:{crypto.keyring().current}:")
    assert crypto.decrypt(token, context=CONTEXT) == value


def test_the_same_value_encrypts_differently_each_time_and_never_contains_the_plaintext():
    value = "430602198506151234"
    first, second = crypto.encrypt(value, context=CONTEXT), crypto.encrypt(value, context=CONTEXT)
    assert first != second
    assert value not in first and value not in second


def test_a_ring_is_generated_on_first_use_with_mode_600(ring_file):
    assert not ring_file.exists()
    ring = crypto.keyring()
    assert ring_file.exists()
    assert stat.S_IMODE(ring_file.stat().st_mode) == 0o600
    data = json.loads(ring_file.read_text())
    assert data["current"] == ring.current
    assert set(data["keys"]) == {ring.current, crypto.SEARCH_KEY_ID}
    assert crypto.keyring() == ring  # the same ring again, not a new one


def test_the_environment_ring_wins_over_the_file(ring_file, monkeypatch):
    key = crypto.new_key()
    monkeypatch.setenv("LINLI_FIELD_KEYS", json.dumps({"prod1": _b64(key), "search": _b64(crypto.new_key())}))
    monkeypatch.setenv("LINLI_FIELD_KEY_CURRENT", "prod1")
    ring = crypto.keyring()
    assert ring.from_env and ring.current == "prod1" and ring.keys["prod1"] == key
    assert not ring_file.exists()


@pytest.mark.parametrize(
    ("keys", "current", "message"),
    [
        ({"a": "AAAA"}, "a", "格式错误"),
        ({"a": None}, "a", "base64"),
        ({"a": "k"}, "b", "base64"),
    ],
)
def test_a_broken_environment_ring_is_refused_in_chinese(ring_file, monkeypatch, keys, current, message):
    keys = {**keys, "search": _b64(crypto.new_key())}
    monkeypatch.setenv("LINLI_FIELD_KEYS", json.dumps(keys))
    monkeypatch.setenv("LINLI_FIELD_KEY_CURRENT", current)
    with pytest.raises(ImproperlyConfigured, match=message):
        crypto.keyring()


def test_a_ring_without_the_search_key_or_the_current_key_is_refused(monkeypatch, ring_file):
    monkeypatch.setenv("LINLI_FIELD_KEYS", json.dumps({"a": _b64(crypto.new_key())}))
    monkeypatch.setenv("LINLI_FIELD_KEY_CURRENT", "a")
    with pytest.raises(ImproperlyConfigured, match="search"):
        crypto.keyring()
    monkeypatch.setenv(
        "LINLI_FIELD_KEYS", json.dumps({"a": _b64(crypto.new_key()), "search": _b64(crypto.new_key())})
    )
    monkeypatch.setenv("LINLI_FIELD_KEY_CURRENT", "b")
    with pytest.raises(ImproperlyConfigured, match="不在密钥环中"):
        crypto.keyring()


def test_a_tampered_ciphertext_is_refused(ring_file):
    token = crypto.encrypt("13812345678", context=CONTEXT)
    prefix, key_id, body = token.split(":")
    blob = bytearray(base64.b64decode(body))
    for index in (0, 12, len(blob) - 1):  # the nonce, the ciphertext, the tag
        changed = bytearray(blob)
        changed[index] ^= 1
        with pytest.raises(crypto.DecryptionError, match="校验失败"):
            crypto.decrypt(f"{prefix}:{key_id}:{base64.b64encode(bytes(changed)).decode()}", context=CONTEXT)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token[:-8], context=CONTEXT)
    with pytest.raises(crypto.DecryptionError, match="格式"):
        crypto.decrypt("430602198506151234", context=CONTEXT)


def test_a_value_moved_to_another_field_does_not_decrypt(ring_file):
    token = crypto.encrypt("13812345678", context="people.person.mobile")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="people.person.id_number")


def test_a_wrong_key_with_the_same_id_is_refused(ring_file):
    token = crypto.encrypt("13812345678", context=CONTEXT)
    ring = crypto.keyring()
    impostor = crypto.KeyRing(
        keys={**ring.keys, ring.current: crypto.new_key()}, current=ring.current, source="test"
    )
    with pytest.raises(crypto.DecryptionError, match=ring.current):
        crypto.decrypt(token, context=CONTEXT, ring=impostor)


def test_an_unknown_key_id_is_refused_and_the_search_key_never_decrypts(ring_file):
    token = crypto.encrypt("13812345678", context=CONTEXT)
    with pytest.raises(crypto.DecryptionError, match="不在密钥环中"):
        crypto.decrypt(token.replace(f":{crypto.keyring().current}:", ":gone:"), context=CONTEXT)
    with pytest.raises(crypto.DecryptionError, match="不在密钥环中"):
        crypto.decrypt(token.replace(f":{crypto.keyring().current}:", ":search:"), context=CONTEXT)


def test_old_values_stay_readable_after_a_new_current_key_is_written(ring_file):
    old_ring = crypto.keyring()
    old_token = crypto.encrypt("13812345678", context=CONTEXT)
    new_id = "k-new"
    crypto.write_keys_file({**old_ring.keys, new_id: crypto.new_key()}, new_id, ring_file)
    assert crypto.keyring().current == new_id
    assert crypto.encrypt("x", context=CONTEXT).startswith("v1:k-new:")
    assert crypto.decrypt(old_token, context=CONTEXT) == "13812345678"


def test_another_process_rotating_the_file_is_noticed_when_a_new_key_id_appears(ring_file):
    crypto.keyring()
    data = json.loads(ring_file.read_text())
    data["keys"]["k-other"] = _b64(crypto.new_key())
    data["current"] = "k-other"
    ring_file.write_text(json.dumps(data))  # as another process would (the cache still holds the old ring)
    other = crypto.KeyRing(keys=crypto._decode_keys(data["keys"]), current="k-other", source="other")
    token = crypto.encrypt("x", context=CONTEXT, ring=other)
    assert crypto.decrypt(token, context=CONTEXT) == "x"


def test_search_hashes_are_keyed_deterministic_and_separate_per_purpose(ring_file):
    a = crypto.search_hash("13812345678", purpose="mobile")
    assert a == crypto.search_hash("13812345678", purpose="mobile")
    assert len(a) == 64 and "13812345678" not in a
    assert a != crypto.search_hash("13812345678", purpose="id_number")
    assert a != crypto.search_hash("13812345679", purpose="mobile")
    assert crypto.search_hash("", purpose="mobile") == ""
    other = crypto.KeyRing(
        keys={**crypto.keyring().keys, "search": crypto.new_key()},
        current=crypto.keyring().current,
        source="t",
    )
    assert crypto.search_hash("13812345678", purpose="mobile", ring=other) != a

"""Encryption at rest of special-care data: round trip, no plaintext in the stored bytes, keys kept apart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from tomoni.core import crypto

PAYLOAD = {"category": "mental_disability", "note": "統合失調症のため短時間勤務を希望。"}


@pytest.fixture(autouse=True)
def fresh_key() -> Iterator[None]:
    # The Fernet is cached; tests that change the key must not leak it into other tests.
    crypto._fernet.cache_clear()
    yield
    crypto._fernet.cache_clear()


def test_a_payload_survives_the_round_trip() -> None:
    assert crypto.decrypt_json(crypto.encrypt_json(PAYLOAD)) == PAYLOAD


def test_a_memoryview_from_the_database_decrypts_too() -> None:
    assert crypto.decrypt_json(memoryview(crypto.encrypt_json(PAYLOAD))) == PAYLOAD


def test_the_stored_bytes_do_not_contain_the_plaintext() -> None:
    token = crypto.encrypt_json(PAYLOAD)

    for plain in ("mental_disability", "統合失調症", "category", "note"):
        assert plain.encode() not in token
        assert plain.encode("utf-16-le") not in token
    assert "統合失調症".encode().hex().encode() not in token


def test_the_same_payload_encrypts_differently_each_time() -> None:
    assert crypto.encrypt_json(PAYLOAD) != crypto.encrypt_json(PAYLOAD)


def test_a_tampered_token_is_refused() -> None:
    token = bytearray(crypto.encrypt_json(PAYLOAD))
    token[-5] = ord("A") if token[-5] != ord("A") else ord("B")
    with pytest.raises(InvalidToken):
        crypto.decrypt_json(bytes(token))


def test_a_configured_key_is_used_and_another_key_cannot_read_the_data() -> None:
    first, second = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEY=first):
        crypto._fernet.cache_clear()
        token = crypto.encrypt_json(PAYLOAD)
        assert Fernet(first.encode()).decrypt(token)  # really encrypted with the configured key
    with override_settings(FIELD_ENCRYPTION_KEY=second):
        crypto._fernet.cache_clear()
        with pytest.raises(InvalidToken):
            crypto.decrypt_json(token)


def test_without_a_configured_key_one_is_derived_from_the_secret_key() -> None:
    with override_settings(FIELD_ENCRYPTION_KEY="", SECRET_KEY="one-secret-" * 5):
        crypto._fernet.cache_clear()
        token = crypto.encrypt_json(PAYLOAD)
        crypto._fernet.cache_clear()
        assert crypto.decrypt_json(token) == PAYLOAD
    with override_settings(FIELD_ENCRYPTION_KEY="", SECRET_KEY="another-secret-" * 5):
        crypto._fernet.cache_clear()
        with pytest.raises(InvalidToken):
            crypto.decrypt_json(token)


@given(st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=200) | st.integers(), max_size=5))
def test_any_json_payload_survives_the_round_trip(payload: dict[str, object]) -> None:
    assert crypto.decrypt_json(crypto.encrypt_json(payload)) == payload

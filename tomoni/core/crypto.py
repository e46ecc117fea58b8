"""Encryption at rest for special-care personal data (APPI 要配慮個人情報)."""

from __future__ import annotations

import base64
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


@cache
def _fernet() -> Fernet:
    key = settings.FIELD_ENCRYPTION_KEY
    if not key:
        # Derived so a local checkout works; production sets FIELD_ENCRYPTION_KEY apart from SECRET_KEY.
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"tomoni-field", info=b"special-care").derive(
            settings.SECRET_KEY.encode()
        )
        key = base64.urlsafe_b64encode(derived).decode()
    return Fernet(key.encode() if isinstance(key, str) else key)


def encrypt_json(payload: dict[str, Any]) -> bytes:
    return _fernet().encrypt(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode())


def decrypt_json(token: bytes | memoryview) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(_fernet().decrypt(bytes(token)))
    return result

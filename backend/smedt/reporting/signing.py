"""Canonical JSON and its signature (HMAC-SM3 with a shared key, or SM2 with our private key; SM2 uses the
GB/T 32918 default distinguishing identifier)."""

from __future__ import annotations

import json
from typing import Any

from smedt.gmcrypto.hmac_sm3 import hmac_sm3_hex, hmac_sm3_verify
from smedt.gmcrypto.sm2 import sm2_sign, sm2_verify
from smedt.gmcrypto.sm3 import sm3_hex


def canonical(payload: dict[str, Any]) -> str:
    """Sorted keys, no spaces, UTF-8 as is; Decimals must already be strings."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(text: str) -> str:
    return sm3_hex(text.encode())


def signing_input(*, key: str, timestamp: str, body: str) -> bytes:
    """What is signed: the idempotency key, the timestamp and the body, one per line."""
    return f"{key}\n{timestamp}\n{body}".encode()


def sign(algorithm: str, data: bytes, *, hmac_key_hex: str = "", sm2_private_hex: str = "") -> str:
    if algorithm == "hmac-sm3":
        if not hmac_key_hex:
            raise ValueError("SMEDT_NATIONAL_HMAC_KEY is not set")
        return hmac_sm3_hex(bytes.fromhex(hmac_key_hex), data)
    if algorithm == "sm2":
        if not sm2_private_hex:
            raise ValueError("SMEDT_NATIONAL_SM2_PRIVATE_KEY is not set")
        return sm2_sign(sm2_private_hex, data).hex()
    raise ValueError(f"unknown signature algorithm {algorithm!r}")


def verify(algorithm: str, data: bytes, signature: str, *, hmac_key_hex: str = "", sm2_public_hex: str = "") -> bool:
    try:
        if algorithm == "hmac-sm3":
            return bool(hmac_key_hex) and hmac_sm3_verify(bytes.fromhex(hmac_key_hex), data, signature)
        if algorithm == "sm2":
            return bool(sm2_public_hex) and sm2_verify(sm2_public_hex, data, bytes.fromhex(signature))
    except ValueError:
        return False
    return False

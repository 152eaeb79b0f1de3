"""HMAC-SM3 (RFC 2104 over SM3), supplied by `cryptography` (OpenSSL)."""

from __future__ import annotations

import hmac as _std_hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as _crypto_hmac


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    """The 32-byte HMAC-SM3 of `data` under `key`."""
    mac = _crypto_hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


def hmac_sm3_hex(key: bytes, data: bytes) -> str:
    """The HMAC-SM3 of `data` under `key` as 64 lowercase hex characters."""
    return hmac_sm3(key, data).hex()


def hmac_sm3_verify(key: bytes, data: bytes, expected: bytes | str) -> bool:
    """Whether `expected` is the HMAC-SM3 of `data` under `key`, compared in constant time.

    `expected` is the raw 32-byte MAC, or its hex form (either case) as stored by
    `hmac_sm3_hex`. Anything malformed is simply not a match.
    """
    if isinstance(expected, str):
        actual_hex = hmac_sm3_hex(key, data)
        try:
            return _std_hmac.compare_digest(actual_hex, expected.lower())
        except TypeError:  # non-ASCII text cannot be a hex MAC
            return False
    return _std_hmac.compare_digest(hmac_sm3(key, data), expected)

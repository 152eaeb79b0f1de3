"""PBKDF2 (RFC 8018) with HMAC-SM3 as the PRF, supplied by `cryptography` (OpenSSL)."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC


def pbkdf2_hmac_sm3(password: bytes, salt: bytes, iterations: int, dklen: int = 32) -> bytes:
    """Derive `dklen` bytes from `password` and `salt` with `iterations` rounds of HMAC-SM3."""
    if iterations < 1:
        raise ValueError("PBKDF2 needs at least one iteration")
    if dklen < 1:
        raise ValueError("PBKDF2 needs a positive derived key length")
    kdf = PBKDF2HMAC(algorithm=hashes.SM3(), length=dklen, salt=salt, iterations=iterations)
    return kdf.derive(password)

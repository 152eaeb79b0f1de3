"""SM2 public-key signatures and encryption (GB/T 32918-2016), behind our own interface.

Supplied by `gmssl-fast` (GmSSL); `cryptography` has no SM2. Formats, chosen to match
front-end libraries (sm-crypto) and most Chinese platform APIs:

- keys are hex: private 64 characters (the scalar d), public 130 characters `04||x||y`
  (128 characters `x||y` are accepted too);
- a signature is raw `r||s`, 64 bytes. `sm2_signature_to_der` / `sm2_signature_from_der`
  convert to and from the DER `SEQUENCE { r INTEGER, s INTEGER }` that OpenSSL and X.509
  use;
- signing hashes `SM3(Z || data)` with `Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA)`
  (GB/T 32918.2, section 5.5), ID being the signer's distinguishing identifier;
- a ciphertext is raw C1C3C2: `x1 (32) || y1 (32) || C3 = SM3 (32) || C2 (len(plaintext))`,
  96 bytes longer than the plaintext, without the `04` point prefix (decryption accepts
  it with or without).

Limits of the backing library, checked here with a clear `ValueError`:

- only the default distinguishing ID `1234567812345678` (GB/T 35276) is supported;
- a plaintext is 1 to 255 bytes: SM2 encryption is for small secrets (wrap an SM4 key,
  never bulk data).
"""

from __future__ import annotations

import re
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from gmssl_fast import SM2, GmsslError

from smedt.gmcrypto.errors import DecryptionError

DEFAULT_USER_ID = b"1234567812345678"
SIGNATURE_SIZE = 64
CIPHERTEXT_OVERHEAD = 96
MAX_PLAINTEXT_SIZE = 255

_HEX = re.compile(r"[0-9a-fA-F]+")

# The recommended curve sm2p256v1 (GB/T 32918.5): y^2 = x^3 + ax + b over F_p, order n.
_P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
_A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
_B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
_N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123


def _normalize_private(private_hex: str) -> str:
    """Lowercase hex of a valid private scalar: 1 <= d <= n - 2 (GB/T 32918.1, 6.1)."""
    value = private_hex.strip().lower()
    if len(value) != 64 or not _HEX.fullmatch(value):
        raise ValueError("an SM2 private key is 64 hex characters")
    if not 1 <= int(value, 16) <= _N - 2:
        raise ValueError("an SM2 private key must lie in [1, n - 2]")
    return value


def _normalize_public(public_hex: str) -> str:
    """Lowercase `04||x||y` hex of a point on the curve (GB/T 32918.1, 6.2.1)."""
    value = public_hex.strip().lower()
    if len(value) == 128:
        value = "04" + value
    if len(value) != 130 or not value.startswith("04") or not _HEX.fullmatch(value):
        raise ValueError("an SM2 public key is 130 hex characters 04||x||y (or 128 characters x||y)")
    x, y = int(value[2:66], 16), int(value[66:], 16)
    if not (x < _P and y < _P and (y * y - (x * x * x + _A * x + _B)) % _P == 0):
        raise ValueError("an SM2 public key must be a point on the curve sm2p256v1")
    return value


def _check_user_id(user_id: bytes) -> None:
    if user_id != DEFAULT_USER_ID:
        raise ValueError(
            "only the default SM2 distinguishing ID b'1234567812345678' is supported (gmssl-fast fixes it)"
        )


@lru_cache(maxsize=32)
def _key(private_hex: str | None, public_hex: str | None) -> SM2:
    """A key object, cached: it parses once, lazily, and parsing costs an EC multiplication."""
    return SM2(private_key=private_hex, public_key=public_hex)


def sm2_generate_keypair() -> tuple[str, str]:
    """A new key pair: (private key, 64 hex characters; public key, 130 hex characters 04||x||y)."""
    key = SM2.generate()
    private_hex, public_hex = key.private_key_hex, key.public_key_hex
    if private_hex is None or public_hex is None:  # pragma: no cover - library contract
        raise RuntimeError("gmssl-fast generated an incomplete SM2 key pair")
    return _normalize_private(private_hex), _normalize_public(public_hex)


def sm2_sign(
    private_hex: str,
    data: bytes,
    user_id: bytes = DEFAULT_USER_ID,
    *,
    public_hex: str | None = None,
) -> bytes:
    """Sign `data` (SM3 with the Z value of `user_id`); returns raw r||s, 64 bytes.

    Giving the signer's `public_hex` saves deriving it and checks that it matches.
    Signatures are randomised: signing twice gives different bytes.
    """
    _check_user_id(user_id)
    key = _key(
        _normalize_private(private_hex),
        None if public_hex is None else _normalize_public(public_hex),
    )
    try:
        signature = key.sign(data)
    except (GmsslError, ValueError) as exc:  # GmsslValueError derives from ValueError
        raise ValueError("SM2 signing failed: the public key does not match the private key") from exc
    if len(signature) != SIGNATURE_SIZE:  # pragma: no cover - library contract
        raise RuntimeError("gmssl-fast returned a malformed SM2 signature")
    return signature


def sm2_verify(
    public_hex: str,
    data: bytes,
    signature: bytes,
    user_id: bytes = DEFAULT_USER_ID,
) -> bool:
    """Whether `signature` (raw r||s) is a valid signature of `data` by `public_hex`.

    A malformed signature is simply invalid; a malformed public key (wrong length, not
    on the curve) raises `ValueError`.
    """
    _check_user_id(user_id)
    key = _key(None, _normalize_public(public_hex))
    if len(signature) != SIGNATURE_SIZE:
        return False
    try:
        return key.verify(data, signature)
    except (GmsslError, ValueError):
        return False


def sm2_encrypt(public_hex: str, plaintext: bytes) -> bytes:
    """Encrypt 1 to 255 bytes to `public_hex`; returns raw C1C3C2 (96 + len(plaintext) bytes)."""
    if not 1 <= len(plaintext) <= MAX_PLAINTEXT_SIZE:
        raise ValueError(f"SM2 encrypts 1 to {MAX_PLAINTEXT_SIZE} bytes, got {len(plaintext)}")
    key = _key(None, _normalize_public(public_hex))
    try:
        return key.encrypt(plaintext)
    except (
        GmsslError,
        ValueError,
    ) as exc:  # pragma: no cover - inputs are checked above
        raise ValueError("SM2 encryption failed") from exc


def sm2_decrypt(private_hex: str, ciphertext: bytes, *, public_hex: str | None = None) -> bytes:
    """Decrypt raw C1C3C2 (C1 with or without the 04 prefix); `DecryptionError` if it fails.

    A `public_hex` that does not match the private key also ends in `DecryptionError`.
    """
    key = _key(
        _normalize_private(private_hex),
        None if public_hex is None else _normalize_public(public_hex),
    )
    try:
        return key.decrypt(ciphertext)
    except (GmsslError, ValueError) as exc:
        raise DecryptionError("SM2 ciphertext is malformed or was not made for this key") from exc


def sm2_signature_to_der(signature: bytes) -> bytes:
    """Raw r||s (64 bytes) to DER `SEQUENCE { INTEGER r, INTEGER s }`."""
    if len(signature) != SIGNATURE_SIZE:
        raise ValueError(f"a raw SM2 signature is {SIGNATURE_SIZE} bytes, got {len(signature)}")
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:], "big")
    return encode_dss_signature(r, s)


def sm2_signature_from_der(der: bytes) -> bytes:
    """DER `SEQUENCE { INTEGER r, INTEGER s }` to raw r||s (64 bytes)."""
    r, s = decode_dss_signature(der)
    if not (0 < r < 1 << 256 and 0 < s < 1 << 256):
        raise ValueError("DER signature values are out of range for SM2")
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")

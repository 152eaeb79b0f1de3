"""HMAC-SM3 and PBKDF2-HMAC-SM3 against references written here and against GmSSL.

The references use the pure-Python SM3 of `gmssl` (an implementation independent of
OpenSSL's) with RFC 2104 and RFC 8018 spelt out, so a mistake in how we call
`cryptography` cannot hide behind the same mistake in the check.
"""

from __future__ import annotations

import gmssl_fast
import pytest
from gmssl import sm3 as pure_sm3  # type: ignore[import-untyped,unused-ignore]
from hypothesis import given, settings
from hypothesis import strategies as st

from smedt.gmcrypto.hmac_sm3 import hmac_sm3, hmac_sm3_hex, hmac_sm3_verify
from smedt.gmcrypto.pbkdf2 import pbkdf2_hmac_sm3

BLOCK = 64


def reference_sm3(data: bytes) -> bytes:
    return bytes.fromhex(pure_sm3.sm3_hash(list(data)))


def reference_hmac_sm3(key: bytes, data: bytes) -> bytes:
    """RFC 2104: H((K' ^ opad) || H((K' ^ ipad) || data)), K' = key padded (hashed if long)."""
    if len(key) > BLOCK:
        key = reference_sm3(key)
    key = key.ljust(BLOCK, b"\x00")
    inner = reference_sm3(bytes(b ^ 0x36 for b in key) + data)
    return reference_sm3(bytes(b ^ 0x5C for b in key) + inner)


def reference_pbkdf2(password: bytes, salt: bytes, iterations: int, dklen: int) -> bytes:
    """RFC 8018, section 5.2: T_i = U_1 ^ ... ^ U_c, U_1 = PRF(P, S || INT(i))."""
    blocks = []
    for index in range(1, -(-dklen // 32) + 1):
        u = reference_hmac_sm3(password, salt + index.to_bytes(4, "big"))
        t = u
        for _ in range(iterations - 1):
            u = reference_hmac_sm3(password, u)
            t = bytes(a ^ b for a, b in zip(t, u, strict=True))
        blocks.append(t)
    return b"".join(blocks)[:dklen]


@pytest.mark.parametrize("key_length", [0, 1, 16, 32, 63, 64, 65, 100])
def test_hmac_matches_reference_at_key_length_edges(key_length: int) -> None:
    key = bytes(range(key_length))
    data = b"Hi There"
    expected = reference_hmac_sm3(key, data)
    assert hmac_sm3(key, data) == expected
    assert gmssl_fast.sm3_hmac(key, data) == expected


@settings(max_examples=40)
@given(key=st.binary(max_size=150), data=st.binary(max_size=200))
def test_hmac_matches_reference_and_gmssl_fast(key: bytes, data: bytes) -> None:
    mac = hmac_sm3(key, data)
    assert mac == reference_hmac_sm3(key, data)
    assert mac == gmssl_fast.sm3_hmac(key, data)
    assert hmac_sm3_hex(key, data) == mac.hex()


def test_verify_accepts_the_mac_in_bytes_and_in_hex() -> None:
    key, data = b"k" * 32, b"audit record"
    mac = hmac_sm3(key, data)
    assert hmac_sm3_verify(key, data, mac)
    assert hmac_sm3_verify(key, data, mac.hex())
    assert hmac_sm3_verify(key, data, mac.hex().upper())


@pytest.mark.parametrize(
    "change",
    [
        "other data",
        "other key",
        "flipped bit",
        "truncated",
        "truncated hex",
        "non-ascii hex",
        "empty",
    ],
)
def test_verify_rejects(change: str) -> None:
    key, data = b"k" * 32, b"audit record"
    mac = hmac_sm3(key, data)
    candidates: dict[str, tuple[bytes, bytes, bytes | str]] = {
        "other data": (key, b"audit record!", mac),
        "other key": (b"j" * 32, data, mac),
        "flipped bit": (key, data, bytes([mac[0] ^ 1]) + mac[1:]),
        "truncated": (key, data, mac[:16]),
        "truncated hex": (key, data, mac.hex()[:-1]),
        "non-ascii hex": (key, data, "中" * 64),
        "empty": (key, data, b""),
    }
    assert not hmac_sm3_verify(*candidates[change])


@pytest.mark.parametrize(
    ("iterations", "dklen"),
    [(1, 32), (2, 32), (5, 16), (3, 33), (2, 64), (1, 100)],
)
def test_pbkdf2_matches_rfc_8018_reference(iterations: int, dklen: int) -> None:
    password, salt = "口令password".encode(), b"NaCl-salt"
    assert pbkdf2_hmac_sm3(password, salt, iterations, dklen) == reference_pbkdf2(password, salt, iterations, dklen)


def test_pbkdf2_matches_gmssl_fast() -> None:
    # GmSSL requires at least 10,000 iterations and a salt of at most 64 bytes.
    password, salt = b"correct horse battery staple", b"0123456789abcdef"
    for dklen in (16, 32, 48):
        assert pbkdf2_hmac_sm3(password, salt, 10_000, dklen) == gmssl_fast.sm3_pbkdf2(password, salt, 10_000, dklen)


def test_pbkdf2_default_length_is_one_sm3_block() -> None:
    assert len(pbkdf2_hmac_sm3(b"p", b"s", 1)) == 32


@pytest.mark.parametrize(("iterations", "dklen"), [(0, 32), (-1, 32), (1, 0)])
def test_pbkdf2_refuses_nonsense_parameters(iterations: int, dklen: int) -> None:
    with pytest.raises(ValueError, match="PBKDF2"):
        pbkdf2_hmac_sm3(b"p", b"s", iterations, dklen)

"""SM2 through our interface, cross-checked with pure-Python `gmssl` and the `openssl` binary.

`gmssl` (pure Python) and OpenSSL are implementations independent of GmSSL, which backs
`smedt.gmcrypto.sm2`: agreeing with both pins the formats (raw r||s, 04||x||y keys, raw
C1C3C2) and the Z value of GB/T 32918.2 with the default ID 1234567812345678.
"""

from __future__ import annotations

import base64
import shutil
import subprocess
from pathlib import Path

import pytest
from gmssl import sm2 as pure_sm2  # type: ignore[import-untyped,unused-ignore]
from hypothesis import given, settings
from hypothesis import strategies as st

from smedt.gmcrypto.errors import DecryptionError
from smedt.gmcrypto.sm2 import (
    DEFAULT_USER_ID,
    sm2_decrypt,
    sm2_encrypt,
    sm2_generate_keypair,
    sm2_sign,
    sm2_signature_from_der,
    sm2_signature_to_der,
    sm2_verify,
)
from smedt.gmcrypto.sm3 import sm3_digest

# Curve sm2p256v1 (GB/T 32918.5).
P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF
A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC
B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93
N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123
GX = 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7
GY = 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0

MESSAGE = "企业数字化转型评估报告 v1".encode()


@pytest.fixture(scope="module")
def keypair() -> tuple[str, str]:
    return sm2_generate_keypair()


def pure(private_hex: str | None, public_hex: str) -> pure_sm2.CryptSM2:
    """gmssl's CryptSM2 in C1C3C2 mode; its public key is set after construction because
    its constructor strips "04" with `lstrip`, which also eats leading 0s and 4s of x."""
    crypt = pure_sm2.CryptSM2(private_key=private_hex, public_key="", mode=1)
    crypt.public_key = public_hex[2:]
    return crypt


def z_value(public_hex: str, user_id: bytes = DEFAULT_USER_ID) -> bytes:
    """Z = SM3(ENTL || ID || a || b || xG || yG || xA || yA), GB/T 32918.2, 5.5."""
    entl = (len(user_id) * 8).to_bytes(2, "big")
    parts = [A, B, GX, GY, int(public_hex[2:66], 16), int(public_hex[66:], 16)]
    return sm3_digest(entl + user_id + b"".join(v.to_bytes(32, "big") for v in parts))


# --- keys -------------------------------------------------------------------------


def test_generated_keys_have_the_documented_format(keypair: tuple[str, str]) -> None:
    private_hex, public_hex = keypair
    assert len(private_hex) == 64 and 1 <= int(private_hex, 16) <= N - 2
    assert len(public_hex) == 130 and public_hex.startswith("04")
    x, y = int(public_hex[2:66], 16), int(public_hex[66:], 16)
    assert (y * y - x * x * x - A * x - B) % P == 0
    assert private_hex == private_hex.lower() and public_hex == public_hex.lower()
    assert sm2_generate_keypair() != keypair


@pytest.mark.parametrize(
    "bad_private",
    ["", "00" * 32, f"{N - 1:064x}", f"{N:064x}", "ff" * 32, "zz" * 32, "01" * 31],
)
def test_invalid_private_keys_are_refused(bad_private: str) -> None:
    with pytest.raises(ValueError, match="SM2 private key"):
        sm2_sign(bad_private, MESSAGE)
    with pytest.raises(ValueError, match="SM2 private key"):
        sm2_decrypt(bad_private, b"\x00" * 100)


def test_invalid_public_keys_are_refused(keypair: tuple[str, str]) -> None:
    _, public_hex = keypair
    off_curve = public_hex[:-1] + ("0" if public_hex[-1] != "0" else "1")
    for bad_public in [
        "",
        public_hex[:-2],
        "05" + public_hex[2:],
        off_curve,
        "04" + "00" * 64,
    ]:
        with pytest.raises(ValueError, match="SM2 public key"):
            sm2_verify(bad_public, MESSAGE, b"\x00" * 64)
        with pytest.raises(ValueError, match="SM2 public key"):
            sm2_encrypt(bad_public, b"x")


def test_public_key_without_prefix_or_in_upper_case_is_accepted(
    keypair: tuple[str, str],
) -> None:
    private_hex, public_hex = keypair
    signature = sm2_sign(private_hex.upper(), MESSAGE)
    assert sm2_verify(public_hex[2:], MESSAGE, signature)
    assert sm2_verify(public_hex.upper(), MESSAGE, signature)


# --- signatures -------------------------------------------------------------------


def test_sign_verify_round_trip(keypair: tuple[str, str]) -> None:
    private_hex, public_hex = keypair
    signature = sm2_sign(private_hex, MESSAGE)
    assert len(signature) == 64
    assert sm2_verify(public_hex, MESSAGE, signature)
    assert sm2_verify(public_hex, MESSAGE, signature, user_id=b"1234567812345678")


def test_signatures_are_randomised(keypair: tuple[str, str]) -> None:
    private_hex, public_hex = keypair
    first, second = sm2_sign(private_hex, MESSAGE), sm2_sign(private_hex, MESSAGE)
    assert first != second
    assert sm2_verify(public_hex, MESSAGE, first) and sm2_verify(public_hex, MESSAGE, second)


def test_sign_with_the_matching_public_key_given(keypair: tuple[str, str]) -> None:
    private_hex, public_hex = keypair
    assert sm2_verify(public_hex, MESSAGE, sm2_sign(private_hex, MESSAGE, public_hex=public_hex))


def test_sign_with_a_mismatched_public_key_is_refused(keypair: tuple[str, str]) -> None:
    private_hex, _ = keypair
    _, other_public = sm2_generate_keypair()
    with pytest.raises(ValueError, match="does not match"):
        sm2_sign(private_hex, MESSAGE, public_hex=other_public)


def test_tampered_data_signature_or_key_fail(keypair: tuple[str, str]) -> None:
    private_hex, public_hex = keypair
    signature = sm2_sign(private_hex, MESSAGE)
    _, other_public = sm2_generate_keypair()

    assert not sm2_verify(public_hex, MESSAGE + b".", signature)
    assert not sm2_verify(public_hex, MESSAGE, bytes([signature[0] ^ 1]) + signature[1:])
    assert not sm2_verify(
        public_hex,
        MESSAGE,
        signature[:32] + bytes([signature[32] ^ 1]) + signature[33:],
    )
    assert not sm2_verify(other_public, MESSAGE, signature)
    for malformed in (
        b"",
        signature[:63],
        signature + b"\x00",
        b"\x00" * 64,
        b"\xff" * 64,
    ):
        assert not sm2_verify(public_hex, MESSAGE, malformed)


def test_only_the_default_user_id_is_supported(keypair: tuple[str, str]) -> None:
    private_hex, public_hex = keypair
    with pytest.raises(ValueError, match="distinguishing ID"):
        sm2_sign(private_hex, MESSAGE, user_id=b"ALICE123@YAHOO.COM")
    with pytest.raises(ValueError, match="distinguishing ID"):
        sm2_verify(public_hex, MESSAGE, b"\x00" * 64, user_id=b"ALICE123@YAHOO.COM")


def test_signature_is_over_sm3_of_z_and_message(keypair: tuple[str, str]) -> None:
    # Verify our signature with bare SM2 verification of e = SM3(Z || M) computed here.
    private_hex, public_hex = keypair
    signature = sm2_sign(private_hex, MESSAGE)
    e = sm3_digest(z_value(public_hex) + MESSAGE)
    assert pure(None, public_hex).verify(signature.hex(), e)
    assert not pure(None, public_hex).verify(signature.hex(), sm3_digest(MESSAGE))  # Z is not optional


def test_signatures_cross_check_with_pure_python_gmssl(
    keypair: tuple[str, str],
) -> None:
    private_hex, public_hex = keypair
    ours = sm2_sign(private_hex, MESSAGE)
    assert pure(None, public_hex).verify_with_sm3(ours.hex(), MESSAGE)

    theirs = pure(private_hex, public_hex).sign_with_sm3(MESSAGE)
    assert sm2_verify(public_hex, MESSAGE, bytes.fromhex(theirs))
    assert not sm2_verify(public_hex, MESSAGE + b"!", bytes.fromhex(theirs))


def test_der_conversion_round_trip(keypair: tuple[str, str]) -> None:
    private_hex, _ = keypair
    signature = sm2_sign(private_hex, MESSAGE)
    der = sm2_signature_to_der(signature)
    assert der[0] == 0x30
    assert sm2_signature_from_der(der) == signature
    with pytest.raises(ValueError, match="64 bytes"):
        sm2_signature_to_der(signature[:63])
    with pytest.raises(ValueError):
        sm2_signature_from_der(b"\x30\x00")


# --- encryption -------------------------------------------------------------------


def test_encrypt_decrypt_round_trip_and_layout(keypair: tuple[str, str]) -> None:
    private_hex, public_hex = keypair
    ciphertext = sm2_encrypt(public_hex, b"sm4 key 16 bytes")
    assert len(ciphertext) == 96 + 16
    x1, y1 = (
        int.from_bytes(ciphertext[:32], "big"),
        int.from_bytes(ciphertext[32:64], "big"),
    )
    assert (y1 * y1 - x1 * x1 * x1 - A * x1 - B) % P == 0  # C1 is a curve point, no 04 prefix
    assert sm2_decrypt(private_hex, ciphertext) == b"sm4 key 16 bytes"
    assert sm2_decrypt(private_hex, ciphertext, public_hex=public_hex) == b"sm4 key 16 bytes"
    assert sm2_decrypt(private_hex, b"\x04" + ciphertext) == b"sm4 key 16 bytes"


def test_encryption_is_randomised(keypair: tuple[str, str]) -> None:
    _, public_hex = keypair
    assert sm2_encrypt(public_hex, b"same") != sm2_encrypt(public_hex, b"same")


def test_plaintext_size_limits(keypair: tuple[str, str]) -> None:
    private_hex, public_hex = keypair
    assert sm2_decrypt(private_hex, sm2_encrypt(public_hex, b"\xab" * 255)) == b"\xab" * 255
    for size in (0, 256):
        with pytest.raises(ValueError, match="1 to 255 bytes"):
            sm2_encrypt(public_hex, b"\x00" * size)


@pytest.mark.parametrize("where", ["C1", "C3", "C2", "truncated", "wrong key", "empty"])
def test_bad_ciphertexts_raise_decryption_error(keypair: tuple[str, str], where: str) -> None:
    private_hex, public_hex = keypair
    ciphertext = bytearray(sm2_encrypt(public_hex, b"secret"))
    key = private_hex
    if where == "C1":
        ciphertext[5] ^= 1
    elif where == "C3":
        ciphertext[70] ^= 1
    elif where == "C2":
        ciphertext[-1] ^= 1
    elif where == "truncated":
        del ciphertext[90:]
    elif where == "wrong key":
        key = sm2_generate_keypair()[0]
    else:
        ciphertext = bytearray()
    with pytest.raises(DecryptionError):
        sm2_decrypt(key, bytes(ciphertext))


def test_encryption_cross_checks_with_pure_python_gmssl(
    keypair: tuple[str, str],
) -> None:
    private_hex, public_hex = keypair
    assert pure(private_hex, public_hex).decrypt(sm2_encrypt(public_hex, b"to gmssl")) == b"to gmssl"
    assert sm2_decrypt(private_hex, pure(None, public_hex).encrypt(b"from gmssl")) == b"from gmssl"


@settings(max_examples=15, deadline=None)
@given(plaintext=st.binary(min_size=1, max_size=255))
def test_encryption_round_trip_property(keypair: tuple[str, str], plaintext: bytes) -> None:
    private_hex, public_hex = keypair
    assert sm2_decrypt(private_hex, sm2_encrypt(public_hex, plaintext)) == plaintext


# --- OpenSSL ----------------------------------------------------------------------

SM2_OID = bytes.fromhex("06082a811ccf5501822d")  # 1.2.156.10197.1.301
EC_PUBLIC_KEY_OID = bytes.fromhex("06072a8648ce3d0201")  # 1.2.840.10045.2.1
DISTID = "distid:1234567812345678"


def der(tag: int, body: bytes) -> bytes:
    if len(body) < 0x80:
        return bytes([tag, len(body)]) + body
    length = len(body).to_bytes((len(body).bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + body


def der_read(data: bytes) -> tuple[int, bytes, bytes]:
    """(tag, body, rest) of the first TLV in `data`."""
    tag, length, offset = data[0], data[1], 2
    if length & 0x80:
        count = length & 0x7F
        length, offset = int.from_bytes(data[2 : 2 + count], "big"), 2 + count
    return tag, data[offset : offset + length], data[offset + length :]


def pem(label: str, body: bytes) -> str:
    text = base64.b64encode(body).decode()
    lines = "\n".join(text[i : i + 64] for i in range(0, len(text), 64))
    return f"-----BEGIN {label}-----\n{lines}\n-----END {label}-----\n"


def der_integer(value: int) -> bytes:
    return der(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


@pytest.fixture(scope="module")
def openssl(tmp_path_factory: pytest.TempPathFactory, keypair: tuple[str, str]) -> tuple[str, Path]:
    """The openssl binary and a directory holding our key pair as PEM files."""
    binary = shutil.which("openssl")
    if binary is None:
        pytest.skip("no openssl binary on PATH")
    listing = subprocess.run(
        [binary, "list", "-public-key-algorithms"],
        capture_output=True,
        text=True,
        check=False,
    )
    if "SM2" not in listing.stdout.upper():
        pytest.skip("this openssl binary has no SM2")
    private_hex, public_hex = keypair
    point = bytes.fromhex(public_hex)
    spki = der(0x30, der(0x30, EC_PUBLIC_KEY_OID + SM2_OID) + der(0x03, b"\x00" + point))
    sec1 = der(
        0x30,
        der(0x02, b"\x01")
        + der(0x04, bytes.fromhex(private_hex))
        + der(0xA0, SM2_OID)
        + der(0xA1, der(0x03, b"\x00" + point)),
    )
    directory = tmp_path_factory.mktemp("openssl-sm2")
    (directory / "public.pem").write_text(pem("PUBLIC KEY", spki))
    (directory / "private.pem").write_text(pem("EC PRIVATE KEY", sec1))
    return binary, directory


def run_openssl(binary: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([binary, *args], capture_output=True, check=False)


def test_openssl_verifies_our_signature(openssl: tuple[str, Path], keypair: tuple[str, str]) -> None:
    binary, directory = openssl
    private_hex, _ = keypair
    (directory / "message").write_bytes(MESSAGE)
    (directory / "ours.sig").write_bytes(sm2_signature_to_der(sm2_sign(private_hex, MESSAGE)))

    def verify(distid: str) -> subprocess.CompletedProcess[bytes]:
        return run_openssl(
            binary,
            "pkeyutl", "-verify", "-pubin", "-inkey", str(directory / "public.pem"),
            "-rawin", "-digest", "sm3", "-pkeyopt", distid,
            "-in", str(directory / "message"), "-sigfile", str(directory / "ours.sig"),
        )  # fmt: skip

    accepted = verify(DISTID)
    assert accepted.returncode == 0, accepted.stderr.decode()
    assert b"Verified Successfully" in accepted.stdout
    assert verify("distid:ALICE123@YAHOO.COM").returncode != 0  # the ID is part of what is signed


def test_we_verify_openssl_signature(openssl: tuple[str, Path], keypair: tuple[str, str]) -> None:
    binary, directory = openssl
    _, public_hex = keypair
    (directory / "message").write_bytes(MESSAGE)
    signed = run_openssl(
        binary,
        "dgst", "-sm3", "-sign", str(directory / "private.pem"), "-sigopt", DISTID,
        "-out", str(directory / "openssl.sig"), str(directory / "message"),
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr.decode()
    signature = sm2_signature_from_der((directory / "openssl.sig").read_bytes())
    assert sm2_verify(public_hex, MESSAGE, signature)
    assert not sm2_verify(public_hex, MESSAGE + b"!", signature)


def test_encryption_interoperates_with_openssl(openssl: tuple[str, Path], keypair: tuple[str, str]) -> None:
    # OpenSSL speaks the DER form of GM/T 0009: SEQUENCE { x INTEGER, y INTEGER, C3 OCTET STRING, C2 OCTET STRING }.
    binary, directory = openssl
    private_hex, public_hex = keypair
    plaintext = "数据密钥 data key".encode()

    # OpenSSL encrypts, we decrypt
    (directory / "plain").write_bytes(plaintext)
    encrypted = run_openssl(
        binary, "pkeyutl", "-encrypt", "-pubin", "-inkey", str(directory / "public.pem"),
        "-in", str(directory / "plain"), "-out", str(directory / "openssl.ct"),
    )  # fmt: skip
    assert encrypted.returncode == 0, encrypted.stderr.decode()
    _, body, _ = der_read((directory / "openssl.ct").read_bytes())
    fields = []
    while body:
        _, value, body = der_read(body)
        fields.append(value)
    x, y, c3, c2 = fields
    raw = int.from_bytes(x, "big").to_bytes(32, "big") + int.from_bytes(y, "big").to_bytes(32, "big") + c3 + c2
    assert sm2_decrypt(private_hex, raw) == plaintext

    # we encrypt, OpenSSL decrypts
    ours = sm2_encrypt(public_hex, plaintext)
    x1, y1 = int.from_bytes(ours[:32], "big"), int.from_bytes(ours[32:64], "big")
    asn1 = der(
        0x30,
        der_integer(x1) + der_integer(y1) + der(0x04, ours[64:96]) + der(0x04, ours[96:]),
    )
    (directory / "ours.ct").write_bytes(asn1)
    decrypted = run_openssl(
        binary, "pkeyutl", "-decrypt", "-inkey", str(directory / "private.pem"), "-in", str(directory / "ours.ct"),
    )  # fmt: skip
    assert decrypted.returncode == 0, decrypted.stderr.decode()
    assert decrypted.stdout == plaintext

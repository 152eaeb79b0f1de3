"""Electronic-contract cryptography (no database): what is signed, the bundle format, verification.

WHAT IS SIGNED: the contract PDF bytes themselves, with SM2 signature-with-SM3 of GB/T 32918.2:
e = SM3(Z || M), M = the PDF file, Z computed from the signer's public key and the default
distinguishing ID 1234567812345678 (GB/T 35276). So OpenSSL verifies the file directly:

    openssl pkeyutl -verify -pubin -inkey party.pem -rawin -digest sm3 \
        -pkeyopt distid:1234567812345678 -in contract.pdf -sigfile party.sig.der

The SM3 digest of the PDF (hex) is fixed when the contract is rendered; it identifies the file
and is checked first, but it is not what the SM2 signature covers.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from smedt.gmcrypto.sm2 import (
    DEFAULT_USER_ID,
    sm2_signature_from_der,
    sm2_signature_to_der,
    sm2_verify,
)
from smedt.gmcrypto.sm3 import sm3_hex

BUNDLE_FORMAT = "smedt-contract-signatures/1"
_SM2_OID = bytes.fromhex("06082a811ccf5501822d")  # 1.2.156.10197.1.301
_EC_PUBLIC_KEY_OID = bytes.fromhex("06072a8648ce3d0201")  # 1.2.840.10045.2.1


def _der(tag: int, body: bytes) -> bytes:
    if len(body) < 0x80:
        return bytes([tag, len(body)]) + body
    length = len(body).to_bytes((len(body).bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + body


def public_key_pem(public_hex: str) -> str:
    """SubjectPublicKeyInfo PEM (id-ecPublicKey, curve SM2) of a 04||x||y public key, for OpenSSL."""
    point = bytes.fromhex(public_hex if len(public_hex) == 130 else "04" + public_hex)
    spki = _der(0x30, _der(0x30, _EC_PUBLIC_KEY_OID + _SM2_OID) + _der(0x03, b"\x00" + point))
    text = base64.b64encode(spki).decode()
    lines = "\n".join(text[i : i + 64] for i in range(0, len(text), 64))
    return f"-----BEGIN PUBLIC KEY-----\n{lines}\n-----END PUBLIC KEY-----\n"


@dataclass(frozen=True)
class SignatureCheck:
    party: str
    org_name: str
    signer_name: str
    signed_at: str
    public_key: str
    valid: bool


@dataclass(frozen=True)
class VerifyResult:
    digest: str  # SM3 of the file given
    expected_digest: str
    digest_match: bool
    signatures: list[SignatureCheck]

    @property
    def ok(self) -> bool:
        return self.digest_match and bool(self.signatures) and all(s.valid for s in self.signatures)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "digest": self.digest,
            "expected_digest": self.expected_digest,
            "digest_match": self.digest_match,
            "signatures": [s.__dict__ for s in self.signatures],
        }


def bundle_build(*, number: str, digest: str, signatures: list[dict[str, str]]) -> dict[str, Any]:
    """The downloadable signature bundle: enough to verify the PDF anywhere, with or without this platform."""
    return {
        "format": BUNDLE_FORMAT,
        "contract_number": number,
        "algorithm": "SM2-with-SM3 (GB/T 32918.2), signed message = the PDF file bytes",
        "user_id": DEFAULT_USER_ID.decode(),
        "digest_algorithm": "SM3",
        "digest": digest,
        "signatures": [
            {
                **s,
                "public_key_pem": public_key_pem(s["public_key"]),
                "signature_der_base64": base64.b64encode(sm2_signature_to_der(bytes.fromhex(s["signature"]))).decode(),
            }
            for s in signatures
        ],
    }


def bundle_parse(raw: bytes | str) -> dict[str, Any]:
    """A bundle from JSON; ValueError with a Chinese message when it is not one."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("签名文件不是有效的 JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("signatures"), list) or "digest" not in data:
        raise ValueError("签名文件缺少 digest 或 signatures")
    for s in data["signatures"]:
        if (
            not isinstance(s, dict)
            or not s.get("public_key")
            or not (s.get("signature") or s.get("signature_der_base64"))
        ):
            raise ValueError("签名文件中的签名缺少公钥或签名值")
    return data


def _raw_signature(entry: dict[str, Any]) -> bytes:
    if entry.get("signature"):
        return bytes.fromhex(str(entry["signature"]))
    return sm2_signature_from_der(base64.b64decode(str(entry["signature_der_base64"])))


def contract_verify_bytes(pdf: bytes, bundle: dict[str, Any]) -> VerifyResult:
    """Check the file's SM3 digest against the bundle and each SM2 signature over the file bytes."""
    digest = sm3_hex(pdf)
    checks = []
    for entry in bundle["signatures"]:
        try:
            valid = sm2_verify(str(entry["public_key"]), pdf, _raw_signature(entry))
        except ValueError:
            valid = False
        checks.append(
            SignatureCheck(
                party=str(entry.get("party", "")),
                org_name=str(entry.get("org_name", "")),
                signer_name=str(entry.get("signer_name", "")),
                signed_at=str(entry.get("signed_at", "")),
                public_key=str(entry["public_key"]),
                valid=valid,
            )
        )
    expected = str(bundle["digest"]).lower()
    return VerifyResult(digest=digest, expected_digest=expected, digest_match=digest == expected, signatures=checks)

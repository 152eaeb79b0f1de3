"""Electronic-contract cryptography (no database): what is signed, the bundle format, verification.

WHAT IS SIGNED: the contract PDF bytes themselves, with SM2 signature-with-SM3 of GB/T 32918.2:
e = SM3(Z || M), M = the PDF file, Z computed from the signer's public key and the default
distinguishing ID 1234567812345678 (GB/T 35276). So OpenSSL verifies the file directly:

    openssl pkeyutl -verify -pubin -inkey party.pem -rawin -digest sm3 \
        -pkeyopt distid:1234567812345678 -in contract.pdf -sigfile party.sig.der

The SM3 digest of the PDF (hex) is fixed when the contract is rendered; it identifies the file
and is checked first, but it is not what the SM2 signature covers.

WHO SIGNED: a signature proves only that the holder of *some* key signed the file. It says who signed
only when the key is compared with a key trusted to be the party's (the platform's OrgKeyPair, or keys
given to the offline command). A contract is valid only when both parties' signatures pass that check.
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


PARTIES = ("enterprise", "provider")
PARTY_LABELS = {"enterprise": "甲方（企业）", "provider": "乙方（服务商）"}

# status of a verification: only VALID means the contract is proven
VALID = "valid"  # digest matches, both parties signed, every signature valid, every key checked
PARTIAL = "partial"  # what is there is valid, but one party has not signed
KEYS_UNCHECKED = "keys_unchecked"  # signatures valid, but nobody vouched that the keys belong to the parties
INVALID = "invalid"  # a changed file, a bad signature or a key that is not the party's
NOT_FOUND = "not_found"  # the platform has no contract with this file's digest
STATUS_LABELS = {
    VALID: "验证通过",
    PARTIAL: "签署未完成",
    KEYS_UNCHECKED: "签名有效，但未核验公钥归属",
    INVALID: "验证未通过",
    NOT_FOUND: "未找到与该文件一致的合同",
}


def normalize_public_key(value: str) -> str:
    """04||x||y lowercase hex from 128 or 130 hex characters; ValueError otherwise."""
    text = value.strip().lower()
    if len(text) == 128:
        text = "04" + text
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raise ValueError("公钥不是十六进制") from None
    if len(raw) != 65 or raw[0] != 4:
        raise ValueError("公钥应为 04||x||y 共 130 个十六进制字符")
    return text


def public_key_from_pem(pem: str) -> str:
    """04||x||y hex of an SM2 SubjectPublicKeyInfo PEM (the bundle's public_key_pem)."""
    body = "".join(line.strip() for line in pem.strip().splitlines() if line.strip() and "-----" not in line)
    try:
        der = base64.b64decode(body, validate=True)
    except ValueError:
        raise ValueError("公钥 PEM 格式不正确") from None
    if _SM2_OID not in der or len(der) < 65 or der[-65] != 4:
        raise ValueError("公钥 PEM 不是 SM2 公钥")
    return der[-65:].hex()


@dataclass(frozen=True)
class TrustedParty:
    """What a trusted source (the platform's records, or keys given on the command line) says about a party."""

    party: str
    public_key: str  # 04||x||y hex; "" when the source has no key for the party
    org_name: str = ""
    signer_name: str = ""
    signed_at: str = ""
    problem: str = ""  # set when the source itself is inconsistent: every signature of the party fails


@dataclass(frozen=True)
class SignatureCheck:
    party: str
    org_name: str
    signer_name: str
    signed_at: str
    public_key: str
    valid: bool
    key_checked: bool  # the key was compared with a trusted key of the party
    reason: str  # why the signature is not valid (Chinese), "" when it is


@dataclass(frozen=True)
class VerifyResult:
    digest: str  # SM3 of the file given
    expected_digest: str
    digest_match: bool
    signatures: list[SignatureCheck]
    contract_number: str = ""
    problems: tuple[str, ...] = ()  # reasons not tied to one signature

    @property
    def status(self) -> str:
        if not self.digest_match or self.problems or any(not s.valid for s in self.signatures):
            return INVALID
        if {s.party for s in self.signatures} != set(PARTIES):
            return PARTIAL
        if not all(s.key_checked for s in self.signatures):
            return KEYS_UNCHECKED
        return VALID

    @property
    def ok(self) -> bool:
        return self.status == VALID

    @property
    def reasons(self) -> list[str]:
        out = list(self.problems)
        if not self.digest_match:
            out.append("文件的 SM3 摘要与登记的摘要不一致（文件已被改动或不是这份合同）")
        for s in self.signatures:
            if s.reason:
                out.append(f"{PARTY_LABELS.get(s.party, s.party or '签名')}：{s.reason}")
        signed = {s.party for s in self.signatures}
        out.extend(f"{PARTY_LABELS[p]}尚未签署" for p in PARTIES if p not in signed)
        if self.signatures and not all(s.key_checked for s in self.signatures):
            out.append("未核验公钥归属：无法确认签名公钥属于合同双方（请在平台验证，或指定双方的公钥）")
        return out

    def as_dict(self) -> dict[str, Any]:
        status = self.status
        return {
            "ok": self.ok,
            "status": status,
            "status_label": STATUS_LABELS[status],
            "reasons": self.reasons,
            "contract_number": self.contract_number,
            "digest": self.digest,
            "expected_digest": self.expected_digest,
            "digest_match": self.digest_match,
            "key_checked": bool(self.signatures) and all(s.key_checked for s in self.signatures),
            "signatures": [s.__dict__ for s in self.signatures],
        }


def not_found_dict(digest: str) -> dict[str, Any]:
    """The answer when the platform has no contract with this digest: nothing about any contract."""
    return {
        "ok": False,
        "status": NOT_FOUND,
        "status_label": STATUS_LABELS[NOT_FOUND],
        "reasons": ["平台上没有与该文件 SM3 摘要一致的合同：文件可能已被改动，或不是本平台签署的合同"],
        "contract_number": "",
        "digest": digest,
        "expected_digest": "",
        "digest_match": False,
        "key_checked": False,
        "signatures": [],
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


def _check_entry(pdf: bytes, entry: dict[str, Any], trusted: dict[str, TrustedParty] | None) -> SignatureCheck:
    party = str(entry.get("party", ""))
    claimed_key = str(entry["public_key"])
    source = trusted.get(party) if trusted is not None else None
    label = PARTY_LABELS.get(party, party)
    reason = ""
    key_checked = False
    try:
        key = normalize_public_key(claimed_key)
    except ValueError as exc:
        key, reason = claimed_key, str(exc)
    if party not in PARTIES:
        reason = reason or "签约方应为 enterprise（甲方）或 provider（乙方）"
    elif source is not None:  # a party with no trusted key (offline, not given) stays key_checked=False
        if source.problem:
            reason = source.problem
            key_checked = True
        elif not source.public_key:
            reason = f"{label}「{source.org_name}」在平台上没有签名公钥，该签名不是平台签发的"
            key_checked = True
        else:
            key_checked = True
            if not reason and key != source.public_key:
                reason = (
                    f"签名公钥不是{label}「{source.org_name}」在平台登记的公钥（签名文件可能是伪造的）"
                    if source.org_name
                    else f"签名公钥与指定的{label}公钥不一致"
                )
    if not reason:
        try:
            cryptographically_valid = sm2_verify(key, pdf, _raw_signature(entry))
        except (ValueError, TypeError):
            cryptographically_valid = False
        if not cryptographically_valid:
            reason = "签名与文件内容不符（文件已被改动或签名值无效）"
    return SignatureCheck(
        party=party,
        org_name=(source.org_name if source is not None and source.org_name else str(entry.get("org_name", ""))),
        signer_name=(
            source.signer_name if source is not None and source.signer_name else str(entry.get("signer_name", ""))
        ),
        signed_at=(source.signed_at if source is not None and source.signed_at else str(entry.get("signed_at", ""))),
        public_key=claimed_key,
        valid=not reason,
        key_checked=key_checked,
        reason=reason,
    )


def contract_verify_bytes(
    pdf: bytes,
    bundle: dict[str, Any],
    *,
    trusted: dict[str, TrustedParty] | None = None,
    expected_digest: str | None = None,
    contract_number: str | None = None,
) -> VerifyResult:
    """Check the file's SM3 digest and each SM2 signature over the file bytes.

    `trusted` (party → trusted key) is what makes the answer worth anything: without it the public keys
    come from the bundle itself, so a self-made bundle "verifies" — the result is then KEYS_UNCHECKED at
    best. `expected_digest` / `contract_number` are the platform's record; the bundle must agree with them.
    """
    digest = sm3_hex(pdf)
    bundle_digest = str(bundle["digest"]).strip().lower()
    expected = expected_digest.lower() if expected_digest is not None else bundle_digest
    problems: list[str] = []
    if expected_digest is not None and bundle_digest != expected:
        problems.append("签名文件中的摘要与平台登记的合同摘要不一致")
    number = str(bundle.get("contract_number", ""))
    if contract_number is not None:
        if number and number != contract_number:
            problems.append("签名文件中的合同编号与平台登记的合同编号不一致")
        number = contract_number
    checks = [_check_entry(pdf, entry, trusted) for entry in bundle["signatures"]]
    parties = [c.party for c in checks]
    if any(parties.count(p) > 1 for p in PARTIES):
        problems.append("签名文件中同一签约方出现了多个签名")
    return VerifyResult(
        digest=digest,
        expected_digest=expected,
        digest_match=digest == expected,
        signatures=checks,
        contract_number=number,
        problems=tuple(problems),
    )

"""Pure pieces: canonical string, HMAC-SM3 / SM2 signatures, SM4 payloads, claim mapping."""

from __future__ import annotations

import json
import secrets

import pytest

from smedt.gmcrypto.errors import DecryptionError
from smedt.gmcrypto.sm2 import sm2_generate_keypair
from smedt.identity import signing
from smedt.identity.errors import IdentityError
from smedt.identity.providers.base import map_claims


def test_canonical_string_sorts_drops_empty_and_sign():
    params = {"b": "2", "a": "1", "sign": "x", "empty": "", "none": None, "d": {"y": 1, "x": "中"}}
    assert signing.canonical(params) == 'a=1&b=2&d={"x":"中","y":1}'.encode()


@pytest.mark.parametrize("method", ["hmac-sm3", "sm2"])
def test_sign_and_verify_round_trip_and_tamper(method):
    private_hex, public_hex = sm2_generate_keypair()
    sign_key, verify_key = (private_hex, public_hex) if method == "sm2" else ("app-secret", "app-secret")
    params = {"appId": "a", "ticket": "t", "timestamp": "1"}
    sig = signing.sign(params, method=method, key=sign_key)
    assert signing.verify(params, sig, method=method, key=verify_key)
    assert not signing.verify({**params, "ticket": "u"}, sig, method=method, key=verify_key)
    assert not signing.verify(params, "zz", method=method, key=verify_key)


@pytest.mark.parametrize("mode", ["sm4-cbc", "sm4-ecb", "sm4-gcm"])
def test_sm4_payload_round_trip(mode):
    key = secrets.token_hex(16)
    token = signing.sm4_encrypt_payload(json.dumps({"u": "张三"}).encode(), mode=mode, key_hex=key)
    assert json.loads(signing.sm4_decrypt_payload(token, mode=mode, key_hex=key)) == {"u": "张三"}
    with pytest.raises(DecryptionError):
        signing.sm4_decrypt_payload(token, mode=mode, key_hex=secrets.token_hex(16))


def test_claim_mapping_with_paths_and_person_type_values():
    config = {
        "claims": {
            "subject": "data.uid",
            "person_type": "data.type",
            "credit_code": "data.corp.uscc",
            "name": "data.name",
        },
        "legal_person_values": ["2"],
    }
    claims = {"data": {"uid": "u1", "type": "2", "corp": {"uscc": "91410702ma0000000x"}, "name": "甲"}}
    ident = map_claims(config, claims)
    assert (ident.subject, ident.person_type, ident.credit_code, ident.name) == (
        "u1",
        "legal",
        "91410702MA0000000X",
        "甲",
    )
    assert not ident.mobile_verified


def test_mobile_counts_as_verified_only_when_said_so():
    assert map_claims({}, {"sub": "1", "phone_number": "139", "phone_number_verified": "true"}).mobile_verified
    assert not map_claims({}, {"sub": "1", "phone_number": "139"}).mobile_verified
    assert map_claims({"trust_mobile": True}, {"sub": "1", "phone_number": "139"}).mobile_verified


def test_missing_subject_is_a_clear_error():
    with pytest.raises(IdentityError) as exc:
        map_claims({}, {"name": "x"})
    assert exc.value.code == "identity.missing_claim" and "必要的身份信息" in exc.value.message

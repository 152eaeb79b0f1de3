"""Signatures and payload encryption of the ticket exchange and of sync pushes.

Canonical string (documented in docs/integrations/identity.md): the parameters except the
signature, with empty values left out, sorted by name, joined as `k=v` with `&`; a dict or
list value is its compact JSON with sorted keys (UTF-8, not ASCII-escaped).

Signature: `hmac-sm3` = hex HMAC-SM3 under the app secret; `sm2` = hex raw r||s SM2
signature (SM3 with the default ID) under our private key / the provider's public key.

Payload encryption (`sm4-cbc` | `sm4-ecb` | `sm4-gcm`): base64 of the ciphertext; CBC puts
the 16-byte IV first, CBC and ECB pad with PKCS#7; GCM is our `gmcrypto.sm4` envelope.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from typing import Any

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from smedt.gmcrypto.errors import DecryptionError
from smedt.gmcrypto.hmac_sm3 import hmac_sm3_hex
from smedt.gmcrypto.sm2 import sm2_sign, sm2_verify
from smedt.gmcrypto.sm4 import sm4_gcm_decrypt, sm4_gcm_encrypt


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def canonical(params: dict[str, Any], *, exclude: str = "sign") -> bytes:
    parts = [f"{k}={_text(v)}" for k, v in sorted(params.items()) if k != exclude and v not in (None, "")]
    return "&".join(parts).encode("utf-8")


def sign(params: dict[str, Any], *, method: str, key: str, exclude: str = "sign") -> str:
    data = canonical(params, exclude=exclude)
    if method == "sm2":
        return sm2_sign(key, data).hex()
    return hmac_sm3_hex(key.encode("utf-8"), data)


def verify(params: dict[str, Any], signature: str, *, method: str, key: str, exclude: str = "sign") -> bool:
    data = canonical(params, exclude=exclude)
    if not signature:
        return False
    if method == "sm2":
        try:
            return sm2_verify(key, data, bytes.fromhex(signature))
        except ValueError:
            return False
    return hmac.compare_digest(hmac_sm3_hex(key.encode("utf-8"), data), signature.lower())


def sm4_decrypt_payload(token: str, *, mode: str, key_hex: str) -> bytes:
    try:
        key = bytes.fromhex(key_hex)
        blob = base64.b64decode(token, validate=True)
        if mode == "sm4-gcm":
            return sm4_gcm_decrypt(key, blob)
        if mode == "sm4-cbc":
            iv, body = blob[:16], blob[16:]
            decryptor = Cipher(algorithms.SM4(key), modes.CBC(iv)).decryptor()
        elif mode == "sm4-ecb":
            body = blob
            decryptor = Cipher(algorithms.SM4(key), modes.ECB()).decryptor()  # noqa: S305  # the provider's choice
        else:
            raise ValueError(f"unknown payload encryption {mode}")
        padded = decryptor.update(body) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return unpadder.update(padded) + unpadder.finalize()
    except (binascii.Error, ValueError, DecryptionError) as exc:
        raise DecryptionError("payload cannot be decrypted") from exc


def sm4_encrypt_payload(plain: bytes, *, mode: str, key_hex: str, iv: bytes | None = None) -> str:
    """The inverse, for tests and for providers we simulate."""
    import os

    key = bytes.fromhex(key_hex)
    if mode == "sm4-gcm":
        return base64.b64encode(sm4_gcm_encrypt(key, plain)).decode("ascii")
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    if mode == "sm4-cbc":
        iv = iv or os.urandom(16)
        encryptor = Cipher(algorithms.SM4(key), modes.CBC(iv)).encryptor()
        return base64.b64encode(iv + encryptor.update(padded) + encryptor.finalize()).decode("ascii")
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()  # noqa: S305
    return base64.b64encode(encryptor.update(padded) + encryptor.finalize()).decode("ascii")

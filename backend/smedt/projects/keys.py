"""Per-organization SM2 key pairs; private keys SM4-GCM encrypted at rest under the contract master key.

The master key is `SMEDT_CONTRACT_MASTER_KEY` (32 hex characters, from the environment); when it is
unset the platform data key (`SMEDT_DATA_KEY`) stands in. The organization id is the associated data,
so an encrypted key copied onto another organization's row does not decrypt.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction

from smedt.gmcrypto.keys import data_key
from smedt.gmcrypto.sm2 import sm2_generate_keypair
from smedt.gmcrypto.sm4 import sm4_gcm_decrypt, sm4_gcm_encrypt
from smedt.projects.models import OrgKeyPair


def master_key() -> bytes:
    raw = str(getattr(settings, "SMEDT_CONTRACT_MASTER_KEY", "") or "").strip()
    if not raw:
        return data_key()
    try:
        key = bytes.fromhex(raw)
    except ValueError:
        key = b""
    if len(key) != 16:
        raise ImproperlyConfigured("SMEDT_CONTRACT_MASTER_KEY must be exactly 32 hex characters")
    return key


def _aad(org_id: int) -> bytes:
    return f"smedt-contract-key:{org_id}".encode()


def org_keypair(org_id: int) -> OrgKeyPair:
    """The organization's key pair, created on first need (safe under concurrent first use)."""
    existing = OrgKeyPair.objects.filter(org_id=org_id).first()
    if existing is not None:
        return existing
    private_hex, public_hex = sm2_generate_keypair()
    try:
        with transaction.atomic():
            return OrgKeyPair.objects.create(
                org_id=org_id,
                public_key=public_hex,
                private_key_encrypted=sm4_gcm_encrypt(master_key(), bytes.fromhex(private_hex), _aad(org_id)),
            )
    except IntegrityError:
        return OrgKeyPair.objects.get(org_id=org_id)


def org_private_key(pair: OrgKeyPair) -> str:
    return sm4_gcm_decrypt(master_key(), bytes(pair.private_key_encrypted), _aad(pair.org_id)).hex()

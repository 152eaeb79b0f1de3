"""SM4 (GB/T 32907-2016) for data at rest: SM4-GCM in a small versioned envelope.

Supplied by `cryptography` (OpenSSL's SM4 with the standard GCM mode, the combination
RFC 8998 specifies for TLS 1.3).

Blob layout, version 1::

    version (1 byte, 0x01) || nonce (12 bytes) || ciphertext (len(plaintext)) || tag (16 bytes)

The version byte is authenticated too: GCM's associated data is `version || aad`, so a
blob cannot be relabelled as another format version. To decrypt a blob elsewhere, use
SM4-GCM with that nonce, that tag and the associated data `b"\\x01" + aad`.

Nonces are 96 random bits, so one key must not seal more than about 2**32 blobs (NIST SP
800-38D, section 8.3); rotate the key long before that.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from smedt.gmcrypto.errors import DecryptionError

KEY_SIZE = 16
BLOCK_SIZE = 16
NONCE_SIZE = 12
TAG_SIZE = 16
VERSION_1 = 1
OVERHEAD = 1 + NONCE_SIZE + TAG_SIZE  # bytes a blob adds to its plaintext


def _check_key(key: bytes) -> None:
    if len(key) != KEY_SIZE:
        raise ValueError(f"an SM4 key is {KEY_SIZE} bytes, got {len(key)}")


def _seal(key: bytes, nonce: bytes, plaintext: bytes, associated_data: bytes) -> tuple[bytes, bytes]:
    """Raw SM4-GCM encryption: (ciphertext, 16-byte tag)."""
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(associated_data)
    ciphertext = encryptor.update(plaintext) + encryptor.finalize()
    return ciphertext, encryptor.tag


def _open(key: bytes, nonce: bytes, ciphertext: bytes, tag: bytes, associated_data: bytes) -> bytes:
    """Raw SM4-GCM decryption; raises `cryptography.exceptions.InvalidTag` on any mismatch."""
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag, min_tag_length=TAG_SIZE)).decryptor()
    decryptor.authenticate_additional_data(associated_data)
    return decryptor.update(ciphertext) + decryptor.finalize()


def sm4_gcm_encrypt(key: bytes, plaintext: bytes, aad: bytes = b"") -> bytes:
    """Encrypt and authenticate `plaintext` (and authenticate `aad`) under a 16-byte key.

    Returns a version-1 blob (see the module docstring); a fresh random nonce each call.
    """
    _check_key(key)
    header = bytes([VERSION_1])
    nonce = os.urandom(NONCE_SIZE)
    ciphertext, tag = _seal(key, nonce, plaintext, header + aad)
    return header + nonce + ciphertext + tag


def sm4_gcm_decrypt(key: bytes, blob: bytes, aad: bytes = b"") -> bytes:
    """Check and decrypt a blob made by `sm4_gcm_encrypt` with the same key and `aad`.

    Raises `DecryptionError` for a wrong key, a different `aad`, any changed byte, a
    truncated blob or an unknown version, without saying which.
    """
    _check_key(key)
    if len(blob) < OVERHEAD or blob[0] != VERSION_1:
        raise DecryptionError("SM4-GCM blob is malformed or was not made with this key")
    header = blob[:1]
    nonce = blob[1 : 1 + NONCE_SIZE]
    ciphertext = blob[1 + NONCE_SIZE : -TAG_SIZE]
    tag = blob[-TAG_SIZE:]
    try:
        return _open(key, nonce, ciphertext, tag, header + aad)
    except InvalidTag as exc:
        raise DecryptionError("SM4-GCM blob is malformed or was not made with this key") from exc


def sm4_ecb_encrypt_block(key: bytes, block: bytes) -> bytes:
    """Encrypt exactly one 16-byte block with the bare SM4 permutation.

    For known-answer tests and for building other constructions only: never encrypt data
    with it (no nonce, no integrity, equal blocks give equal ciphertexts).
    """
    _check_key(key)
    if len(block) != BLOCK_SIZE:
        raise ValueError(f"an SM4 block is {BLOCK_SIZE} bytes, got {len(block)}")
    # One block through the bare permutation: ECB's weakness (equal blocks) cannot arise.
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()  # noqa: S305
    return encryptor.update(block) + encryptor.finalize()

"""SM3 message digest (GB/T 32905-2016), supplied by `cryptography` (OpenSSL)."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes

DIGEST_SIZE = 32
BLOCK_SIZE = 64


def sm3_digest(data: bytes) -> bytes:
    """The 32-byte SM3 digest of `data`."""
    hasher = hashes.Hash(hashes.SM3())
    hasher.update(data)
    return hasher.finalize()


def sm3_hex(data: bytes) -> str:
    """The SM3 digest of `data` as 64 lowercase hex characters."""
    return sm3_digest(data).hex()


class Sm3Hasher:
    """Incremental SM3, shaped like `hashlib` objects, for data that arrives in chunks.

    >>> hasher = Sm3Hasher()
    >>> for chunk in uploaded_file.chunks():  # doctest: +SKIP
    ...     hasher.update(chunk)
    >>> hasher.hexdigest()  # doctest: +SKIP

    `digest()` and `hexdigest()` may be called any number of times, and `update()` may
    continue afterwards (they finalize a copy of the running state).
    """

    name = "sm3"
    digest_size = DIGEST_SIZE
    block_size = BLOCK_SIZE

    def __init__(self, data: bytes = b"") -> None:
        self._hash = hashes.Hash(hashes.SM3())
        if data:
            self._hash.update(data)

    def update(self, data: bytes) -> None:
        self._hash.update(data)

    def digest(self) -> bytes:
        return self._hash.copy().finalize()

    def hexdigest(self) -> str:
        return self.digest().hex()

    def copy(self) -> Sm3Hasher:
        clone = Sm3Hasher.__new__(Sm3Hasher)
        clone._hash = self._hash.copy()
        return clone

"""Errors raised by the commercial cryptography kernel.

Malformed arguments (a key of the wrong length, a bad hex string) are programming or
configuration mistakes and raise `ValueError` / `ImproperlyConfigured`; the types here
are for data that fails a cryptographic check at run time.
"""

from __future__ import annotations


class GmCryptoError(Exception):
    """Base class for run-time failures of a cryptographic operation."""


class DecryptionError(GmCryptoError):
    """A ciphertext could not be decrypted: wrong key, wrong AAD, tampered or malformed.

    The message never says which, so that callers cannot become a decryption oracle.
    """

"""Django password hasher on PBKDF2-HMAC-SM3, the first entry of PASSWORD_HASHERS.

Stored form, like Django's `pbkdf2_sha256`::

    pbkdf2_sm3$<iterations>$<salt>$<base64 of the 32-byte derived key>

Raising `iterations` is safe: older hashes still verify and are re-encoded at the next
successful login (`must_update`). Changing the PRF needs a new `algorithm` name.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import BasePasswordHasher, mask_hash, must_update_salt
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.translation import gettext_noop as _

from smedt.gmcrypto.pbkdf2 import pbkdf2_hmac_sm3

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


class PBKDF2SM3PasswordHasher(BasePasswordHasher):
    """PBKDF2 with HMAC-SM3 and a 32-byte derived key.

    The iteration count (100,000) is sized so that one
    login costs well under 100 ms of server CPU (≈ 60 ms with OpenSSL's SM3 on one core of the
    reference machine; 600,000 cost ≈ 370 ms and let a login wave take half of every web worker).
    100,000 is ten times the minimum of NIST SP 800-63B (10,000 for PBKDF2) and well above
    GM/T 0091's floor; the margin OWASP asks for SHA-256 (600,000) is bought back by what
    surrounds the hash: the password travels SM2-encrypted, an account locks after 5 failures,
    attempts are rate-limited per account and per address, and a captcha follows 3 failures.
    See docs/security/password-hashing.md. Hashes of another count are re-encoded at the next
    successful login (`must_update`). Subclass and lower `iterations` in tests.
    """

    algorithm = "pbkdf2_sm3"
    iterations = 100_000
    dklen = 32

    def encode(self, password: str, salt: str, iterations: int | None = None) -> str:
        if password is None:
            raise TypeError("password must be provided.")
        if not salt or "$" in salt:
            raise ValueError("salt must be provided and cannot contain $.")
        iterations = iterations or self.iterations
        derived = pbkdf2_hmac_sm3(force_bytes(password), force_bytes(salt), iterations, self.dklen)
        hash_b64 = base64.b64encode(derived).decode("ascii").strip()
        return f"{self.algorithm}${iterations}${salt}${hash_b64}"

    def decode(self, encoded: str) -> dict[str, Any]:
        parts = encoded.split("$", 3)
        if len(parts) != 4 or parts[0] != self.algorithm or not parts[1].isdigit():
            raise ValueError(f"not a {self.algorithm} password hash")
        algorithm, iterations, salt, hash_b64 = parts
        return {
            "algorithm": algorithm,
            "hash": hash_b64,
            "iterations": int(iterations),
            "salt": salt,
        }

    def verify(self, password: str, encoded: str) -> bool:
        decoded = self.decode(encoded)
        encoded_2 = self.encode(password, decoded["salt"], decoded["iterations"])
        return constant_time_compare(encoded, encoded_2)

    def safe_summary(self, encoded: str) -> dict[_StrOrPromise, Any]:
        decoded = self.decode(encoded)
        return {
            _("algorithm"): decoded["algorithm"],
            _("iterations"): decoded["iterations"],
            _("salt"): mask_hash(decoded["salt"]),
            _("hash"): mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded: str) -> bool:
        decoded = self.decode(encoded)
        update_salt = must_update_salt(decoded["salt"], self.salt_entropy)
        return decoded["iterations"] != self.iterations or update_salt

    def harden_runtime(self, password: str, encoded: str) -> None:
        decoded = self.decode(encoded)
        extra_iterations = self.iterations - decoded["iterations"]
        if extra_iterations > 0:
            self.encode(password, decoded["salt"], extra_iterations)

"""Helpers for tests only."""

from __future__ import annotations

from smedt.gmcrypto.hashers import PBKDF2SM3PasswordHasher


class FastPBKDF2SM3PasswordHasher(PBKDF2SM3PasswordHasher):
    """The same algorithm with few iterations, so suites that create many users stay fast."""

    iterations = 1000

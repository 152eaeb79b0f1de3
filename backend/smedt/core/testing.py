"""Helpers for tests only."""

from __future__ import annotations

from smedt.gmcrypto.hashers import PBKDF2SM3PasswordHasher


class FastPBKDF2SM3PasswordHasher(PBKDF2SM3PasswordHasher):
    """The same algorithm with few iterations, so suites that create many users stay fast."""

    iterations = 1000


def run_queued_tasks() -> None:
    """Run every queued task the way the worker does (works inside a test transaction)."""
    from smedt.taskqueue.testing import run_ready_tasks

    run_ready_tasks()

"""Helpers for tests only."""

from __future__ import annotations

from smedt.gmcrypto.hashers import PBKDF2SM3PasswordHasher


class FastPBKDF2SM3PasswordHasher(PBKDF2SM3PasswordHasher):
    """The same algorithm with few iterations, so suites that create many users stay fast."""

    iterations = 1000


def run_queued_tasks() -> None:
    """Run every queued task the way the worker does (batch mode, same database connection)."""
    from django.core.management import call_command

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

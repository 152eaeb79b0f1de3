"""Helpers for other apps' tests: run queued tasks in the test's own process and connection."""

from __future__ import annotations

from unittest import mock

from django.core.management import call_command
from django_tasks_db.management.commands import db_worker


def run_ready_tasks() -> None:
    """Run every ready task the way ``run_worker --batch`` does, then return.

    Works inside a test wrapped in a transaction (plain ``django_db``) on SQLite and
    PostgreSQL alike: the worker's ``close_old_connections()`` would otherwise close the
    test's connection in the middle of its transaction. The heartbeat thread never beats
    (its interval outlasts the run), so it never needs a connection of its own.
    """
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command(
            "run_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0",
            "--heartbeat-interval",
            "3600",
            verbosity=0,
        )

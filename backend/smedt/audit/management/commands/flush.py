"""``manage.py flush`` that still works with the SQLite DELETE guard on audit rows.

Emptying every table is a deliberate act (test teardown, a restore into an empty system); on
PostgreSQL it is a TRUNCATE, which row triggers do not see. On SQLite it is a DELETE, so the
guard is lifted for the flush and put back right after.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlushCommand
from django.db import connections

GUARD = "audit_record_no_delete"
GUARD_SQL = f"""
CREATE TRIGGER IF NOT EXISTS {GUARD}
BEFORE DELETE ON audit_auditrecord
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
"""


class Command(DjangoFlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        with connection.cursor() as cur:
            cur.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [GUARD])
            guarded = cur.fetchone() is not None
            if guarded:
                cur.execute(f"DROP TRIGGER {GUARD}")
        try:
            super().handle(**options)
        finally:
            if guarded:
                with connection.cursor() as cur:
                    cur.execute(GUARD_SQL)

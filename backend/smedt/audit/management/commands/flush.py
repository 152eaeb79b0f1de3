"""``manage.py flush`` that still works with the SQLite DELETE guard on audit rows.

Emptying every table is a deliberate act (test teardown, a restore into an empty system); on
PostgreSQL it is a TRUNCATE, which row triggers do not see. On SQLite it is a DELETE, so the
guards (audit rows, confirmed 绩效 snapshots) are lifted for the flush and put back right after.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as DjangoFlushCommand

from smedt.core.dbcompat import audit_delete_guard_lift, audit_delete_guard_restore


class Command(DjangoFlushCommand):
    def handle(self, **options: Any) -> None:
        guarded = audit_delete_guard_lift(options["database"])
        try:
            super().handle(**options)
        finally:
            if guarded:
                audit_delete_guard_restore(options["database"], guarded)

"""The one place where SQL is written by hand or differs by database (信创 portability).

Everything else in ``smedt/`` goes through the Django ORM, so the platform runs on SQLite,
PostgreSQL and the PostgreSQL-compatible 信创 databases (KingbaseES, openGauss in PostgreSQL
mode) with the stock ``postgresql`` backend, and on 达梦 with its own Django backend — see
``docs/deployment.md``. ``core/tests/test_sql_portability.py`` scans the code and fails on raw
SQL, ``django.contrib.postgres`` or PostgreSQL-only functions and lookups anywhere but here.

Rules for this module: branch on ``connection.vendor``; give every vendor-specific path a
portable fallback (or a deliberate no-op with the reason); keep statements standard SQL unless
the branch is for that vendor only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connections
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Model

# ---------------------------------------------------------------- health probe


def ping(using: str = "default") -> None:
    """One round trip to the database (standard SQL on every backend); raises when it is down."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


# ---------------------------------------------------------------- consistent read snapshot


def snapshot_begin(using: str = "default") -> None:
    """First statement of a read-only transaction that must see one snapshot of every table (backup).

    PostgreSQL and its 信创 relatives: REPEATABLE READ READ ONLY. SQLite: nothing to do, a
    transaction already reads one snapshot. Other backends keep their default isolation.
    """
    connection = connections[using]
    # Only as the first statement of an outermost transaction; nested in another one (a test, a
    # caller's atomic block) the enclosing transaction's snapshot rules apply.
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


# ---------------------------------------------------------------- sequences after explicit-pk inserts


def sequences_reset(models: Iterable[type[Model]], using: str = "default") -> int:
    """After rows were inserted with explicit primary keys (restore), move the id sequences past them.

    Uses the backend's own ``sequence_reset_sql`` (PostgreSQL/KingbaseES/openGauss: ``setval``;
    SQLite needs nothing; other backends supply their statements). Returns the statements run.
    """
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    return len(statements)


# ---------------------------------------------------------------- append-only audit table (audit 0002)

_PG_APPEND_ONLY = """
CREATE OR REPLACE FUNCTION audit_record_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_record_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_auditrecord
    FOR EACH ROW EXECUTE FUNCTION audit_record_append_only();
"""
_PG_APPEND_ONLY_DROP = """
DROP TRIGGER IF EXISTS audit_record_no_update_delete ON audit_auditrecord;
DROP FUNCTION IF EXISTS audit_record_append_only();
"""
_SQLITE_NO_UPDATE = """
CREATE TRIGGER IF NOT EXISTS audit_record_no_update
BEFORE UPDATE ON audit_auditrecord
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
"""
_SQLITE_NO_UPDATE_DROP = "DROP TRIGGER IF EXISTS audit_record_no_update;"


def audit_append_only_install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Database-side guard against UPDATE/DELETE of audit rows (PostgreSQL and PG-mode 信创; SQLite: UPDATE).

    Other backends (达梦) get no trigger: the model refuses changes, and the HMAC-SM3 chain makes any
    change detectable by ``audit_verify_chain``. A DBA can add the equivalent trigger by hand.
    """
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_PG_APPEND_ONLY)
    elif vendor == "sqlite":
        schema_editor.execute(_SQLITE_NO_UPDATE)


def audit_append_only_remove(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_PG_APPEND_ONLY_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(_SQLITE_NO_UPDATE_DROP)

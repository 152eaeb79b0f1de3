"""SQLite refuses DELETE of audit rows too, like PostgreSQL's trigger (0002). Emptying the tables
on purpose (test teardown, `manage.py flush`) drops the guard around it (see conftest.py)."""

from django.db import migrations

SQLITE_FORWARD = """
CREATE TRIGGER IF NOT EXISTS audit_record_no_delete
BEFORE DELETE ON audit_auditrecord
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS audit_record_no_delete;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_seal_chain_head")]

    operations = [migrations.RunPython(forward, backward)]

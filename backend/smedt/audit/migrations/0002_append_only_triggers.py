"""On PostgreSQL the database itself refuses UPDATE and DELETE of audit rows (TRUNCATE, used only
by test teardown and deliberate maintenance, is not a row operation). SQLite gets an UPDATE guard.
The SQL lives in ``smedt.core.dbcompat`` (the one module allowed to hold vendor-specific SQL)."""

from django.db import migrations

from smedt.core.dbcompat import audit_append_only_install, audit_append_only_remove


def forward(apps, schema_editor):
    audit_append_only_install(schema_editor)


def backward(apps, schema_editor):
    audit_append_only_remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]

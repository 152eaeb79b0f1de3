"""SQLite refuses DELETE of audit rows too, like PostgreSQL's trigger (0002). Emptying the tables
on purpose (test teardown, `manage.py flush`) drops the guard around it (see conftest.py)."""

from django.db import migrations

from smedt.core.dbcompat import audit_delete_guard_install, audit_delete_guard_remove


def forward(apps, schema_editor):
    audit_delete_guard_install(schema_editor)


def backward(apps, schema_editor):
    audit_delete_guard_remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_seal_chain_head")]

    operations = [migrations.RunPython(forward, backward)]

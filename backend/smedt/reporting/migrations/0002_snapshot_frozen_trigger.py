"""The database itself refuses UPDATE and DELETE of a confirmed 绩效 snapshot (PostgreSQL: a row trigger;
SQLite: two triggers). Drafts stay writable. The SQL lives in ``smedt.core.dbcompat``."""

from django.db import migrations

from smedt.core.dbcompat import snapshot_frozen_install, snapshot_frozen_remove


def forward(apps, schema_editor):
    snapshot_frozen_install(schema_editor)


def backward(apps, schema_editor):
    snapshot_frozen_remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_outbox_and_snapshots")]

    operations = [migrations.RunPython(forward, backward)]

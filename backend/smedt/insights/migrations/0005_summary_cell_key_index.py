"""Cells read by key (行业画像 and 对标分析 ask for a known set of keys): an index on (widget, key)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("insights", "0004_delete_exportjob")]

    operations = [
        migrations.AddIndex(
            model_name="summarycell",
            index=models.Index(fields=["widget", "key"], name="insights_cell_widget_key"),
        ),
    ]

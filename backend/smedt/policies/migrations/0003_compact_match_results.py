"""Match rows keep a compact per-condition result instead of the stored explanation (rendered on read)."""

from typing import Any

from django.db import migrations, models

from smedt.core.dbcompat import policy_match_results_backfill

CODES = {"met": "y", "unmet": "n", "missing": "?"}



def forwards(apps: Any, schema_editor: Any) -> None:
    if policy_match_results_backfill(schema_editor):
        return
    PolicyMatch = apps.get_model("policies", "PolicyMatch")
    batch = []
    for m in PolicyMatch.objects.only("id", "details").iterator(chunk_size=2000):
        details = m.details if isinstance(m.details, list) else []
        m.results = "".join(CODES.get(str((d or {}).get("result")), "?") for d in details)[:64]
        batch.append(m)
        if len(batch) >= 2000:
            PolicyMatch.objects.bulk_update(batch, ["results"])
            batch = []
    if batch:
        PolicyMatch.objects.bulk_update(batch, ["results"])


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0002_sms_service"),
    ]

    operations = [
        migrations.AddField(
            model_name="policymatch",
            name="results",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="逐条结果"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="policymatch",
            name="details",
        ),
    ]

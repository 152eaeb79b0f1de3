"""The frozen result now lives in ``AssessmentTrace`` / ``OnsiteRatingTrace`` (0005 copied it).

A migration of its own so PostgreSQL alters the tables in a transaction without the copy's
pending constraint checks.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0005_result_trace_apart"),
    ]

    operations = [
        migrations.RemoveField(model_name="assessment", name="result"),
        migrations.RemoveField(model_name="onsiterating", name="result"),
    ]

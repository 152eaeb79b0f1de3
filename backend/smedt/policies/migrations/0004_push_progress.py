"""Push campaigns record their progress (deliveries in the campaign, deliveries no longer pending) and may
wait for the end of the quiet hours; existing campaigns get their figures from their deliveries."""

from typing import Any

from django.db import migrations, models
from django.db.models import Count, Q


def backfill(apps: Any, schema_editor: Any) -> None:
    campaign_model = apps.get_model("policies", "PushCampaign")
    rows = campaign_model.objects.annotate(
        n=Count("deliveries"), left=Count("deliveries", filter=Q(deliveries__status="pending"))
    )
    for c in rows.iterator():
        campaign_model.objects.filter(pk=c.pk).update(total=c.n, done=c.n - c.left)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0003_compact_match_results"),
    ]

    operations = [
        migrations.AddField(
            model_name="pushcampaign",
            name="done",
            field=models.PositiveIntegerField(default=0, verbose_name="已处理"),
        ),
        migrations.AddField(
            model_name="pushcampaign",
            name="total",
            field=models.PositiveIntegerField(default=0, verbose_name="推送条数"),
        ),
        migrations.AlterField(
            model_name="pushcampaign",
            name="status",
            field=models.CharField(
                choices=[("draft", "草稿"), ("sending", "发送中"), ("waiting", "免打扰时段后继续"), ("done", "已完成")],
                default="draft",
                max_length=16,
                verbose_name="状态",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]

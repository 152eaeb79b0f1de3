"""The indexed enterprise → 试点细分行业 link (行业画像 by 细分行业 without a JSON scan of every profile), filled from
the profiles' JSON lists; kept by ``EnterpriseProfile.save`` from now on."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def fill_links(apps: Any, schema_editor: Any) -> None:
    Profile = apps.get_model("enterprises", "EnterpriseProfile")
    Link = apps.get_model("enterprises", "EnterpriseSubIndustry")
    batch: list[Any] = []
    for org_id, values in Profile.objects.order_by("org_id").values_list("org_id", "sub_industries").iterator():
        for value in sorted({v for v in values or [] if isinstance(v, str) and v and len(v) <= 32}):
            batch.append(Link(org_id=org_id, value=value))
        if len(batch) >= 5000:
            Link.objects.bulk_create(batch)
            batch = []
    Link.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0004_retire_selection_permission_codes"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="EnterpriseSubIndustry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.CharField(max_length=32, verbose_name="试点细分行业")),
                (
                    "org",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sub_industry_links",
                        to="orgs.organization",
                    ),
                ),
            ],
            options={
                "verbose_name": "企业试点细分行业",
                "indexes": [models.Index(fields=["value", "org"], name="enterprises_sub_industry_org")],
                "constraints": [
                    models.UniqueConstraint(fields=("org", "value"), name="enterprises_one_sub_industry_link")
                ],
            },
        ),
        migrations.RunPython(fill_links, migrations.RunPython.noop),
    ]

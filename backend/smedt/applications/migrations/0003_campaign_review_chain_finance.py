from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_campaign_kind_and_field_options"),
    ]

    operations = [
        migrations.AlterField(
            model_name="campaign",
            name="review_chain",
            field=models.CharField(
                choices=[
                    ("application_review", "县区初审 → 市级复审"),
                    ("application_review_city", "市级审核"),
                    ("application_review_finance", "县区初审 → 市级复审 → 财政审核"),
                ],
                default="application_review",
                max_length=32,
                verbose_name="审核流程",
            ),
        ),
    ]

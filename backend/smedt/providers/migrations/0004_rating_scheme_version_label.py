"""The first rating scheme's version was an identifier ("xinxiang-2026-draft") that users read on their
scorecards; it becomes the label they should read. Ratings keep pointing at the same scheme row."""

from django.db import migrations

OLD = "xinxiang-2026-draft"
NEW = "2026年版（试行）"


def forwards(apps, schema_editor):
    RatingScheme = apps.get_model("providers", "RatingScheme")
    ProviderRating = apps.get_model("providers", "ProviderRating")
    if RatingScheme.objects.filter(version=NEW).exists():
        return
    RatingScheme.objects.filter(version=OLD).update(version=NEW)
    ProviderRating.objects.filter(scheme_version=OLD).update(scheme_version=NEW)


def backwards(apps, schema_editor):
    RatingScheme = apps.get_model("providers", "RatingScheme")
    ProviderRating = apps.get_model("providers", "ProviderRating")
    RatingScheme.objects.filter(version=NEW).update(version=OLD)
    ProviderRating.objects.filter(scheme_version=NEW).update(scheme_version=OLD)


class Migration(migrations.Migration):
    dependencies = [("providers", "0003_provider_objections")]

    operations = [migrations.RunPython(forwards, backwards)]

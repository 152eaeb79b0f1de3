"""The old selection tables go: their rows were moved onto the application engine by 0006."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0006_selection_to_engine"),
    ]

    operations = [
        migrations.RemoveField(model_name="providerpoolmember", name="application"),
        migrations.DeleteModel(name="ProviderObjection"),
        migrations.DeleteModel(name="ProviderExpertScore"),
        migrations.DeleteModel(name="ProviderApplication"),
        migrations.DeleteModel(name="ProviderBatch"),
    ]

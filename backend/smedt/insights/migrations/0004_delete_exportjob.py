from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0003_export_jobs_to_exports"),
    ]

    operations = [
        migrations.DeleteModel(name="ExportJob"),
    ]

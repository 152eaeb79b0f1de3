"""服务商遴选 runs on the application engine (0006/0007): its own permission codes are no longer checked anywhere.
Roles that held them hold the engine's codes instead, and the old codes are dropped."""

from django.db import migrations

from smedt.rbac.migration_ops import replace_permission_codes

RETIRED = {
    "providers.manage_batch": "applications.manage_campaign",
    "providers.apply": "applications.apply",
    "providers.view_application": "applications.view_submission",
    "providers.score_application": "applications.score_submission",
}


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0007_selection_moved_to_engine"),
        ("rbac", "0002_assignment_unique_per_scope"),
    ]

    operations = [migrations.RunPython(replace_permission_codes(RETIRED), migrations.RunPython.noop)]

"""试点企业遴选 runs on the application engine (0003): its own permission codes are no longer checked anywhere.
Roles that held them hold the engine's codes instead, and the old codes are dropped."""

from django.db import migrations

from smedt.rbac.migration_ops import replace_permission_codes

RETIRED = {
    "enterprises.manage_batch": "applications.manage_campaign",
    "enterprises.apply_pilot": "applications.apply",
    "enterprises.view_application": "applications.view_submission",
    "enterprises.score_application": "applications.score_submission",
    "enterprises.handle_objection": "applications.handle_objection",
}


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0003_pilot_selection_to_campaigns"),
        ("rbac", "0002_assignment_unique_per_scope"),
    ]

    operations = [migrations.RunPython(replace_permission_codes(RETIRED), migrations.RunPython.noop)]

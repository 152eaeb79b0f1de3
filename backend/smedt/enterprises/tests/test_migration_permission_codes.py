"""The data migrations enterprises 0004 and providers 0008 retire the selection permission codes of the old
pilot and provider selections: every role that held one (built-in or an administrator's own) holds the engine's
code instead, a role already holding it keeps one copy, and the old codes are gone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("enterprises", "0003_pilot_selection_to_campaigns"),
    ("providers", "0007_selection_moved_to_engine"),
    ("rbac", "0002_assignment_unique_per_scope"),
]
AFTER = [
    ("enterprises", "0004_retire_selection_permission_codes"),
    ("providers", "0008_retire_selection_permission_codes"),
]
RETIRED = {
    "enterprises.manage_batch": "applications.manage_campaign",
    "enterprises.apply_pilot": "applications.apply",
    "enterprises.view_application": "applications.view_submission",
    "enterprises.score_application": "applications.score_submission",
    "enterprises.handle_objection": "applications.handle_objection",
    "providers.manage_batch": "applications.manage_campaign",
    "providers.apply": "applications.apply",
    "providers.view_application": "applications.view_submission",
    "providers.score_application": "applications.score_submission",
}


@pytest.mark.django_db(transaction=True)
def test_roles_holding_retired_codes_hold_the_engine_codes():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Permission = old.get_model("rbac", "Permission")
    Role = old.get_model("rbac", "Role")
    try:
        for code in RETIRED:
            Permission.objects.update_or_create(code=code, defaults={"name": code, "module": code.split(".")[0]})
        Permission.objects.filter(code="applications.apply").delete()  # a replacement not synced yet is created
        Permission.objects.get_or_create(
            code="applications.view_submission", defaults={"name": "查看申报书", "module": "applications"}
        )
        Permission.objects.get_or_create(code="orgs.view_org", defaults={"name": "查看单位", "module": "orgs"})
        every = Role.objects.create(code="custom_all", name="自建：全部旧权限", scope_kind="city")
        every.permissions.add(*Permission.objects.filter(code__in=list(RETIRED)))
        provider_like = Role.objects.create(code="custom_provider", name="自建：服务商", scope_kind="org")
        provider_like.permissions.add(
            *Permission.objects.filter(code__in=["providers.apply", "applications.view_submission", "orgs.view_org"])
        )
        untouched = Role.objects.create(code="custom_other", name="自建：无关", scope_kind="org")
        untouched.permissions.add(Permission.objects.get(code="orgs.view_org"))
    except Exception:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        raise

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    try:
        new = executor.loader.project_state(AFTER).apps
        Permission = new.get_model("rbac", "Permission")
        Role = new.get_model("rbac", "Role")

        def codes(role_code: str) -> set[str]:
            return set(Role.objects.get(code=role_code).permissions.values_list("code", flat=True))

        assert not Permission.objects.filter(code__in=list(RETIRED)).exists()
        assert codes("custom_all") == set(RETIRED.values())
        assert codes("custom_provider") == {"applications.apply", "applications.view_submission", "orgs.view_org"}
        assert codes("custom_other") == {"orgs.view_org"}
        assert Permission.objects.get(code="applications.apply").module == "applications"
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_no_app_declares_the_retired_codes_and_the_engine_declares_their_replacements():
    from smedt.rbac.registry import declared_permissions, declared_role_defaults

    declared = {code for code, _, _ in declared_permissions()}
    assert not declared & set(RETIRED)
    assert set(RETIRED.values()) <= declared
    assert not set().union(*declared_role_defaults().values()) & set(RETIRED)

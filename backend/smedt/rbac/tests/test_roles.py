"""Role administration, the permission list, and syncing declared codes and built-in roles."""

from __future__ import annotations

import pytest

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error, assign, field_message, make_role
from smedt.rbac.models import Permission, Role, RoleAssignment
from smedt.rbac.registry import BUILTIN_ROLES, declared_permissions, sync_permissions_and_roles

pytestmark = pytest.mark.django_db

NEW_ROLE = {
    "code": "county_auditor",
    "name": "县区审计员",
    "description": "查看辖区操作日志",
    "scope_kind": "region",
    "permissions": ["audit.view_record", "orgs.view_org"],
}
# session + user, grants (assignments + role permissions), roles, their permissions
ROLES_LIST_QUERIES = 6


def test_sys_admin_creates_a_role(api, sys_admin):
    res = api(sys_admin).post("/api/roles", NEW_ROLE)

    assert res.status_code == 201, res.content
    body = res.json()
    assert {k: body[k] for k in ("code", "name", "scope_kind", "builtin", "permissions")} == {
        "code": "county_auditor",
        "name": "县区审计员",
        "scope_kind": "region",
        "builtin": False,
        "permissions": ["audit.view_record", "orgs.view_org"],
    }
    rec = AuditRecord.objects.get(action="rbac.role_create")
    assert rec.after["permissions"] == ["audit.view_record", "orgs.view_org"]


@pytest.mark.parametrize("persona", ["city_admin", "county_a_officer", "enterprise_a_user", "outsider"])
def test_only_role_managers_write_roles(api, request, persona):
    client = api(request.getfixturevalue(persona))
    role = make_role("some_role", ["orgs.view_org"])

    assert_error(client.post("/api/roles", NEW_ROLE), 403, "permission_denied")
    assert_error(client.patch(f"/api/roles/{role.pk}", {"name": "改名"}), 403, "permission_denied")
    assert_error(client.delete(f"/api/roles/{role.pk}"), 403, "permission_denied")
    assert not Role.objects.filter(code="county_auditor").exists()
    assert Role.objects.get(pk=role.pk).name == "some_role"


def test_unknown_permission_is_refused_on_create_and_update(api, sys_admin):
    client = api(sys_admin)

    res = client.post("/api/roles", {**NEW_ROLE, "permissions": ["audit.view_record", "audit.fly_to_moon"]})
    body = assert_error(res, 422, "rbac.unknown_permission")
    assert "audit.fly_to_moon" in body["message"]
    field_message(res, "permissions")
    assert not Role.objects.filter(code="county_auditor").exists()

    role = make_role("some_role", ["orgs.view_org"])
    res = client.patch(f"/api/roles/{role.pk}", {"name": "改名", "permissions": ["nope.nope"]})
    assert_error(res, 422, "rbac.unknown_permission")
    role.refresh_from_db()
    assert role.name == "some_role"
    assert [p.code for p in role.permissions.all()] == ["orgs.view_org"]


@pytest.mark.parametrize(
    ("payload", "status", "code", "field"),
    [
        ({**NEW_ROLE, "code": "Bad-Code"}, 422, "validation_error", "code"),
        ({**NEW_ROLE, "scope_kind": "planet"}, 422, "validation_error", "scope_kind"),
        ({**NEW_ROLE, "name": ""}, 422, "validation_error", "name"),
        ({**NEW_ROLE, "code": "sys_admin"}, 409, "rbac.role_exists", "code"),
    ],
)
def test_role_create_validation(api, sys_admin, payload, status, code, field):
    res = api(sys_admin).post("/api/roles", payload)
    assert_error(res, status, code)
    field_message(res, field)


def test_role_update_changes_name_and_permissions_and_is_audited(api, sys_admin):
    role = make_role("some_role", ["orgs.view_org"])

    res = api(sys_admin).patch(f"/api/roles/{role.pk}", {"name": "新名称", "permissions": ["dicts.view_dict"]})

    assert res.status_code == 200, res.content
    assert (res.json()["name"], res.json()["permissions"]) == ("新名称", ["dicts.view_dict"])
    rec = AuditRecord.objects.get(action="rbac.role_update")
    assert (rec.before["permissions"], rec.after["permissions"]) == (["orgs.view_org"], ["dicts.view_dict"])


def test_builtin_role_is_not_deletable(api, sys_admin):
    role = Role.objects.get(code="expert")
    assert_error(api(sys_admin).delete(f"/api/roles/{role.pk}"), 409, "rbac.role_builtin")
    assert Role.objects.filter(code="expert").exists()


def test_role_in_use_is_not_deletable(api, sys_admin, outsider):
    role = make_role("some_role", ["orgs.view_org"])
    assign(outsider, role, region="410702")

    assert_error(api(sys_admin).delete(f"/api/roles/{role.pk}"), 409, "rbac.role_in_use")
    assert Role.objects.filter(pk=role.pk).exists()


def test_unused_custom_role_is_deleted_and_audited(api, sys_admin):
    role = make_role("some_role", ["orgs.view_org"])

    assert api(sys_admin).delete(f"/api/roles/{role.pk}").status_code == 204

    assert not Role.objects.filter(pk=role.pk).exists()
    rec = AuditRecord.objects.get(action="rbac.role_delete")
    assert rec.before["code"] == "some_role"
    assert_error(api(sys_admin).delete(f"/api/roles/{role.pk}"), 404, "not_found")


def test_role_list_readable_by_role_viewers_and_user_managers(api, sys_admin, city_admin, make_user):
    manager = make_user("mgr")
    assign(manager, make_role("user_mgr", ["accounts.manage_user"]), region="410702")

    codes = [r["code"] for r in api(sys_admin).get("/api/roles").json()]
    assert codes[: len(BUILTIN_ROLES)] == [r.code for r in BUILTIN_ROLES]
    assert "user_mgr" in [r["code"] for r in api(manager).get("/api/roles").json()]
    # the city admin assigns roles within the city: it reads the list, with what it may grant
    grantable = {r["code"]: r["grantable"] for r in api(city_admin).get("/api/roles").json()}
    assert grantable["county_officer"] and grantable["enterprise_user"] and not grantable["sys_admin"]
    assert_error(api(make_user("nobody")).get("/api/roles"), 403, "permission_denied")


@pytest.mark.parametrize("rows", [1, 30])
def test_role_list_query_count_does_not_grow_with_rows(api, sys_admin, rows, django_assert_num_queries):
    for i in range(rows):
        make_role(f"qc_role_{i:02d}", ["orgs.view_org", "dicts.view_dict"])
    client = api(sys_admin)
    client.get("/api/roles")

    with django_assert_num_queries(ROLES_LIST_QUERIES):
        res = client.get("/api/roles", {"q": "qc_role_"})

    assert len(res.json()) == rows
    assert all(r["permissions"] == ["dicts.view_dict", "orgs.view_org"] for r in res.json())


# --- permission list ----------------------------------------------------------------------------------


def test_permission_list_names_every_declared_code_with_its_module(api, sys_admin):
    res = api(sys_admin).get("/api/permissions")

    assert res.status_code == 200
    listed = {p["code"]: p for p in res.json()}
    assert set(listed) == {code for code, _, _ in declared_permissions()}
    assert listed["accounts.manage_user"] == {
        "code": "accounts.manage_user",
        "name": "维护用户与授权",
        "module": "accounts",
        "module_name": "账号与登录",
    }


@pytest.mark.parametrize("persona", ["county_a_officer", "enterprise_a_user", "outsider"])
def test_permission_list_needs_view_role(api, request, persona):
    assert_error(api(request.getfixturevalue(persona)).get("/api/permissions"), 403, "permission_denied")


# --- sync ---------------------------------------------------------------------------------------------


def _state():
    return (
        sorted(Permission.objects.values_list("code", "name", "module")),
        sorted((r.code, r.builtin, tuple(sorted(p.code for p in r.permissions.all()))) for r in Role.objects.all()),
    )


def test_sync_is_idempotent(reference):
    before = _state()
    sync_permissions_and_roles()
    sync_permissions_and_roles()
    assert _state() == before
    assert Role.objects.filter(builtin=True).count() == len(BUILTIN_ROLES)


def test_sync_gives_builtin_roles_their_codes(reference):
    for spec in BUILTIN_ROLES:
        role = Role.objects.get(code=spec.code)
        assert role.builtin and role.scope_kind == spec.scope_kind
        assert set(spec.permissions) <= set(role.permissions.values_list("code", flat=True)), spec.code


def test_sync_keeps_admin_edits_and_custom_roles_and_drops_undeclared_codes(reference, outsider):
    city = Role.objects.get(code="city_admin")
    city.permissions.add(Permission.objects.get(code="accounts.view_user"))
    city.name = "市工信局管理员"
    city.save()
    custom = make_role("custom_role", ["orgs.view_org"])
    assign(outsider, custom, region="410702")
    Permission.objects.create(code="legacy.old_code", name="旧权限", module="legacy")
    Permission.objects.filter(code="orgs.view_org").update(name="过时的名称")

    sync_permissions_and_roles()

    city.refresh_from_db()
    assert city.name == "市工信局管理员"
    assert city.permissions.filter(code="accounts.view_user").exists()
    assert list(custom.permissions.values_list("code", flat=True)) == ["orgs.view_org"]
    assert RoleAssignment.objects.filter(role=custom).count() == 1
    assert not Permission.objects.filter(code="legacy.old_code").exists()
    assert Permission.objects.get(code="orgs.view_org").name == "查看组织机构"


def test_sync_restores_a_builtin_code_that_was_removed(reference):
    role = Role.objects.get(code="county_officer")
    role.permissions.remove(Permission.objects.get(code="reviews.review_county"))

    sync_permissions_and_roles()

    assert role.permissions.filter(code="reviews.review_county").exists()

"""The city administrator manages the accounts and role assignments of its city; never system-level roles,
never scopes outside the city, never the operator's accounts (issue 11, item 6)."""

from __future__ import annotations

import pytest

from smedt.accounts.models import User
from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error, assign, make_role
from smedt.rbac.models import RoleAssignment

pytestmark = pytest.mark.django_db

COUNTY_OFFICER_B = {
    "username": "changyuan_officer",
    "display_name": "长垣审核员",
    "password": "Strong@2026pass",
    "assignments": [{"role_code": "county_officer", "region_code": "410783"}],
}


def _roles(user):
    return sorted(
        (a.role.code, a.region.code if a.region else None, a.org_id)
        for a in RoleAssignment.objects.filter(user=user).select_related("role", "region")
    )


def test_city_admin_creates_a_county_officer_account_in_the_city(api, city_admin):
    res = api(city_admin).post("/api/users", COUNTY_OFFICER_B)

    assert res.status_code == 201, res.content
    user = User.objects.get(username="changyuan_officer")
    assert _roles(user) == [("county_officer", "410783", None)]
    assert AuditRecord.objects.filter(action="accounts.user_create", actor=city_admin).exists()
    # the new officer logs in and sees county B only
    assert api(user).get("/api/auth/me").json()["username"] == "changyuan_officer"


def test_city_admin_sees_the_user_page_and_the_roles_it_may_grant(api, city_admin, county_a_officer, sys_admin):
    me = api(city_admin).get("/api/auth/me").json()
    assert {"accounts.view_user", "accounts.manage_user", "rbac.view_role"} <= set(me["permissions"])
    assert "rbac.manage_role" not in me["permissions"]
    names = {u["username"] for u in api(city_admin).get("/api/users", {"page_size": 100}).json()["items"]}
    assert "county_a_officer" in names and "sys_admin" not in names
    roles = {r["code"]: r["grantable"] for r in api(city_admin).get("/api/roles").json()}
    assert roles["county_officer"] and roles["enterprise_user"] and roles["provider_user"]
    assert not roles["sys_admin"] and not roles["expert"]


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ({"role_code": "sys_admin"}, "只有系统管理员"),  # the operator's role
        ({"role_code": "expert"}, "只有系统管理员"),  # any global role
        ({"role_code": "county_officer", "region_code": "410000"}, "管辖范围"),  # the province above the city
        ({"role_code": "city_admin", "region_code": "410000"}, "管辖范围"),
        ({"role_code": "system_ops", "region_code": "410783"}, "系统管理权限"),  # a role carrying operator codes
    ],
)
def test_city_admin_cannot_grant_system_roles_or_scopes_outside_the_city(api, city_admin, assignment, message):
    make_role("system_ops", ["rbac.manage_role", "dicts.manage_dict", "orgs.view_org"])
    body = {**COUNTY_OFFICER_B, "assignments": [assignment]}

    err = assert_error(api(city_admin).post("/api/users", body), 403, "permission_denied")

    assert message in err["message"]
    assert not User.objects.filter(username="changyuan_officer").exists()  # nothing half-written


def test_city_admin_cannot_escalate_an_existing_account(api, city_admin, county_a_officer):
    before = _roles(county_a_officer)
    for assignment in ({"role_code": "sys_admin"}, {"role_code": "county_officer", "region_code": "410000"}):
        res = api(city_admin).put(f"/api/users/{county_a_officer.pk}/roles", {"assignments": [assignment]})
        assert_error(res, 403, "permission_denied")
    assert _roles(county_a_officer) == before
    # nor itself
    res = api(city_admin).put(f"/api/users/{city_admin.pk}/roles", {"assignments": [{"role_code": "sys_admin"}]})
    assert_error(res, 403, "permission_denied")
    assert not RoleAssignment.objects.filter(user=city_admin, role__code="sys_admin").exists()


def test_city_admin_disables_and_resets_a_county_account(api, city_admin, county_b_officer):
    client = api(city_admin)
    assert client.post(f"/api/users/{county_b_officer.pk}/disable").json()["is_active"] is False
    assert client.post(f"/api/users/{county_b_officer.pk}/enable").json()["is_active"] is True
    res = client.post(f"/api/users/{county_b_officer.pk}/reset-password", {"new_password": "Reset@2026pass"})
    assert res.status_code == 200, res.content
    county_b_officer.refresh_from_db()
    assert county_b_officer.check_password("Reset@2026pass") and county_b_officer.must_change_password


def test_city_admin_cannot_touch_the_operator_or_users_outside_the_city(api, city_admin, sys_admin, make_user):
    provincial = make_user("provincial_officer")
    assign(provincial, "county_officer", region="410000")
    client = api(city_admin)
    for target in (sys_admin, provincial):
        assert_error(client.post(f"/api/users/{target.pk}/disable"), 404, "not_found")
        res = client.post(f"/api/users/{target.pk}/reset-password", {"new_password": "Hacked@2026pass"})
        assert_error(res, 404, "not_found")
        target.refresh_from_db()
        assert target.is_active and not target.check_password("Hacked@2026pass")


def test_city_admin_cannot_define_roles(api, city_admin):
    body = {"code": "my_role", "name": "自建角色", "scope_kind": "region", "permissions": ["rbac.manage_role"]}
    assert_error(api(city_admin).post("/api/roles", body), 403, "permission_denied")


def test_county_officer_manages_no_accounts(api, county_a_officer):
    assert_error(api(county_a_officer).post("/api/users", COUNTY_OFFICER_B), 403, "permission_denied")

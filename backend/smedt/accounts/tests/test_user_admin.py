"""User administration: who may create/disable/reset/assign, region-scoped user managers, personal data."""

from __future__ import annotations

import pytest
from django.db import connection

from smedt.accounts.models import User
from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import CJK, assert_error, assign, field_message, make_role
from smedt.exports.testing import export_start, export_xlsx
from smedt.gmcrypto.fields import blind_index
from smedt.rbac.models import RoleAssignment

pytestmark = pytest.mark.django_db

NEW_USER = {"username": "new_user", "display_name": "新用户", "password": "Strong@2026pass"}
# the city admin manages accounts within the city: see test_city_admin_accounts.py
NON_MANAGERS = ["county_a_officer", "county_b_officer", "enterprise_a_user", "provider_user", "outsider"]


@pytest.fixture
def county_a_user_admin(make_user):
    """A user manager whose `accounts.manage_user` is scoped to county A (红旗区) only."""
    role = make_role("county_user_admin", ["accounts.view_user", "accounts.manage_user"])
    user = make_user("county_a_user_admin")
    assign(user, role, region="410702")
    return user


def _roles(user):
    return sorted(
        (a.role.code, a.region.code if a.region else None, a.org_id)
        for a in RoleAssignment.objects.filter(user=user).select_related("role", "region")
    )


# --- permission matrix ------------------------------------------------------------------------------


def test_sys_admin_creates_a_user(api, sys_admin):
    res = api(sys_admin).post("/api/users", {**NEW_USER, "email": "a@example.cn"})

    assert res.status_code == 201, res.content
    body = res.json()
    assert (body["username"], body["display_name"], body["email"], body["roles"]) == (
        "new_user",
        "新用户",
        "a@example.cn",
        [],
    )
    rec = AuditRecord.objects.get(action="accounts.user_create")
    assert (rec.actor_id, rec.target_id) == (sys_admin.pk, str(body["id"]))


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_only_user_managers_create_users(api, request, persona):
    actor = request.getfixturevalue(persona)
    assert_error(api(actor).post("/api/users", NEW_USER), 403, "permission_denied")
    assert not User.objects.filter(username="new_user").exists()


@pytest.mark.parametrize("persona", NON_MANAGERS)
def test_non_managers_cannot_touch_another_user(api, request, persona, enterprise_b_user):
    actor = request.getfixturevalue(persona)
    client = api(actor)
    target = enterprise_b_user.pk
    before = _roles(enterprise_b_user)

    # the target is not even visible to them: 404, exactly as for a missing user
    assert_error(client.post(f"/api/users/{target}/disable"), 404, "not_found")
    assert_error(
        client.post(f"/api/users/{target}/reset-password", {"new_password": "Hacked@2026pass"}), 404, "not_found"
    )
    assert_error(client.patch(f"/api/users/{target}", {"display_name": "改名"}), 404, "not_found")
    assert_error(
        client.put(f"/api/users/{target}/roles", {"assignments": [{"role_code": "sys_admin"}]}), 404, "not_found"
    )

    enterprise_b_user.refresh_from_db()
    assert enterprise_b_user.is_active
    assert enterprise_b_user.display_name == ""
    assert _roles(enterprise_b_user) == before


def test_sys_admin_assigns_roles_with_their_scope(api, sys_admin, outsider, enterprise_b):
    res = api(sys_admin).put(
        f"/api/users/{outsider.pk}/roles",
        {
            "assignments": [
                {"role_code": "county_officer", "region_code": "410783"},
                {"role_code": "enterprise_user", "org_id": enterprise_b.pk},
                {"role_code": "county_officer", "region_code": "410783"},  # duplicates collapse
            ]
        },
    )

    assert res.status_code == 200, res.content
    assert [(r["role_code"], r["region"], r["org"]) for r in res.json()["roles"]] == [
        ("county_officer", {"code": "410783", "name": "长垣市"}, None),
        ("enterprise_user", None, {"id": enterprise_b.pk, "name": "长垣测试企业"}),
    ]
    rec = AuditRecord.objects.get(action="rbac.user_roles_set")
    assert rec.before == {"roles": []}
    assert rec.after == {
        "roles": [
            {"role": "county_officer", "region": "410783", "org": None},
            {"role": "enterprise_user", "region": None, "org": enterprise_b.pk},
        ]
    }


@pytest.mark.parametrize(
    ("assignment", "code"),
    [
        ({"role_code": "no_such_role"}, "rbac.unknown_role"),
        ({"role_code": "county_officer"}, "rbac.scope_required"),
        ({"role_code": "county_officer", "region_code": "410728"}, "rbac.unknown_region"),  # historical, inactive
        ({"role_code": "enterprise_user"}, "rbac.scope_required"),
        ({"role_code": "enterprise_user", "org_id": 987654}, "rbac.unknown_org"),
    ],
)
def test_role_assignment_is_validated(api, sys_admin, county_a_officer, assignment, code):
    res = api(sys_admin).put(f"/api/users/{county_a_officer.pk}/roles", {"assignments": [assignment]})

    assert_error(res, 422, code)
    assert _roles(county_a_officer) == [("county_officer", "410702", None)]


# --- a user manager scoped to one county -----------------------------------------------------------------


def test_county_scoped_manager_grants_within_the_county(api, county_a_user_admin, enterprise_a_user, enterprise_a):
    res = api(county_a_user_admin).put(
        f"/api/users/{enterprise_a_user.pk}/roles",
        {
            "assignments": [
                {"role_code": "enterprise_user", "org_id": enterprise_a.pk},
                {"role_code": "county_officer", "region_code": "410702"},
            ]
        },
    )

    assert res.status_code == 200, res.content
    assert _roles(enterprise_a_user) == [("county_officer", "410702", None), ("enterprise_user", None, enterprise_a.pk)]


@pytest.mark.parametrize(
    "extra",
    [
        {"role_code": "county_officer", "region_code": "410783"},  # county B
        {"role_code": "city_admin", "region_code": "410700"},  # the city above the county
        {"role_code": "expert"},  # a global role
        "enterprise_b",  # an organization in county B
    ],
)
def test_county_scoped_manager_cannot_grant_outside_the_county(
    api, request, county_a_user_admin, enterprise_a_user, enterprise_a, extra
):
    if extra == "enterprise_b":
        extra = {"role_code": "enterprise_user", "org_id": request.getfixturevalue("enterprise_b").pk}
    before = _roles(enterprise_a_user)

    res = api(county_a_user_admin).put(
        f"/api/users/{enterprise_a_user.pk}/roles",
        {"assignments": [{"role_code": "enterprise_user", "org_id": enterprise_a.pk}, extra]},
    )

    assert_error(res, 403, "permission_denied")
    assert _roles(enterprise_a_user) == before
    assert not AuditRecord.objects.filter(action="rbac.user_roles_set").exists()


def test_county_scoped_manager_sees_and_manages_only_users_of_the_county(
    api, county_a_user_admin, county_a_officer, county_b_officer, enterprise_a_user, enterprise_b_user, sys_admin
):
    client = api(county_a_user_admin)

    listed = {u["username"] for u in client.get("/api/users", {"page_size": 100}).json()["items"]}
    assert listed == {"county_a_user_admin", "county_a_officer", "enterprise_a_user"}

    assert client.get(f"/api/users/{enterprise_a_user.pk}").status_code == 200
    for hidden in (county_b_officer, enterprise_b_user, sys_admin):
        assert_error(client.get(f"/api/users/{hidden.pk}"), 404, "not_found")
        assert_error(client.post(f"/api/users/{hidden.pk}/disable"), 404, "not_found")

    assert client.post(f"/api/users/{enterprise_a_user.pk}/disable").status_code == 200


def test_county_scoped_manager_cannot_take_over_a_user_with_wider_roles(api, county_a_user_admin, make_user):
    # given a platform administrator who also happens to hold a county A role
    boss = make_user("boss", "sys_admin")
    assign(boss, "county_officer", region="410702")

    # when the county A user manager tries to reset the boss's password
    res = api(county_a_user_admin).post(f"/api/users/{boss.pk}/reset-password", {"new_password": "Owned@2026pass"})

    # then it is refused (the boss's roles reach beyond county A)
    assert res.status_code in (403, 404)
    boss.refresh_from_db()
    assert not boss.check_password("Owned@2026pass")


def test_county_scoped_manager_cannot_revoke_roles_outside_the_county(api, county_a_user_admin, make_user):
    # given a user reviewing in both county A and county B
    both = make_user("both_counties", "county_officer", "410702")
    assign(both, "county_officer", region="410783")

    # when the county A manager sets the user's roles to county A only
    res = api(county_a_user_admin).put(
        f"/api/users/{both.pk}/roles", {"assignments": [{"role_code": "county_officer", "region_code": "410702"}]}
    )

    # then the county B role (beyond the manager's reach) is refused or kept, never dropped
    assert res.status_code == 403 or ("county_officer", "410783", None) in _roles(both)
    assert ("county_officer", "410783", None) in _roles(both)


def test_county_scoped_manager_creates_a_user_with_a_role_in_the_county(api, county_a_user_admin):
    client = api(county_a_user_admin)
    # without a role in their scope the new account would be out of everyone's reach: refused
    res = client.post("/api/users", NEW_USER)
    assert_error(res, 422, "accounts.assignment_required")
    assert not User.objects.filter(username=NEW_USER["username"]).exists()

    res = client.post(
        "/api/users", {**NEW_USER, "assignments": [{"role_code": "county_officer", "region_code": "410702"}]}
    )
    assert res.status_code == 201, res.content
    assert [r["region"]["code"] for r in res.json()["roles"]] == ["410702"]
    # and the manager can go on managing the account
    assert client.post(f"/api/users/{res.json()['id']}/disable").status_code == 200


def test_county_scoped_manager_cannot_create_a_user_with_a_role_elsewhere(api, county_a_user_admin):
    res = api(county_a_user_admin).post(
        "/api/users", {**NEW_USER, "assignments": [{"role_code": "county_officer", "region_code": "410783"}]}
    )
    assert res.status_code == 403
    assert not User.objects.filter(username=NEW_USER["username"]).exists()


def test_removing_the_last_in_scope_role_answers_with_the_result(api, county_a_user_admin, county_a_officer):
    res = api(county_a_user_admin).put(f"/api/users/{county_a_officer.pk}/roles", {"assignments": []})

    assert _roles(county_a_officer) == []  # the change was made …
    assert res.status_code == 200, res.content  # … so it must not be reported as "not found"


# --- personal data ---------------------------------------------------------------------------------


def test_mobile_is_masked_in_responses_and_encrypted_at_rest(api, sys_admin):
    admin = api(sys_admin)
    res = admin.post("/api/users", {**NEW_USER, "mobile": "13912345678"})
    assert res.status_code == 201, res.content
    uid = res.json()["id"]

    # masked in every response
    assert res.json()["mobile_masked"] == "139****5678"
    assert admin.get(f"/api/users/{uid}").json()["mobile_masked"] == "139****5678"
    listed = admin.get("/api/users", {"q": "new_user"}).json()["items"]
    assert [u["mobile_masked"] for u in listed] == ["139****5678"]
    assert "13912345678" not in res.content.decode()

    # encrypted in the column, found through the keyed index
    with connection.cursor() as cur:
        cur.execute("SELECT mobile, mobile_index FROM accounts_user WHERE id = %s", [uid])
        raw, index = cur.fetchone()
    assert raw and raw != "13912345678" and "13912345678" not in raw
    assert index == blind_index("13912345678") != "13912345678"
    assert User.objects.get(mobile_index=blind_index("13912345678")).pk == uid
    assert User.objects.get(pk=uid).mobile == "13912345678"

    # the audit trail keeps only the masked form
    rec = AuditRecord.objects.get(action="accounts.user_create")
    assert rec.after["mobile"] == "139****5678"


def test_changing_the_mobile_moves_the_index(api, sys_admin, county_a_officer):
    res = api(sys_admin).patch(f"/api/users/{county_a_officer.pk}", {"mobile": "13700001111"})

    assert res.status_code == 200, res.content
    assert res.json()["mobile_masked"] == "137****1111"
    county_a_officer.refresh_from_db()
    assert county_a_officer.mobile_index == blind_index("13700001111")


@pytest.mark.parametrize("mobile", ["12345", "23912345678", "1391234567x"])
def test_an_invalid_mobile_is_refused(api, sys_admin, mobile):
    res = api(sys_admin).post("/api/users", {**NEW_USER, "mobile": mobile})

    body = assert_error(res, 422, "accounts.invalid_mobile")
    assert CJK.search(body["message"])
    field_message(res, "mobile")
    assert not User.objects.filter(username="new_user").exists()


@pytest.mark.parametrize(
    ("payload", "status", "code", "field"),
    [
        ({**NEW_USER, "username": "a b"}, 422, "accounts.invalid_username", "username"),
        ({**NEW_USER, "username": "ab"}, 422, "accounts.invalid_username", "username"),
        ({**NEW_USER, "username": "SYS_ADMIN"}, 409, "accounts.username_taken", "username"),
        ({"username": "x_user", "password": "Strong@2026pass"}, 422, "validation_error", "display_name"),
    ],
)
def test_user_create_validation(api, sys_admin, payload, status, code, field):
    res = api(sys_admin).post("/api/users", payload)
    assert_error(res, status, code)
    field_message(res, field)


def test_an_invalid_email_is_refused(api, sys_admin):
    res = api(sys_admin).post("/api/users", {**NEW_USER, "email": "not an email"})
    assert res.status_code == 422
    field_message(res, "email")


# --- export ----------------------------------------------------------------------------------------------


def test_user_export_holds_every_matching_row_with_masked_mobiles(api, sys_admin, make_user):
    for i in range(25):
        make_user(f"exp_user_{i:02d}", mobile="13800001234")

    rows = export_xlsx(api(sys_admin), "users", {"q": "exp_user_"})

    assert rows[0] == ("用户名", "姓名", "邮箱", "手机号", "状态", "角色", "最近登录", "创建时间")
    assert len(rows) == 1 + 25
    assert {r[3] for r in rows[1:]} == {"138****1234"}


def test_user_export_needs_the_export_permission(api, county_a_user_admin):
    # view/manage do not imply export: export has its own permission
    assert_error(export_start(api(county_a_user_admin), "users"), 403, "permission_denied")

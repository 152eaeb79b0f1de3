"""List endpoints of accounts: scope and pinned query counts (house rule 9)."""

from __future__ import annotations

import pytest

from smedt.accounts.models import LoginLog
from smedt.core.tests.helpers import assert_error, assign, make_role
from smedt.exports.testing import export_start

pytestmark = pytest.mark.django_db

# session + user, grants (assignments + role permissions), count, page, prefetch of role assignments
USERS_LIST_QUERIES = 7
# session + user, grants (assignments + role permissions), count, page
LOGIN_LOGS_QUERIES = 6


def _warm(client, path):
    """First request after force_login stamps the session's last-seen mark (one write); keep it out of the count."""
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_user_list_query_count_does_not_grow_with_rows(
    api, sys_admin, make_user, enterprise_a, rows, django_assert_num_queries
):
    for i in range(rows):
        user = make_user(f"qc_user_{i:02d}", "county_officer", "410702" if i % 2 else "410783")
        assign(user, "enterprise_user", org=enterprise_a)
    client = api(sys_admin)
    _warm(client, "/api/users")

    with django_assert_num_queries(USERS_LIST_QUERIES):
        res = client.get("/api/users", {"q": "qc_user_", "page_size": 50})

    body = res.json()
    assert body["total"] == rows == len(body["items"])
    assert all(len(u["roles"]) == 2 for u in body["items"])


@pytest.mark.parametrize("rows", [1, 30])
def test_login_log_list_query_count_does_not_grow_with_rows(api, sys_admin, make_user, rows, django_assert_num_queries):
    user = make_user("someone")
    LoginLog.objects.bulk_create(
        [LoginLog(user=user, username="someone", success=bool(i % 2), ip="10.0.0.1") for i in range(rows)]
    )
    client = api(sys_admin)
    _warm(client, "/api/auth/login-logs")

    with django_assert_num_queries(LOGIN_LOGS_QUERIES):
        res = client.get("/api/auth/login-logs", {"page_size": 50, "q": "someone"})

    assert res.json()["total"] == rows == len(res.json()["items"])


def test_user_list_scope_county_b_sees_none_of_county_a(
    api, make_user, county_a_officer, enterprise_a_user, county_b_officer, enterprise_b_user
):
    # given a user manager scoped to county B (the built-in county officer cannot see users at all)
    role = make_role("county_user_viewer", ["accounts.view_user"])
    viewer_b = make_user("viewer_b")
    assign(viewer_b, role, region="410783")

    items = api(viewer_b).get("/api/users", {"page_size": 200}).json()["items"]

    assert {u["username"] for u in items} == {"viewer_b", "county_b_officer", "enterprise_b_user"}
    assert_error(api(viewer_b).get(f"/api/users/{county_a_officer.pk}"), 404, "not_found")
    assert_error(api(viewer_b).get(f"/api/users/{enterprise_a_user.pk}"), 404, "not_found")


@pytest.mark.parametrize("persona", ["county_b_officer", "enterprise_b_user", "outsider"])
def test_user_list_is_empty_without_view_user(api, request, persona, county_a_officer, enterprise_a_user):
    actor = request.getfixturevalue(persona)
    body = api(actor).get("/api/users").json()
    assert (body["total"], body["items"]) == (0, [])
    assert_error(api(actor).get(f"/api/users/{county_a_officer.pk}"), 404, "not_found")
    assert_error(api(actor).get(f"/api/users/{actor.pk}"), 404, "not_found")


def test_user_list_filters(api, sys_admin, county_a_officer, county_b_officer, enterprise_a_user):
    client = api(sys_admin)

    def names(**params):
        return {u["username"] for u in client.get("/api/users", {"page_size": 200, **params}).json()["items"]}

    assert names(role_code="county_officer") == {"county_a_officer", "county_b_officer"}
    assert names(region_code="410702") == {"county_a_officer", "enterprise_a_user"}
    assert names(q="county_b") == {"county_b_officer"}
    client.post(f"/api/users/{county_b_officer.pk}/disable")
    assert names(is_active=False) == {"county_b_officer"}


def test_login_logs_are_for_global_holders_only(api, sys_admin, city_admin, make_user):
    LoginLog.objects.create(username="x", success=False, ip="10.0.0.1")
    regional = make_user("regional_log_viewer")
    assign(regional, make_role("regional_logs", ["accounts.view_login_log"]), region="410702")

    assert api(sys_admin).get("/api/auth/login-logs").json()["total"] == 1
    for actor in (city_admin, regional):
        assert_error(api(actor).get("/api/auth/login-logs"), 403, "permission_denied")
        assert_error(export_start(api(actor), "login_logs"), 403, "permission_denied")


def test_login_log_filters(api, sys_admin):
    LoginLog.objects.create(username="alice", success=True, ip="10.1.0.1")
    LoginLog.objects.create(username="alice", success=False, ip="10.2.0.1")
    LoginLog.objects.create(username="bob", success=False, ip="10.1.0.9")
    client = api(sys_admin)

    def ids(**params):
        return [(r["username"], r["ip"]) for r in client.get("/api/auth/login-logs", params).json()["items"]]

    assert ids(q="ali") == [("alice", "10.2.0.1"), ("alice", "10.1.0.1")]
    assert ids(success=False, ip="10.1.") == [("bob", "10.1.0.9")]

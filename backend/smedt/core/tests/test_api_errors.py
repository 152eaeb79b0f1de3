"""The API's one error shape, pagination limits, health probes and the request id."""

from __future__ import annotations

import re

import pytest

from smedt.core.tests.helpers import CJK, assert_error

pytestmark = pytest.mark.django_db


# --- the error envelope, status by status ----------------------------------------------------------------


def test_401_envelope(api, reference):
    body = assert_error(api().get("/api/users"), 401, "not_authenticated")
    assert body == {"code": "not_authenticated", "message": "请先登录", "details": {}}


def test_403_envelope(api, county_a_officer):
    body = assert_error(
        api(county_a_officer).post("/api/dicts", {"code": "x_dict", "name": "x"}), 403, "permission_denied"
    )
    assert body["message"] == "没有执行该操作的权限"


def test_404_envelope(api, sys_admin):
    body = assert_error(api(sys_admin).get("/api/users/987654"), 404, "not_found")
    assert body["message"] == "用户不存在或无权访问"


def test_422_envelope_names_each_field_in_chinese(api, sys_admin):
    res = api(sys_admin).post("/api/users", {"display_name": "x" * 65, "password": "Strong@2026pass"})

    body = assert_error(res, 422, "validation_error")
    assert body["details"]["fields"] == {"username": "必填", "display_name": "长度超出限制"}
    assert body["message"].startswith("提交的数据有误：")


def test_422_for_a_wrongly_typed_query_parameter(api, sys_admin):
    body = assert_error(api(sys_admin).get("/api/users", {"is_active": "perhaps"}), 422, "validation_error")
    assert body["details"]["fields"] == {"is_active": "应为是/否"}


def test_409_envelope(api, sys_admin):
    body = assert_error(
        api(sys_admin).post("/api/roles", {"code": "sys_admin", "name": "x", "scope_kind": "global"}),
        409,
        "rbac.role_exists",
    )
    assert body["details"] == {"fields": {"code": "已存在"}}


def test_409_invalid_transition_names_the_current_state(api, city_admin, enterprise_a):
    body = assert_error(api(city_admin).post(f"/api/orgs/{enterprise_a.pk}/enable"), 409, "invalid_transition")
    assert body["details"]["current"] == "已认证"


def test_an_unexpected_error_is_a_500_envelope_without_internals(api, sys_admin, monkeypatch):
    from smedt.rbac.api import router

    def broken(role):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(router, "role_out", broken)
    res = api(sys_admin).get("/api/roles")

    body = assert_error(res, 500, "server_error")
    assert "secret" not in res.content.decode()
    assert body["details"] == {}


def test_unknown_api_path_is_a_404_envelope(api, sys_admin):
    assert_error(api(sys_admin).get("/api/no-such-endpoint"), 404, "not_found")


def test_wrong_method_is_a_405_envelope(api, sys_admin):
    assert_error(api(sys_admin).put("/api/auth/me"), 405, "method_not_allowed")


def test_a_body_that_is_not_json_gets_a_chinese_message(api, sys_admin):
    res = api(sys_admin).client.post("/api/users", "{not json", content_type="application/json")
    assert res.status_code in (400, 422)
    assert CJK.search(res.json()["message"]), res.json()


def test_a_body_that_is_not_json_is_refused_without_writing(api, sys_admin):
    from smedt.accounts.models import User

    before = User.objects.count()
    res = api(sys_admin).client.post("/api/users", "{not json", content_type="application/json")
    assert res.status_code == 400
    assert set(res.json()) == {"code", "message", "details"}
    assert User.objects.count() == before


# --- pagination --------------------------------------------------------------------------------------------


@pytest.fixture
def roles_and_users(sys_admin, make_user):
    for i in range(5):
        make_user(f"page_user_{i}")


def test_invalid_ordering_is_422(api, sys_admin, roles_and_users):
    res = api(sys_admin).get("/api/users", {"ordering": "password"})

    body = assert_error(res, 422, "invalid_ordering")
    assert body["details"]["allowed"] == ["id", "username", "display_name", "date_joined", "last_login"]
    assert_error(api(sys_admin).get("/api/users", {"ordering": "username,-password"}), 422, "invalid_ordering")


def test_ordering_by_a_whitelisted_field(api, sys_admin, roles_and_users):
    names = [
        u["username"]
        for u in api(sys_admin).get("/api/users", {"ordering": "-username", "q": "page_user_"}).json()["items"]
    ]
    assert names == [f"page_user_{i}" for i in range(4, -1, -1)]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page_size": 201}, "page_size", "数值过大"),
        ({"page_size": 0}, "page_size", "数值过小"),
        ({"page": 0}, "page", "数值过小"),
        ({"page": "two"}, "page", "应为整数"),
    ],
)
def test_page_parameters_are_bounded(api, sys_admin, params, field, message):
    body = assert_error(api(sys_admin).get("/api/users", params), 422, "validation_error")
    assert body["details"]["fields"] == {field: message}


def test_page_size_200_is_allowed_and_pages_do_not_overlap(api, sys_admin, roles_and_users):
    client = api(sys_admin)
    assert client.get("/api/users", {"page_size": 200}).status_code == 200

    pages = [
        client.get("/api/users", {"q": "page_user_", "page_size": 2, "page": p, "ordering": "date_joined"}).json()
        for p in (1, 2, 3, 4)
    ]

    ids = [u["id"] for page in pages for u in page["items"]]
    assert len(ids) == len(set(ids)) == 5
    assert [len(p["items"]) for p in pages] == [2, 2, 1, 0]
    assert {p["total"] for p in pages} == {5}


# --- health, site, request id ---------------------------------------------------------------------------


def test_health_live(api, db):
    res = api().get("/api/health/live")
    assert (res.status_code, res.json()) == (200, {"status": "ok"})


def test_health_ready(api, db):
    res = api().get("/api/health/ready")
    assert res.status_code == 200
    body = res.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["tasks"].startswith("ok")


def test_health_ready_reports_a_broken_dependency(api, db, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    def broken(*args, **kwargs):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(DBTaskResult.objects, "filter", broken)
    res = api().get("/api/health/ready")
    assert res.status_code == 503
    assert res.json() == {"status": "unavailable", "checks": {"database": "ok", "tasks": "error: ConnectionError"}}


def test_public_site(api, db, settings):
    settings.SMEDT_CITY_NAME = "某某市"
    assert api().get("/api/public/site").json() == {
        "platform_name": settings.SMEDT_PLATFORM_NAME,
        "city_name": "某某市",
    }


def test_request_id_is_echoed_when_sane_and_generated_otherwise(api, db):
    client = api()
    assert client.get("/api/health/live", HTTP_X_REQUEST_ID="abc-123.XYZ_7")["X-Request-ID"] == "abc-123.XYZ_7"
    for bad in ("short", "has space in it", "x" * 65, "漢字漢字漢字漢字漢字"):
        rid = client.get("/api/health/live", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", rid), rid
    first = client.get("/api/health/live")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != client.get("/api/health/live")["X-Request-ID"]


def test_request_id_is_on_error_responses_too(api, reference):
    assert api().get("/api/users", HTTP_X_REQUEST_ID="req-error-0001")["X-Request-ID"] == "req-error-0001"

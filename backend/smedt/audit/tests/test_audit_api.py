"""The operation log API: scope by region, filters, Excel export of all matching rows, pinned query count."""

from __future__ import annotations

import pytest
from django.db import transaction

from smedt.audit.models import AuditRecord
from smedt.audit.services import audit_record
from smedt.core.tests.helpers import assert_error, assign, make_role
from smedt.exports.testing import export_start, export_xlsx
from smedt.regions.models import Region

pytestmark = pytest.mark.django_db

# session + user, grants (assignments + role permissions), count, page
AUDIT_LIST_QUERIES = 6
EXPORT_HEADER = ("时间", "操作人", "操作", "操作码", "对象类型", "对象", "区域", "IP", "请求号", "变更前", "变更后")


def _record(actor, action, region_code=None, **kw):
    with transaction.atomic():
        return audit_record(
            actor=actor, action=action, region=Region.objects.get(code=region_code) if region_code else None, **kw
        )


@pytest.fixture
def records(sys_admin):
    """One record in county A, one in county B, one at province level, one without a region."""
    return {
        "county_a": _record(sys_admin, "orgs.org_update", "410702"),
        "county_b": _record(sys_admin, "orgs.org_update", "410783"),
        "province": _record(sys_admin, "regions.region_update", "410000"),
        "no_region": _record(sys_admin, "dicts.type_create"),
    }


def _seen(api, user, **params):
    res = api(user).get("/api/audit/records", {"page_size": 200, **params})
    assert res.status_code == 200, res.content
    return {r["id"] for r in res.json()["items"]}


def test_sys_admin_sees_every_record(api, sys_admin, records):
    assert _seen(api, sys_admin) == {r.pk for r in records.values()}


def test_city_admin_sees_only_records_in_the_city_subtree(api, city_admin, records):
    assert _seen(api, city_admin) == {records["county_a"].pk, records["county_b"].pk}


@pytest.mark.parametrize(
    "persona", ["county_b_officer", "county_a_officer", "enterprise_a_user", "enterprise_b_user", "outsider"]
)
def test_without_view_record_the_log_is_empty(api, request, persona, records):
    body = api(request.getfixturevalue(persona)).get("/api/audit/records").json()
    assert (body["total"], body["items"]) == (0, [])


def test_a_county_b_auditor_sees_none_of_county_a(api, make_user, records):
    auditor = make_user("auditor_b")
    assign(auditor, make_role("county_auditor", ["audit.view_record"]), region="410783")

    assert _seen(api, auditor) == {records["county_b"].pk}


def test_record_output_shape(api, sys_admin, county_a_officer):
    api(sys_admin).patch(
        f"/api/users/{county_a_officer.pk}", {"display_name": "李四"}, HTTP_X_REQUEST_ID="req-shape-001"
    )

    [item] = api(sys_admin).get("/api/audit/records", {"action": "accounts.user_update"}).json()["items"]

    assert {
        k: item[k] for k in ("actor_name", "action", "action_label", "target_type", "target_repr", "ip", "request_id")
    } == {
        "actor_name": "sys_admin",
        "action": "accounts.user_update",
        "action_label": "修改",
        "target_type": "accounts.user",
        "target_repr": "李四",
        "ip": "127.0.0.1",
        "request_id": "req-shape-001",
    }
    assert item["before"]["display_name"] == "" and item["after"]["display_name"] == "李四"


def test_filters(api, sys_admin, city_admin, records):
    _record(city_admin, "orgs.org_disable", "410702")

    assert _seen(api, sys_admin, action="orgs.") == {records["county_a"].pk, records["county_b"].pk} | {
        AuditRecord.objects.get(action="orgs.org_disable").pk
    }
    assert _seen(api, sys_admin, actor="city_admin") == {AuditRecord.objects.get(action="orgs.org_disable").pk}
    assert _seen(api, sys_admin, date_from="2099-01-01T00:00:00+08:00") == set()


def test_ordering_is_whitelisted(api, sys_admin, records):
    ids = [r["id"] for r in api(sys_admin).get("/api/audit/records", {"ordering": "id"}).json()["items"]]
    assert ids == sorted(ids)
    assert_error(api(sys_admin).get("/api/audit/records", {"ordering": "hash"}), 422, "invalid_ordering")


@pytest.mark.parametrize("rows", [1, 30])
def test_audit_list_query_count_does_not_grow_with_rows(api, sys_admin, rows, django_assert_num_queries):
    for i in range(rows):
        _record(sys_admin, "test.qc", "410702", after={"i": i})
    client = api(sys_admin)
    client.get("/api/audit/records")

    with django_assert_num_queries(AUDIT_LIST_QUERIES):
        res = client.get("/api/audit/records", {"page_size": 50, "action": "test.qc"})

    assert res.json()["total"] == rows == len(res.json()["items"])


# --- export ------------------------------------------------------------------------------------------


def test_export_is_a_real_workbook_with_every_matching_row(api, sys_admin):
    for i in range(45):  # more than two default pages
        _record(sys_admin, "test.export", "410702", after={"i": i})
    _record(sys_admin, "test.other")

    rows = export_xlsx(api(sys_admin), "audit_records", {"action": "test.export"})

    assert rows[0] == EXPORT_HEADER
    assert len(rows) == 1 + 45
    first = dict(zip(EXPORT_HEADER, rows[1], strict=True))
    assert (first["操作人"], first["操作码"], first["区域"], first["变更后"]) == (
        "sys_admin",
        "test.export",
        "红旗区",
        '{"i": 44}',
    )


def test_export_needs_its_own_permission(api, city_admin, records):
    # city_admin may read the log but not export it
    res = export_start(api(city_admin), "audit_records")
    assert res.status_code == 403 and res.json()["code"] == "permission_denied"


def test_export_respects_scope(api, make_user, records):
    exporter = make_user("exporter_b")
    assign(exporter, make_role("county_exporter", ["audit.export_record"]), region="410783")

    rows = export_xlsx(api(exporter), "audit_records")

    assert len(rows) == 2 and rows[1][6] == "长垣市"


def test_anonymous_gets_401(api, records):
    assert_error(api().get("/api/audit/records"), 401, "not_authenticated")
    assert_error(export_start(api(), "audit_records"), 401, "not_authenticated")
    assert_error(api().get("/api/audit/verify"), 401, "not_authenticated")

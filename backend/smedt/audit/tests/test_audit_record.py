"""The audit trail: one record per service write, inside its transaction, append-only, tamper-evident."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from smedt.audit.models import AuditChainHead, AuditRecord
from smedt.audit.services import audit_record, audit_verify_chain
from smedt.core.tests.helpers import assert_error
from smedt.dicts.models import DictType
from smedt.dicts.services import dict_type_create, dicts_load
from smedt.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_file_storage(settings, tmp_path):
    """Signed checkpoints go to the file storage: a fresh one per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


REQUEST_ID = "req-audit-0001"


def _new_records(since_id):
    return list(AuditRecord.objects.filter(id__gt=since_id).order_by("id"))


def _last_id():
    return AuditRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0


# --- one record per write, with who, what, before/after and the request id ----------------------------


def test_user_update_leaves_one_complete_record(api, sys_admin, county_a_officer):
    since = _last_id()

    res = api(sys_admin).patch(
        f"/api/users/{county_a_officer.pk}", {"display_name": "李四"}, HTTP_X_REQUEST_ID=REQUEST_ID
    )

    assert res.status_code == 200
    assert res["X-Request-ID"] == REQUEST_ID
    [rec] = _new_records(since)
    assert (rec.actor_id, rec.actor_name, rec.action) == (sys_admin.pk, "sys_admin", "accounts.user_update")
    assert (rec.target_type, rec.target_id, rec.target_repr) == ("accounts.user", str(county_a_officer.pk), "李四")
    assert rec.before["display_name"] == "" and rec.after["display_name"] == "李四"
    assert (rec.request_id, rec.ip) == (REQUEST_ID, "127.0.0.1")


@pytest.mark.parametrize(
    ("method", "path", "payload", "action"),
    [
        (
            "post",
            "/api/users",
            {"username": "u_new", "display_name": "新", "password": "Strong@2026pass"},
            "accounts.user_create",
        ),
        ("post", "/api/users/{officer}/disable", None, "accounts.user_disable"),
        ("post", "/api/users/{officer}/unlock", None, "accounts.user_unlock"),
        (
            "post",
            "/api/users/{officer}/reset-password",
            {"new_password": "Reset@2026pass"},
            "accounts.user_reset_password",
        ),
        ("put", "/api/users/{officer}/roles", {"assignments": []}, "rbac.user_roles_set"),
        (
            "post",
            "/api/roles",
            {"code": "r_new", "name": "新角色", "scope_kind": "global", "permissions": []},
            "rbac.role_create",
        ),
        ("post", "/api/dicts", {"code": "new_dict", "name": "新字典"}, "dicts.type_create"),
        ("post", "/api/dicts/provider_type/items", {"value": "v1", "label": "值一"}, "dicts.item_create"),
        ("patch", "/api/regions/410702", {"short_name": "红旗"}, "regions.region_update"),
        ("post", "/api/regions", {"code": "410799", "name": "新区", "parent_code": "410700"}, "regions.region_create"),
    ],
)
def test_every_service_write_leaves_exactly_one_record(api, sys_admin, county_a_officer, method, path, payload, action):
    dicts_load(path=Path(settings.SMEDT_DICTS_FILE))
    since = _last_id()

    res = getattr(api(sys_admin), method)(
        path.format(officer=county_a_officer.pk), payload, HTTP_X_REQUEST_ID=REQUEST_ID
    )

    assert res.status_code in (200, 201), res.content
    [rec] = _new_records(since)
    assert (rec.action, rec.actor_id, rec.request_id) == (action, sys_admin.pk, REQUEST_ID)
    assert rec.target_type and rec.target_id
    assert audit_verify_chain()[0]


def test_region_writes_carry_the_region_for_scoping(api, sys_admin):
    api(sys_admin).patch("/api/regions/410702", {"short_name": "红旗"})
    rec = AuditRecord.objects.get(action="regions.region_update")
    assert (rec.region_path, rec.region_name) == ("410000/410700/410702/", "红旗区")


def test_a_refused_write_leaves_no_record(api, sys_admin, county_a_officer):
    since = _last_id()
    api(county_a_officer).post("/api/dicts", {"code": "new_dict", "name": "新字典"})  # 403
    api(sys_admin).post("/api/dicts", {"code": "Bad Code", "name": "新字典"})  # 422
    assert _new_records(since) == []


def test_an_unsafe_request_id_is_replaced(api, sys_admin):
    res = api(sys_admin).post("/api/dicts", {"code": "new_dict", "name": "新字典"}, HTTP_X_REQUEST_ID="bad id; drop")
    rid = res["X-Request-ID"]
    assert rid != "bad id; drop" and len(rid) == 32
    assert AuditRecord.objects.get(action="dicts.type_create").request_id == rid


def test_system_writes_are_attributed_to_the_system(reference):
    with transaction.atomic():
        rec = audit_record(actor=None, action="test.system_job")
    assert (rec.actor_id, rec.actor_name, rec.request_id) == (None, "系统", "")


# --- transactions ------------------------------------------------------------------------------------


class Boom(Exception):
    pass


def test_a_write_whose_transaction_rolls_back_leaves_no_record(sys_admin):
    since = _last_id()
    head_before = AuditChainHead.objects.filter(pk=1).values_list("last_hash", "count").first()

    with pytest.raises(Boom), transaction.atomic():
        dict_type_create(actor=sys_admin, code="rolled_back", name="回滚")
        assert len(_new_records(since)) == 1  # written inside the transaction …
        raise Boom

    # … and gone with it, the chain head included
    assert _new_records(since) == []
    assert not DictType.objects.filter(code="rolled_back").exists()
    assert AuditChainHead.objects.filter(pk=1).values_list("last_hash", "count").first() == head_before
    assert audit_verify_chain()[0]


def test_a_service_failing_after_its_audit_record_leaves_no_record(sys_admin, monkeypatch):
    # given role_delete writes its record and then the delete itself fails
    from smedt.core.tests.helpers import make_role
    from smedt.rbac.models import Role
    from smedt.rbac.services import role_delete

    role = make_role("doomed_role", ["orgs.view_org"])
    since = _last_id()

    def explode(self, *args, **kwargs):
        raise Boom

    monkeypatch.setattr(Role, "delete", explode)
    with pytest.raises(Boom):
        role_delete(actor=sys_admin, role=role)

    # then the record went with the transaction
    assert Role.objects.filter(pk=role.pk).exists()
    assert _new_records(since) == []
    assert audit_verify_chain()[0]


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction(reference):
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_record(actor=None, action="test.outside")
    assert not AuditRecord.objects.exists()


# --- append-only ------------------------------------------------------------------------------------------


@pytest.fixture
def three_records(sys_admin):
    for code in ("first_dict", "second_dict", "third_dict"):
        dict_type_create(actor=sys_admin, code=code, name=code)
    return list(AuditRecord.objects.order_by("id"))


def test_a_record_cannot_be_saved_again_or_deleted_through_the_model(three_records):
    rec = three_records[0]
    rec.action = "forged"
    with pytest.raises(RuntimeError, match="append-only"):
        rec.save()
    with pytest.raises(RuntimeError, match="append-only"):
        rec.delete()
    assert AuditRecord.objects.get(pk=rec.pk).action == "dicts.type_create"


def test_a_record_cannot_be_rewritten_through_a_queryset(three_records):
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do
        AuditRecord.objects.filter(pk=three_records[0].pk).update(action="forged")
    assert AuditRecord.objects.get(pk=three_records[0].pk).action == "dicts.type_create"


def test_records_cannot_be_deleted_through_a_queryset(three_records):
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do
        AuditRecord.objects.filter(pk=three_records[0].pk).delete()
    assert AuditRecord.objects.count() == 3


# --- hash chain -------------------------------------------------------------------------------------------


def test_an_untouched_chain_verifies(api, sys_admin, three_records):
    assert audit_verify_chain() == (True, 3, None)
    body = api(sys_admin).get("/api/audit/verify").json()
    assert (body["ok"], body["checked"], body["first_bad_id"]) == (True, 3, None)
    assert "日志链完整" in body["message"]
    prev = ""
    for rec in three_records:
        assert rec.prev_hash == prev
        prev = rec.hash
    assert AuditChainHead.objects.get(pk=1).last_hash == prev


def _raw(sql, params):
    """A privileged operator bypassing the application: the append-only triggers are dropped first
    (inside the test transaction), so only the hash chain stands between them and the data."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL session_replication_role = replica")
        elif connection.vendor == "sqlite":
            cur.execute("DROP TRIGGER IF EXISTS audit_record_no_update")
            cur.execute("DROP TRIGGER IF EXISTS audit_record_no_delete")
        cur.execute(sql, params)


def test_the_database_itself_refuses_to_update_audit_rows(three_records):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE audit_auditrecord SET action = %s WHERE id = %s", ["forged", three_records[0].pk])
    assert AuditRecord.objects.get(pk=three_records[0].pk).action == "dicts.type_create"


def test_the_database_itself_refuses_to_delete_audit_rows(three_records):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM audit_auditrecord WHERE id = %s", [three_records[0].pk])
    assert AuditRecord.objects.count() == 3


def test_tampering_a_stored_row_is_reported_at_that_row(api, sys_admin, three_records):
    middle = three_records[1]
    _raw("UPDATE audit_auditrecord SET action = %s WHERE id = %s", ["dicts.type_delete", middle.pk])

    res = api(sys_admin).get("/api/audit/verify")

    body = res.json()
    assert (body["ok"], body["checked"], body["first_bad_id"]) == (False, 1, middle.pk)
    assert f"第 {middle.pk} 号记录处断开" in body["message"]


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("actor_name", "别人"),
        ("request_id", "forged-request"),
        ("ip", "10.9.9.9"),
        ("created_at", "2020-01-01 00:00:00"),
    ],
)
def test_tampering_any_hashed_column_breaks_the_chain(sys_admin, three_records, column, value):
    _raw(f"UPDATE audit_auditrecord SET {column} = %s WHERE id = %s", [value, three_records[0].pk])  # noqa: S608
    assert audit_verify_chain() == (False, 0, three_records[0].pk)


def test_tampering_the_after_json_breaks_the_chain(sys_admin, three_records):
    _raw("UPDATE audit_auditrecord SET after = %s WHERE id = %s", ['{"code": "x", "name": "x"}', three_records[2].pk])
    assert audit_verify_chain() == (False, 2, three_records[2].pk)


@pytest.mark.parametrize("column", ["target_repr", "region_name"])
def test_tampering_a_displayed_column_breaks_the_chain(sys_admin, three_records, column):
    _raw(f"UPDATE audit_auditrecord SET {column} = %s WHERE id = %s", ["改过的", three_records[0].pk])  # noqa: S608
    assert audit_verify_chain()[0] is False


def test_deleting_a_row_in_the_middle_is_reported_at_the_next_row(sys_admin, three_records):
    _raw("DELETE FROM audit_auditrecord WHERE id = %s", [three_records[1].pk])
    assert audit_verify_chain() == (False, 1, three_records[2].pk)


def test_deleting_the_last_row_is_noticed_through_the_chain_head(sys_admin, three_records):
    _raw("DELETE FROM audit_auditrecord WHERE id = %s", [three_records[2].pk])
    assert audit_verify_chain() == (False, 2, None)


def test_verify_needs_the_export_permission(api, city_admin, county_b_officer, three_records):
    for actor in (city_admin, county_b_officer):
        assert_error(api(actor).get("/api/audit/verify"), 403, "permission_denied")


def test_region_of_target_is_used_when_none_is_given(sys_admin, enterprise_a):
    with transaction.atomic():
        rec = audit_record(actor=sys_admin, action="orgs.org_touch", target=enterprise_a)
    assert rec.region_path == Region.objects.get(code="410702").path

"""Deleting the newest audit records cannot go unnoticed: the chain head carries an HMAC-SM3 under
the audit key, and signed checkpoints written to the file storage by the scheduler anchor the
chain outside the database. `/api/audit/verify` and `manage.py audit_verify` check both."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from smedt.audit.checkpoints import checkpoint_write, checkpoints_latest
from smedt.audit.models import AuditChainHead, AuditRecord
from smedt.audit.services import audit_verify, head_mac
from smedt.dicts.services import dict_type_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def records(sys_admin):
    for code in ("dict_one", "dict_two", "dict_three", "dict_four"):
        dict_type_create(actor=sys_admin, code=code, name=code)
    return list(AuditRecord.objects.order_by("id"))


def _raw(sql, params=()):
    """A privileged operator with the database but without the audit key: the row guards are
    lifted inside the test transaction, so only the MACs and checkpoints stand in the way."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL session_replication_role = replica")
        else:
            cur.execute("DROP TRIGGER IF EXISTS audit_record_no_update")
            cur.execute("DROP TRIGGER IF EXISTS audit_record_no_delete")
        cur.execute(sql, params)


def _delete_newest(records, keep):
    _raw("DELETE FROM audit_auditrecord WHERE id > %s", [records[keep - 1].pk])


def test_deleting_the_newest_rows_and_rewriting_the_head_fails(api, sys_admin, records):
    """The reported attack: delete the last rows, point the head at the new last row."""
    _delete_newest(records, keep=2)
    _raw("UPDATE audit_auditchainhead SET last_hash = %s, count = %s WHERE id = 1", [records[1].hash, 2])

    body = api(sys_admin).get("/api/audit/verify").json()

    assert body["ok"] is False
    assert "链头" in body["message"] and "请立即上报" in body["message"]


def test_putting_back_an_old_genuine_head_is_caught_by_the_checkpoint(api, sys_admin, records):
    """Someone who kept a copy of an earlier (validly signed) head row: the checkpoint written
    to the file storage says the chain was longer."""
    cp = checkpoint_write()
    assert (cp.seq, cp.record_id, cp.hash) == (4, records[3].pk, records[3].hash)

    _delete_newest(records, keep=2)
    old_mac = head_mac(count=2, last_hash=records[1].hash)  # as it was stored back then
    _raw(
        "UPDATE audit_auditchainhead SET last_hash = %s, count = %s, mac = %s WHERE id = 1",
        [records[1].hash, 2, old_mac],
    )

    report = audit_verify()
    assert report.ok is False
    assert report.checkpoint_seq == 4
    assert "被截断" in report.message and "4 条" in report.message and "2 条" in report.message
    body = api(sys_admin).get("/api/audit/verify").json()
    assert body["ok"] is False and body["message"] == report.message
    with pytest.raises(CommandError, match="被截断") as failed:
        call_command("audit_verify")
    assert failed.value.returncode == 1


def test_an_intact_chain_with_checkpoints_verifies(api, sys_admin, records):
    checkpoint_write()
    dict_type_create(actor=sys_admin, code="dict_five", name="dict_five")  # after the checkpoint
    checkpoint_write()

    report = audit_verify()

    assert report.ok, report.message
    assert (report.checked, report.checkpoints_checked, report.checkpoint_seq) == (5, 2, 5)
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "日志链完整" in out.getvalue()


def test_checkpoints_are_files_outside_the_database_never_rewritten(records, media):
    first = checkpoint_write()
    assert checkpoint_write() is None  # nothing new: idempotent, no second file
    files = sorted((media / "audit-checkpoints").iterdir())
    assert [f.name for f in files] == ["000000000004.json"]
    data = json.loads(files[0].read_text())
    assert data == {"seq": 4, "record_id": first.record_id, "hash": first.hash, "at": first.at, "mac": first.mac}


def test_a_forged_checkpoint_is_reported(records, media):
    checkpoint_write()
    path = media / "audit-checkpoints" / "000000000004.json"
    data = json.loads(path.read_text())
    data["seq"] = 3
    path.write_text(json.dumps(data))

    report = audit_verify()

    assert report.ok is False and "签名无效" in report.message


def test_replacing_a_checkpointed_record_is_reported(records):
    checkpoint_write()
    _raw("UPDATE audit_auditrecord SET hash = %s WHERE id = %s", ["0" * 64, records[3].pk])
    assert audit_verify().ok is False


def test_a_missing_head_with_records_is_reported(records):
    _raw("DELETE FROM audit_auditchainhead")
    report = audit_verify()
    assert report.ok is False and "链头缺失" in report.message


def test_the_scheduler_writes_checkpoints(records, media):
    from smedt.taskqueue.scheduler import jobs_discover

    job = next(j for j in jobs_discover() if j.name == "audit.checkpoint")
    assert job.every_seconds == 600

    job.func()

    assert [cp.seq for cp in checkpoints_latest()] == [4]


def test_the_cli_writes_a_checkpoint(records):
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert "第 4 条" in out.getvalue()
    assert AuditChainHead.objects.get(pk=1).count == 4


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite guard is lifted only by flush")
def test_flush_still_empties_a_sqlite_database_and_keeps_the_guard(records):
    call_command("flush", interactive=False, verbosity=0)

    assert AuditRecord.objects.count() == 0
    with connection.cursor() as cur:
        cur.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_record_no_delete'")
        assert cur.fetchone() is not None

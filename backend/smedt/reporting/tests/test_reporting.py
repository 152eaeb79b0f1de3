"""National platform push and 绩效 snapshots: only city / platform administrators, bad input is a clear 4xx,
records are signed (HMAC-SM3 or SM2) and verified by a real receiver process, temporary failures are
retried with backoff, a resend is idempotent, confirmed snapshots are frozen and pushed."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from conftest import COUNTY_A
from smedt.core.testing import run_queued_tasks
from smedt.gmcrypto.sm2 import sm2_generate_keypair
from smedt.insights.tests import factories as f
from smedt.regions.models import Region
from smedt.reporting import services, signing
from smedt.reporting.models import OutboxRecord, OutboxStatus, PerformanceSnapshot, SnapshotFrozen

BACKEND = Path(__file__).resolve().parents[3]
HMAC_KEY = "00112233445566778899aabbccddeeff"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def receiver() -> Iterator[Callable[..., str]]:
    """Start ``manage.py national_receiver`` in a subprocess; returns its URL."""
    procs: list[subprocess.Popen[str]] = []

    def start(*, hmac_key: str = HMAC_KEY, sm2_public: str = "", fail_first: int = 0) -> str:
        port = _free_port()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
        env.pop("DATABASE_URL", None)  # the receiver needs no database
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "national_receiver", "--port", str(port), "--hmac-key", hmac_key,
             "--sm2-public-key", sm2_public, "--fail-first", str(fail_first)],
            cwd=BACKEND, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        procs.append(proc)
        url = f"http://127.0.0.1:{port}/"
        deadline = time.time() + 300  # a loaded shared machine starts Django slowly
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(url + "received", timeout=1):  # noqa: S310 — loopback
                    return url
            except OSError:
                if proc.poll() is not None:
                    raise RuntimeError(proc.stdout.read() if proc.stdout else "receiver exited") from None
                time.sleep(0.2)
        raise RuntimeError("receiver did not start")

    yield start
    for p in procs:
        p.terminate()
        p.wait(timeout=10)


def received(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + "received", timeout=5) as res:  # noqa: S310 — loopback
        return dict(json.loads(res.read()))


@pytest.fixture
def national(settings: Any) -> Callable[..., None]:
    def configure(url: str, *, alg: str = "hmac-sm3", private: str = "", attempts: int = 6) -> None:
        settings.SMEDT_NATIONAL_TRANSPORT = "http"
        settings.SMEDT_NATIONAL_URL = url
        settings.SMEDT_NATIONAL_SIGN_ALG = alg
        settings.SMEDT_NATIONAL_HMAC_KEY = HMAC_KEY
        settings.SMEDT_NATIONAL_SM2_PRIVATE_KEY = private
        settings.SMEDT_NATIONAL_MAX_ATTEMPTS = attempts

    return configure


def _record(**data: Any) -> OutboxRecord:
    return services.outbox_add(
        kind="pilot_enterprise",
        object_ref="91410702TEST",
        title="测试企业",
        region=Region.objects.get(code=COUNTY_A),
        data=data or {"level": 2},
    )


# --- scope -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["county_a_officer", "enterprise_a_user", "provider_user", "outsider"])
def test_only_city_and_platform_administrators(api, request, persona, reference):
    c = api(request.getfixturevalue(persona))
    for path in (
        "/api/reporting/outbox",
        "/api/reporting/snapshots",
        "/api/reporting/plan",
        "/api/reporting/transport",
    ):
        res = c.get(path)
        assert res.status_code == 403, (path, res.content)
    assert c.post("/api/reporting/snapshots", {"period": "2026-Q4"}).status_code == 403
    assert c.post("/api/reporting/collect", {}).status_code == 403
    assert PerformanceSnapshot.objects.count() == 0
    assert api().get("/api/reporting/outbox").status_code == 401


def test_city_and_sys_admin_read_the_outbox_only_sys_admin_cannot_confirm(api, city_admin, sys_admin, reference):
    rec = _record()
    for user in (city_admin, sys_admin):
        res = api(user).get("/api/reporting/outbox")
        assert res.status_code == 200 and [r["id"] for r in res.json()["items"]] == [rec.pk]
    assert api(sys_admin).post("/api/reporting/snapshots", {"period": "2026-Q4"}).status_code == 403
    assert api(city_admin).get(f"/api/reporting/outbox/{rec.pk + 999}").status_code == 404


# --- bad input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["2026-Q5", "26", "2026Q1", "2026-H3", "abc", "2026-Q1-x", "1999", "2026-q1"])
def test_bad_period_is_a_422_and_writes_nothing(api, city_admin, period, reference):
    res = api(city_admin).post("/api/reporting/snapshots", {"period": period})
    assert res.status_code == 422, res.content
    assert PerformanceSnapshot.objects.count() == 0


def test_bad_filters_and_wrong_states_are_clear_4xx(api, city_admin, reference):
    c = api(city_admin)
    assert c.get("/api/reporting/outbox", {"status": "bogus"}).status_code == 422
    assert c.get("/api/reporting/outbox", {"kind": "bogus"}).status_code == 422
    assert c.post("/api/reporting/snapshots", {"period": "x" * 17}).status_code == 422
    rec = _record()
    res = c.post(f"/api/reporting/outbox/{rec.pk}/resend", {})
    assert res.status_code == 409 and "失败" in res.json()["message"]
    res = c.post("/api/reporting/snapshots", {"period": "2026-Q4"})
    assert res.status_code == 202
    snap_id = res.json()["id"]
    res = c.post(f"/api/reporting/snapshots/{snap_id}/confirm", {})
    assert res.status_code == 409 and "尚未计算完成" in res.json()["message"]
    assert c.get(f"/api/reporting/snapshots/{snap_id}/export.xlsx").status_code == 404


# --- signing, sending, retries, idempotency ------------------------------------------------------------------


def test_signed_record_is_accepted_by_the_receiver_and_a_resend_is_idempotent(receiver, national, reference):
    url = receiver()
    national(url)
    rec = _record(level=2)
    assert _record(level=2).pk == rec.pk  # same content → the same record, not a second one
    assert rec.signature and rec.algorithm == "hmac-sm3"
    run_queued_tasks()
    rec.refresh_from_db()
    assert rec.status == OutboxStatus.SENT and rec.receipt == "NP00000001" and rec.attempts == 1
    got = received(url)["records"]
    assert [r["key"] for r in got] == [rec.idempotency_key]
    assert got[0]["record"]["data"] == {"level": 2} and got[0]["record"]["kind"] == "pilot_enterprise"
    # the same record delivered again (e.g. the answer was lost): the receiver keeps one, same receipt
    OutboxRecord.objects.filter(pk=rec.pk).update(status=OutboxStatus.PENDING)
    assert services.outbox_send_once(record_id=rec.pk) == "sent"
    rec.refresh_from_db()
    assert rec.receipt == "NP00000001" and json.loads(rec.response_body)["duplicate"] is True
    got = received(url)["records"]
    assert len(got) == 1 and got[0]["times"] == 2
    assert services.outbox_send_once(record_id=rec.pk) == "skipped"  # a sent record is not sent again
    # changed content is a new record with a new key
    assert _record(level=3).idempotency_key != rec.idempotency_key


def test_wrong_key_is_refused_without_retry_and_resend_sends_the_same_bytes(
    api, city_admin, receiver, national, reference
):
    url = receiver(hmac_key="ff" * 16)
    national(url)
    rec = _record()
    run_queued_tasks()
    rec.refresh_from_db()
    assert rec.status == OutboxStatus.FAILED and rec.attempts == 1 and rec.response_status == 401
    assert "签名验证失败" in rec.last_error
    body, signature, key = rec.body, rec.signature, rec.idempotency_key
    row = api(city_admin).get("/api/reporting/outbox", {"status": "failed"}).json()["items"][0]
    assert row["allowed_actions"] == ["resend"]
    res = api(city_admin).post(f"/api/reporting/outbox/{rec.pk}/resend", {})
    assert res.status_code == 200 and res.json()["status"] == "pending"
    run_queued_tasks()
    rec.refresh_from_db()
    assert (rec.body, rec.signature, rec.idempotency_key) == (body, signature, key)
    assert rec.status == OutboxStatus.FAILED and received(url)["records"] == []


def test_a_tampered_body_fails_verification(receiver, reference):
    url = receiver()
    body = signing.canonical({"kind": "x", "data": {"amount": "100.00"}})
    sig = signing.sign("hmac-sm3", signing.signing_input(key="k1", timestamp="t", body=body), hmac_key_hex=HMAC_KEY)
    tampered = body.replace("100.00", "900.00")
    req = urllib.request.Request(  # noqa: S310 — loopback
        url,
        data=tampered.encode(),
        method="POST",
        headers={"X-Idempotency-Key": "k1", "X-Timestamp": "t", "X-Signature-Alg": "hmac-sm3", "X-Signature": sig},
    )
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(req, timeout=5)  # noqa: S310
    assert exc.value.code == 401
    assert received(url)["records"] == []


def test_temporary_failures_are_retried_with_backoff_then_sent(receiver, national, reference):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from smedt.taskqueue.models import TaskAttemptLog
    from smedt.taskqueue.retry import policy_for_task_path

    url = receiver(fail_first=2)
    national(url)
    rec = _record()
    run_queued_tasks()  # 503: the task raises, is recorded and put back with a delay
    rec.refresh_from_db()
    assert (rec.status, rec.attempts, rec.response_status) == (OutboxStatus.PENDING, 1, 503)
    log = TaskAttemptLog.objects.latest("id")
    assert log.exception_class_path.endswith("SendFailed") and "503" in log.message
    assert log.retry_at is not None and log.retry_at > timezone.now()  # backoff: not retried at once
    task = DBTaskResult.objects.get(pk=log.task_result_id)
    assert task.task_path.endswith("send_outbox_record")
    policy = policy_for_task_path("smedt.reporting.tasks.send_outbox_record")
    assert policy is not None and policy.base_delay == 30 and policy.max_delay == 3600
    # the worker would run it after the delay: run the service as the retries do
    with pytest.raises(services.SendFailed):
        services.outbox_send_once(record_id=rec.pk)
    assert services.outbox_send_once(record_id=rec.pk) == "sent"
    rec.refresh_from_db()
    assert rec.attempts == 3 and rec.status == OutboxStatus.SENT
    assert received(url)["requests"] == 3


def test_the_last_attempt_marks_the_record_failed(receiver, national, reference):
    url = receiver(fail_first=5)
    national(url, attempts=2)
    rec = _record()
    with pytest.raises(services.SendFailed):
        services.outbox_send_once(record_id=rec.pk)
    assert services.outbox_send_once(record_id=rec.pk) == "failed"
    rec.refresh_from_db()
    assert rec.status == OutboxStatus.FAILED and "503" in rec.last_error


def test_sm2_signature_is_verified_with_the_public_key(receiver, national, reference):
    private, public = sm2_generate_keypair()
    url = receiver(sm2_public=public)
    national(url, alg="sm2", private=private)
    rec = _record()
    run_queued_tasks()
    rec.refresh_from_db()
    assert rec.algorithm == "sm2" and rec.status == OutboxStatus.SENT, rec.last_error


def test_transport_off_keeps_records_pending(settings, reference):
    settings.SMEDT_NATIONAL_TRANSPORT = "off"
    rec = _record()
    run_queued_tasks()
    rec.refresh_from_db()
    assert rec.status == OutboxStatus.PENDING and rec.attempts == 0
    assert services.outbox_send_once(record_id=rec.pk) == "off"


def test_collection_is_idempotent_and_queues_changes(settings, make_org, provider_org, reference):
    settings.SMEDT_NATIONAL_TRANSPORT = "off"
    ent = make_org(COUNTY_A, name="采集企业")
    pilot = f.pilot(ent, level=1)
    f.project(enterprise=ent, provider=provider_org, status="accepted", days_ago=30, step_days=3)
    first = services.collect_all()
    assert first["pilot_enterprise"] == 1 and first["project"] == 1 and first["acceptance"] == 1
    n = OutboxRecord.objects.count()
    services.collect_all()
    assert OutboxRecord.objects.count() == n  # nothing changed → nothing new
    pilot.level = 2
    pilot.save()
    services.collect_all()
    assert OutboxRecord.objects.count() == n + 1
    latest = OutboxRecord.objects.filter(kind="pilot_enterprise").order_by("-id").first()
    assert latest is not None and json.loads(latest.body)["data"]["level"] == 2


# --- 绩效 snapshots ------------------------------------------------------------------------------------------------


def test_snapshot_reuses_the_dashboard_kpi_is_frozen_when_confirmed_and_pushed(
    api, city_admin, make_org, provider_org, receiver, national, reference
):
    from django.conf import settings

    from smedt.dicts.services import dicts_load

    dicts_load(path=Path(settings.SMEDT_DICTS_FILE))
    url = receiver()
    national(url)
    ent = make_org(COUNTY_A, name="绩效企业")
    f.pilot(ent, level=2)
    f.project(enterprise=ent, provider=provider_org, status="accepted", days_ago=30, step_days=3)
    f.profile(ent, sub="auto_parts", above_scale=True, level=2)
    f.profile(make_org(COUNTY_A, name="绩效未达标"), sub="auto_parts", above_scale=True, level=1)
    c = api(city_admin)
    res = c.post("/api/reporting/snapshots", {"period": "2026-Q4"})
    assert res.status_code == 202 and res.json()["status"] == "computing"
    snap_id = res.json()["id"]
    run_queued_tasks()
    detail = c.get(f"/api/reporting/snapshots/{snap_id}").json()
    assert detail["status"] == "draft" and detail["allowed_actions"] == ["confirm", "recompute", "export"]
    codes = [i["code"] for i in detail["data"]["indicators"]]
    assert codes[:4] == [
        "pilot_enterprises",
        "diagnosed_enterprises",
        "transformed_enterprises",
        "accepted_enterprises",
    ]
    by_code = {i["code"]: i for i in detail["data"]["indicators"]}
    # one mechanism: the same figures as the dashboard's KPI widget
    cache.clear()
    kpi = c.get("/api/insights/widgets/kpi").json()
    auto = next(r for r in kpi["industries"] if r["value"] == "auto_parts")
    row = next(r for r in by_code["above_scale_share"]["rows"] if r["sub_industry"] == auto["label"])
    assert (
        (row["above_total"], row["above_reached"], row["share"])
        == (2, 1, "50.0")
        == (
            auto["above_total"],
            auto["above_reached"],
            auto["above_share"],
        )
    )
    assert by_code["accepted_enterprises"]["value"] == 1
    assert by_code["subsidy"]["available"] is False  # no ledger rows: 暂无, not invented numbers
    assert ["奖补资金", "资金台账", "暂无", "元"] in detail["rows"]
    assert Decimal(by_code["investment"]["value"]) > 0

    res = c.post(f"/api/reporting/snapshots/{snap_id}/confirm", {})
    assert res.status_code == 200 and res.json()["status"] == "confirmed"
    assert c.post(f"/api/reporting/snapshots/{snap_id}/confirm", {}).status_code == 409
    again = c.post("/api/reporting/snapshots", {"period": "2026-Q4"})
    assert again.status_code == 409 and "已确认" in again.json()["message"]
    snap = PerformanceSnapshot.objects.get(pk=snap_id)
    frozen = (snap.data, snap.digest)
    snap.data = {}
    with pytest.raises(SnapshotFrozen):
        snap.save()
    snap.refresh_from_db()
    assert (snap.data, snap.digest) == frozen and snap.digest == signing.digest(signing.canonical(snap.data))
    run_queued_tasks()
    listed = c.get("/api/reporting/snapshots").json()["items"][0]
    assert listed["outbox_status"] == "sent" and listed["outbox_status_label"] == "已发送"
    got = [r for r in received(url)["records"] if r["kind"] == "performance"]
    assert len(got) == 1 and got[0]["record"]["data"]["digest"] == snap.digest

    # exports: labels, stable layout
    res = c.get(f"/api/reporting/snapshots/{snap_id}/export.xlsx")
    assert res.status_code == 200
    ws = load_workbook(io.BytesIO(res.content))["绩效指标"]
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=2, max_col=4)]
    assert values[0] == ["指标", "分项", "数值", "单位"] and values[1][0] == "试点企业数"
    assert "auto_parts" not in json.dumps(values, ensure_ascii=False)
    doc = json.loads(c.get(f"/api/reporting/snapshots/{snap_id}/export.json").content)
    assert doc["digest"] == snap.digest and doc["snapshot"]["period"] == "2026-Q4"


def test_plan_lists_every_indicator_with_its_definition(api, city_admin, reference):
    plan = api(city_admin).get("/api/reporting/plan").json()
    assert plan["confirmer"] and len(plan["indicators"]) == 10
    assert all(i["definition"] for i in plan["indicators"])
    assert plan["periods"] == ["季度", "半年", "年度"]


# --- set-based collection and batched sending ---------------------------------------------------------------------


def _outbox_state() -> set[tuple[Any, ...]]:
    return set(OutboxRecord.objects.values_list("kind", "object_ref", "title", "region_id", "idempotency_key", "body"))


def _collection_data(make_org: Any, provider_org: Any, city_admin: Any, n: int) -> None:
    from smedt.funds import services as funds

    city = Region.objects.get(code="410700")
    source = funds.source_create(
        actor=city_admin, kind="central", name="中央资金", year=2026, amount="900000", region=city
    )
    line = funds.line_create(actor=city_admin, source=source, purpose="transformation", name="改造补贴")
    funds.entry_allocate(actor=city_admin, line=line, amount="800000")
    for i in range(n):
        ent = make_org(COUNTY_A, name=f"采集企业{i}")
        f.pilot(ent, level=1 + i % 3)
        f.project(enterprise=ent, provider=provider_org, status="accepted" if i % 2 else "implementing")
        entry = funds.entry_commit(actor=city_admin, line=line, enterprise=ent, amount="1000")
        assert entry.commitment is not None
        funds.entry_disburse(actor=city_admin, commitment=entry.commitment, amount="600.50", reference=f"回单{i}")


def test_batch_collection_queues_exactly_what_the_per_record_collection_did(
    settings, make_org, provider_org, city_admin, reference
):
    from smedt.reporting.tests.reference_collect import collect_all_per_record

    settings.SMEDT_NATIONAL_TRANSPORT = "off"
    settings.SMEDT_NATIONAL_HMAC_KEY = HMAC_KEY
    _collection_data(make_org, provider_org, city_admin, 6)
    old_counts = collect_all_per_record()
    old = _outbox_state()
    assert len(old) == 6 + 6 + 3 + 6  # pilots, projects, accepted projects, disbursements
    OutboxRecord.objects.all().delete()
    assert services.collect_all() == old_counts
    assert _outbox_state() == old
    for rec in OutboxRecord.objects.all():  # each one signed over its own key, timestamp and body
        data = signing.signing_input(key=rec.idempotency_key, timestamp=rec.timestamp, body=rec.body)
        assert signing.verify("hmac-sm3", data, rec.signature, hmac_key_hex=HMAC_KEY)
    # and the other way round: records queued one by one are recognised by the batch collection
    services.collect_all()
    assert _outbox_state() == old


@pytest.mark.parametrize("n", [2, 12])
def test_collection_runs_a_fixed_number_of_queries_per_chunk(
    settings, make_org, provider_org, city_admin, reference, n, django_assert_num_queries
):
    settings.SMEDT_NATIONAL_TRANSPORT = "off"
    _collection_data(make_org, provider_org, city_admin, n)
    # per source: one read of the chunk, one past the end; per chunk: one SELECT of the keys, one INSERT (in a
    # savepoint pair) — the same for 2 and 12 enterprises; the run after that finds every key and inserts nothing
    with django_assert_num_queries(3 * 2 + 3 * 4):
        services.collect_all()
    with django_assert_num_queries(3 * 2 + 3 * 3):
        services.collect_all()


def test_collection_hands_sending_to_batches_and_retries_stay_per_record(
    settings, make_org, provider_org, receiver, national, reference
):
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    url = receiver(fail_first=1)
    national(url)
    for i in range(3):
        f.pilot(make_org(COUNTY_A, name=f"上报企业{i}"), level=2)
    services.collect_all()
    assert not DBTaskResult.objects.filter(task_path__endswith="send_outbox_record").exists()  # no task per record
    assert DBTaskResult.objects.filter(task_path__endswith="send_outbox_pending").count() == 1
    assert services.outbox_send_pending(limit=2) == {"sent": 1, "failed": 0, "retry": 1, "skipped": 0, "off": 0}
    first, second, third = OutboxRecord.objects.order_by("id")
    assert (first.status, first.attempts, first.response_status) == (OutboxStatus.PENDING, 1, 503)
    assert first.next_attempt_at is not None and first.next_attempt_at > timezone.now()
    assert second.status == OutboxStatus.SENT and third.status == OutboxStatus.PENDING
    retry = DBTaskResult.objects.filter(task_path__endswith="send_outbox_record").get()
    assert retry.run_after is not None and retry.run_after > timezone.now()  # its backoff, not at once
    # the batch was full: the next batch is queued; it sends the third and leaves the retried one to its task
    assert DBTaskResult.objects.filter(task_path__endswith="send_outbox_pending").count() == 2
    assert services.outbox_send_pending(limit=2) == {"sent": 1, "failed": 0, "retry": 0, "skipped": 0, "off": 0}
    assert services.outbox_send_once(record_id=first.pk) == "sent"  # what its retrying task runs when due
    assert OutboxRecord.objects.filter(status=OutboxStatus.SENT).count() == 3
    assert received(url)["requests"] == 4

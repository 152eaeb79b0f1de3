"""Writes of the reporting module: queue signed records, send them once, resend; 绩效 snapshots."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from smedt.accounts.models import User
from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, NotFound, ValidationFailed
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require
from smedt.regions.models import Region
from smedt.reporting import config, indicators, signing
from smedt.reporting.models import (
    OutboxRecord,
    OutboxStatus,
    PerformanceSnapshot,
    RecordKind,
    SnapshotStatus,
)
from smedt.reporting.transport import Answer, Outgoing, TransportOff, transport_for

SCHEMA_VERSION = "1.0"
PERIOD_RE = re.compile(r"^(20\d\d)(?:-(Q[1-4]|H[12]))?$")


class SendFailed(Exception):
    """A temporary failure (network, 5xx, 429): the task is retried with backoff."""


# --- outbox -------------------------------------------------------------------------------------------------------


def _frozen_body(conf: config.NationalPlatform, kind: str, object_ref: str, data: dict[str, Any]) -> tuple[str, str]:
    """(idempotency key, body): the envelope in canonical JSON and the SM3 of kind, object and body."""
    envelope = {
        "schema": SCHEMA_VERSION,
        "kind": kind,
        "sender": conf.sender,
        "object": object_ref,
        "data": data,
    }
    body = signing.canonical(envelope)
    return signing.digest(f"{kind}|{object_ref}|{body}")[:40], body


def _timestamp() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M:%S%z")


def outbox_add(*, kind: str, object_ref: str, title: str, region: Region, data: dict[str, Any]) -> OutboxRecord:
    """Queue one record; the same content for the same object is queued once (idempotency key = SM3 of kind,
    object and body), a changed one is a new record. The body and its signature are frozen here."""
    conf = config.national()
    key, body = _frozen_body(conf, kind, object_ref, data)
    existing = OutboxRecord.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    timestamp = _timestamp()
    signature = _sign(conf, key, timestamp, body)  # "" while no key is configured: signed when sent
    try:
        with transaction.atomic():
            record = OutboxRecord.objects.create(
                kind=kind,
                object_ref=object_ref,
                title=title[:200],
                region=region,
                idempotency_key=key,
                timestamp=timestamp,
                body=body,
                algorithm=conf.algorithm,
                signature=signature,
            )
    except IntegrityError:  # queued by a concurrent run
        return OutboxRecord.objects.get(idempotency_key=key)
    if conf.transport != "off":
        _enqueue(record)
    return record


def _signer(conf: config.NationalPlatform) -> Callable[[str, str, str], str]:
    """sign(key, timestamp, body) for many records: the key is parsed once; "" while no key is configured."""
    if conf.algorithm == "hmac-sm3" and conf.hmac_key_hex:
        from smedt.gmcrypto.hmac_sm3 import hmac_sm3_hex

        secret = bytes.fromhex(conf.hmac_key_hex)
        return lambda key, ts, body: hmac_sm3_hex(secret, signing.signing_input(key=key, timestamp=ts, body=body))
    return lambda key, ts, body: _sign(conf, key, ts, body)


def _sign(conf: config.NationalPlatform, key: str, timestamp: str, body: str) -> str:
    if not (conf.hmac_key_hex if conf.algorithm == "hmac-sm3" else conf.sm2_private_hex):
        return ""
    data = signing.signing_input(key=key, timestamp=timestamp, body=body)
    return signing.sign(conf.algorithm, data, hmac_key_hex=conf.hmac_key_hex, sm2_private_hex=conf.sm2_private_hex)


def _enqueue(record: OutboxRecord) -> None:
    from smedt.reporting.tasks import send_outbox_record

    send_outbox_record.enqueue(record_id=record.pk)  # the task row commits with the record


def _answer_json(answer: Answer) -> dict[str, Any]:
    try:
        data = json.loads(answer.body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def outbox_send_once(*, record_id: int) -> str:
    """Send one record (idempotent: a sent record is not sent again). Permanent refusals (4xx other than
    408/429) mark it failed at once; temporary ones raise ``SendFailed`` so the task retries with backoff,
    and the last allowed attempt marks it failed."""
    conf = config.national()
    with transaction.atomic():
        record = OutboxRecord.objects.select_for_update().filter(pk=record_id).first()
        if record is None or record.status == OutboxStatus.SENT:
            return "skipped"
        try:
            transport = transport_for(conf)
        except TransportOff:
            return "off"
        if not record.signature or record.algorithm != conf.algorithm:
            record.algorithm = conf.algorithm
            record.signature = _sign(conf, record.idempotency_key, record.timestamp, record.body)
            if not record.signature:
                record.status = OutboxStatus.FAILED
                record.last_error = "未配置国家平台签名密钥（SMEDT_NATIONAL_HMAC_KEY / SMEDT_NATIONAL_SM2_PRIVATE_KEY）"
                record.save()
                return "failed"
        outgoing = Outgoing(
            key=record.idempotency_key,
            kind=record.kind,
            timestamp=record.timestamp,
            body=record.body,
            algorithm=record.algorithm,
            signature=record.signature,
        )
        answer = transport.send(outgoing)
        record.attempts += 1
        record.response_status = answer.status or None
        record.response_body = answer.body[:2000]
        data = _answer_json(answer)
        if 200 <= answer.status < 300 and data.get("code") in (0, "0"):
            record.status = OutboxStatus.SENT
            record.receipt = str(data.get("receipt", ""))[:64]
            record.sent_at = timezone.now()
            record.last_error = ""
            record.next_attempt_at = None
            record.save()
            return "sent"
        temporary = answer.status == 0 or answer.status >= 500 or answer.status in (408, 429)
        record.last_error = (f"HTTP {answer.status}: " if answer.status else "") + (
            str(data.get("message") or data.get("code") or answer.body)[:200]
        )
        if not temporary or record.attempts >= conf.max_attempts:
            record.status = OutboxStatus.FAILED
            record.next_attempt_at = None
            record.save()
            return "failed"
        record.save()
    raise SendFailed(record.last_error)


def outbox_resend(*, actor: Any, record_id: int) -> OutboxRecord:
    """Put a failed record back in the queue — the same body, signature and idempotency key."""
    record = OutboxRecord.objects.visible_to(actor, "manage").filter(pk=record_id).first()
    if record is None:
        raise NotFound("上报记录不存在或无权访问")
    if record.status != OutboxStatus.FAILED:
        raise Conflict(code="reporting.not_failed", message="只有发送失败的记录可以重发")
    if config.national().transport == "off":
        raise Conflict(
            code="reporting.transport_off", message="未启用国家平台接口（SMEDT_NATIONAL_TRANSPORT=off），无法发送"
        )
    with transaction.atomic():
        record.status = OutboxStatus.PENDING
        record.attempts = 0
        record.save(update_fields=["status", "attempts"])
        audit_record(actor=actor, action="reporting.outbox_resend", target=record, region=record.region)
        _enqueue(record)
    return record


def outbox_collect(*, actor: Any) -> None:
    """Queue the collection of pilot enterprises, projects, acceptance results and disbursements."""
    require(actor, "reporting.manage_outbox")
    from smedt.reporting.tasks import collect_outbox

    with transaction.atomic():
        audit_record(actor=actor, action="reporting.outbox_collect")
        collect_outbox.enqueue()


COLLECT_CHUNK = 500  # source rows read, hashed, checked and inserted together


@dataclass(frozen=True)
class _Row:
    kind: str
    ref: str
    title: str
    region_id: int
    data: dict[str, Any]


def _chunks(qs: QuerySet[Any], fields: tuple[str, ...]) -> Iterator[list[dict[str, Any]]]:
    """``values()`` of a queryset in primary-key order, COLLECT_CHUNK rows at a time (keyset, no OFFSET)."""
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk").values("pk", *fields)[:COLLECT_CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def _day(value: Any) -> str | None:
    return timezone.localtime(value).date().isoformat() if value else None


def _pilot_rows() -> Iterator[list[_Row]]:
    from smedt.enterprises.models import PilotEnterprise, PilotStatus

    qs = PilotEnterprise.objects.dangerously_unscoped().filter(status=PilotStatus.ACTIVE)
    fields = ("org__name", "org__credit_code", "region_id", "region__code", "sub_industry", "level", "entered_at")
    for chunk in _chunks(qs, fields):
        yield [
            _Row(
                RecordKind.PILOT,
                p["org__credit_code"],
                p["org__name"],
                p["region_id"],
                {
                    "name": p["org__name"],
                    "credit_code": p["org__credit_code"],
                    "region_code": p["region__code"],
                    "sub_industry": p["sub_industry"],
                    "level": p["level"],
                    "entered_at": p["entered_at"].date().isoformat(),
                },
            )
            for p in chunk
        ]


def _project_rows() -> Iterator[list[_Row]]:
    from smedt.projects.models import Project

    qs = Project.objects.dangerously_unscoped().filter(kind="transformation")
    fields = (
        "title",
        "status",
        "amount",
        "sub_industry",
        "region_id",
        "region__code",
        "enterprise__credit_code",
        "provider__credit_code",
        "finished_at",
        "before_assessment__level",
        "after_onsite_id",
        "after_onsite__level",
        "after_assessment__level",
    )
    for chunk in _chunks(qs, fields):
        rows: list[_Row] = []
        for pr in chunk:
            ref = f"P{pr['pk']}"
            common = {
                "project_no": ref,
                "enterprise_credit_code": pr["enterprise__credit_code"],
                "provider_credit_code": pr["provider__credit_code"],
                "region_code": pr["region__code"],
            }
            data = {
                **common,
                "title": pr["title"],
                "status": pr["status"],
                "amount": str(pr["amount"]),
                "sub_industry": pr["sub_industry"],
            }
            rows.append(_Row(RecordKind.PROJECT, ref, pr["title"], pr["region_id"], data))
            if pr["status"] == "accepted":
                # the on-site rating when there is one, else the self-assessment (as the project shows it)
                after = (
                    pr["after_onsite__level"] if pr["after_onsite_id"] is not None else pr["after_assessment__level"]
                )
                accepted = {
                    **common,
                    "accepted_at": _day(pr["finished_at"]),
                    "level_before": pr["before_assessment__level"],
                    "level_after": after,
                }
                rows.append(_Row(RecordKind.ACCEPTANCE, ref, pr["title"], pr["region_id"], accepted))
        yield rows


def _funds_rows() -> Iterator[list[_Row]]:
    from smedt.funds.models import LedgerEntry

    qs = LedgerEntry.objects.dangerously_unscoped().filter(kind="disburse")
    fields = (
        "amount",
        "region_id",
        "region__code",
        "created_at",
        "enterprise_id",
        "enterprise__name",
        "enterprise__credit_code",
    )
    for chunk in _chunks(qs, fields):
        yield [
            _Row(
                RecordKind.FUNDS,
                f"L{e['pk']}",
                f"拨付 {e['amount']} 元" + (f" · {e['enterprise__name']}" if e["enterprise_id"] else ""),
                e["region_id"],
                {
                    "entry_no": f"L{e['pk']}",
                    "enterprise_credit_code": e["enterprise__credit_code"] if e["enterprise_id"] else None,
                    "region_code": e["region__code"],
                    "amount": str(e["amount"]),
                    "booked_at": _day(e["created_at"]),
                },
            )
            for e in chunk
        ]


def _queue_rows(conf: config.NationalPlatform, sign: Callable[[str, str, str], str], rows: list[_Row]) -> int:
    """Queue the rows whose content is new: one SELECT of the known keys, the new ones signed and inserted in one
    statement that ignores a key another run inserted meanwhile. Returns the number of new records."""
    built: dict[str, tuple[str, _Row]] = {}
    for row in rows:
        key, body = _frozen_body(conf, row.kind, row.ref, row.data)
        built.setdefault(key, (body, row))
    known = set(OutboxRecord.objects.filter(idempotency_key__in=list(built)).values_list("idempotency_key", flat=True))
    timestamp = _timestamp()
    new = [
        OutboxRecord(
            kind=row.kind,
            object_ref=row.ref,
            title=row.title[:200],
            region_id=row.region_id,
            idempotency_key=key,
            timestamp=timestamp,
            body=body,
            algorithm=conf.algorithm,
            signature=sign(key, timestamp, body),  # "" while no key is configured: signed when sent
        )
        for key, (body, row) in built.items()
        if key not in known
    ]
    OutboxRecord.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def collect_all() -> dict[str, int]:
    """One record per pilot enterprise, transformation project, accepted project (levels before/after) and
    disbursement whose content is new or changed; unchanged content is not queued again (idempotent).

    Set-based: the sources are read with ``values()`` in chunks, each chunk's keys checked with one query and its
    new records inserted with one statement (ignoring conflicts on the idempotency key). Sending is then handed to
    ``send_outbox_pending``, which sends the queued records batch by batch, each on its own with its retries."""
    conf = config.national()
    sign = _signer(conf)
    counts = {k: 0 for k in RecordKind.values}  # records checked per kind (new or already queued)
    for source in (_pilot_rows(), _project_rows(), _funds_rows()):
        for rows in source:
            with transaction.atomic():
                _queue_rows(conf, sign, rows)
            for row in rows:
                counts[row.kind] += 1
    if conf.transport != "off":  # also sends what waited while the transport was off
        from smedt.reporting.tasks import send_outbox_pending

        send_outbox_pending.enqueue()
    return counts


SEND_BATCH = 200
RETRY_FIRST_SECONDS = 30  # as the per-record task's own backoff starts


def outbox_send_pending(*, limit: int = SEND_BATCH) -> dict[str, int]:
    """Send the oldest never-tried pending records, each on its own (``outbox_send_once``: a row lock, one request,
    the answer recorded). A temporary failure hands that record to its own retrying task (backoff 30 s … 1 h);
    a full batch queues the next one. Idempotent: a sent record is skipped, a retried one is no longer picked."""
    ids = list(
        OutboxRecord.objects.filter(status=OutboxStatus.PENDING, attempts=0)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
    outcome = {"sent": 0, "failed": 0, "retry": 0, "skipped": 0, "off": 0}
    from smedt.reporting.tasks import send_outbox_pending, send_outbox_record

    for pk in ids:
        try:
            result = outbox_send_once(record_id=pk)
        except SendFailed:
            at = timezone.now() + timedelta(seconds=RETRY_FIRST_SECONDS)
            OutboxRecord.objects.filter(pk=pk).update(next_attempt_at=at)
            send_outbox_record.using(run_after=at).enqueue(record_id=pk)
            outcome["retry"] += 1
            continue
        outcome[result] = outcome.get(result, 0) + 1
        if result == "off":
            return outcome  # the transport was switched off: the records wait
    if len(ids) == limit:
        send_outbox_pending.enqueue()
    return outcome


# --- 绩效 snapshots -----------------------------------------------------------------------------------------------


def _actor_region(actor: Any) -> Region:
    grant = user_grants(actor).grant("reporting.confirm_performance")
    paths = sorted(grant.region_paths, key=len)
    region = Region.objects.filter(path=paths[0]).first() if paths else None
    if region is None:
        raise ValidationFailed(code="reporting.no_region", message="当前账号未分配市级管理范围，无法生成绩效快照")
    return region


def snapshot_create(*, actor: Any, period: str) -> PerformanceSnapshot:
    """Start computing the snapshot of a period (e.g. 2026, 2026-H1, 2026-Q3) in the background; a draft
    of the same period is recomputed, a confirmed one is refused."""
    require(actor, "reporting.confirm_performance")
    m = PERIOD_RE.match(period or "")
    if not m:
        raise ValidationFailed(
            code="reporting.invalid_period",
            message="报告期格式应为 2026、2026-H1 或 2026-Q3",
            details={"fields": {"period": "报告期格式应为 2026、2026-H1 或 2026-Q3"}},
        )
    region = _actor_region(actor)
    with transaction.atomic():
        snap = PerformanceSnapshot.objects.select_for_update().filter(region=region, period=period).first()
        if snap is not None and snap.status == SnapshotStatus.CONFIRMED:
            raise Conflict(code="reporting.snapshot_confirmed", message=f"{period} 的绩效快照已确认，不能重新计算")
        if snap is None:
            snap = PerformanceSnapshot.objects.create(region=region, period=period, created_by=actor)
        else:
            snap.status, snap.error, snap.created_by = SnapshotStatus.COMPUTING, "", actor
            snap.save()
        audit_record(
            actor=actor, action="reporting.snapshot_compute", target=snap, region=region, after={"period": period}
        )
        from smedt.reporting.tasks import compute_snapshot

        compute_snapshot.enqueue(snapshot_id=snap.pk)
    return snap


def snapshot_compute(*, snapshot_id: int) -> str:
    """Compute a snapshot's indicators (idempotent: a draft is recomputed, a confirmed one is left alone)."""
    snap = PerformanceSnapshot.objects.filter(pk=snapshot_id).first()
    if snap is None or snap.status == SnapshotStatus.CONFIRMED:
        return "skipped"
    user = User.objects.get(pk=snap.created_by_id)
    started = time.perf_counter()
    try:
        data = indicators.compute(user)
    except Exception as exc:
        PerformanceSnapshot.objects.filter(pk=snap.pk).exclude(status=SnapshotStatus.CONFIRMED).update(
            status=SnapshotStatus.FAILED, error=f"{type(exc).__name__}"[:255]
        )
        raise
    with transaction.atomic():
        snap = PerformanceSnapshot.objects.select_for_update().get(pk=snapshot_id)
        if snap.status == SnapshotStatus.CONFIRMED:
            return "skipped"
        snap.data = {"period": snap.period, "region_code": snap.region.code, **data}
        snap.digest = signing.digest(signing.canonical(snap.data))
        snap.status = SnapshotStatus.DRAFT
        snap.computed_at = timezone.now()
        snap.compute_ms = int((time.perf_counter() - started) * 1000)
        snap.error = ""
        snap.save()
    return "computed"


def snapshot_confirm(*, actor: Any, snapshot_id: int) -> PerformanceSnapshot:
    """Freeze a computed draft and queue it for the national platform."""
    snap = PerformanceSnapshot.objects.visible_to(actor, "confirm").filter(pk=snapshot_id).first()
    if snap is None:
        raise NotFound("绩效快照不存在或无权访问")
    with transaction.atomic():
        snap = PerformanceSnapshot.objects.select_for_update().get(pk=snap.pk)
        if snap.status == SnapshotStatus.CONFIRMED:
            raise Conflict(code="reporting.snapshot_confirmed", message="该绩效快照已确认")
        if snap.status != SnapshotStatus.DRAFT:
            raise Conflict(code="reporting.snapshot_not_ready", message="绩效快照尚未计算完成，不能确认")
        record = outbox_add(
            kind=RecordKind.PERFORMANCE,
            object_ref=f"{snap.region.code}-{snap.period}",
            title=f"绩效指标 {snap.period}",
            region=snap.region,
            data={**snap.data, "digest": snap.digest, "confirmed_at": dt.date.today().isoformat()},
        )
        snap.status = SnapshotStatus.CONFIRMED
        snap.confirmed_by = actor
        snap.confirmed_at = timezone.now()
        snap.outbox = record
        # the row is written once more, as confirmed: save() refuses any later write
        PerformanceSnapshot.objects.filter(pk=snap.pk).update(
            status=snap.status, confirmed_by=actor, confirmed_at=snap.confirmed_at, outbox=record
        )
        audit_record(
            actor=actor,
            action="reporting.snapshot_confirm",
            target=snap,
            region=snap.region,
            after={"digest": snap.digest},
        )
    return snap

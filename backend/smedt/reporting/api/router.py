"""/api/reporting — the national platform outbox and the 绩效 snapshots (city and platform administrators)."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status
from openpyxl import Workbook
from openpyxl.styles import Font

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.errors import NotFound, ValidationFailed
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require
from smedt.reporting import config, indicators, services
from smedt.reporting.api.schemas import (
    AcceptedOut,
    OutboxDetailOut,
    OutboxFilter,
    OutboxOut,
    PlanOut,
    SnapshotDetailOut,
    SnapshotIn,
    SnapshotOut,
    TransportOut,
)
from smedt.reporting.models import (
    OutboxRecord,
    OutboxStatus,
    PerformanceSnapshot,
    RecordKind,
    SnapshotStatus,
)

router = Router(tags=["上报与绩效"])
TRANSPORT_LABELS = {"off": "未启用（记录暂存待发送）", "http": "国家平台接口", "console": "控制台替身（开发用）"}


def _u(request: HttpRequest) -> Any:
    return request_user(request)


def _can(user: Any, code: str) -> bool:
    return not user_grants(user).grant(code).empty


def _outbox_out(r: OutboxRecord, user: Any) -> dict[str, Any]:
    actions = ["resend"] if r.status == OutboxStatus.FAILED and _can(user, "reporting.manage_outbox") else []
    return {
        "id": r.pk,
        "kind": r.kind,
        "kind_label": RecordKind(r.kind).label,
        "object_ref": r.object_ref,
        "title": r.title,
        "status": r.status,
        "status_label": OutboxStatus(r.status).label,
        "attempts": r.attempts,
        "last_error": r.last_error,
        "response_status": r.response_status,
        "receipt": r.receipt,
        "created_at": r.created_at,
        "sent_at": r.sent_at,
        "allowed_actions": actions,
    }


@router.get("/transport", response=TransportOut)
def transport(request: HttpRequest) -> dict[str, Any]:
    require(_u(request), "reporting.view_outbox")
    conf = config.national()
    return {
        "transport": conf.transport,
        "transport_label": TRANSPORT_LABELS[conf.transport],
        "algorithm": "HMAC-SM3" if conf.algorithm == "hmac-sm3" else "SM2",
        "url": conf.url if conf.transport == "http" else "",
    }


@router.get("/outbox", response=Page[OutboxOut])
def outbox_list(request: HttpRequest, filters: Query[OutboxFilter], page: Query[PageParams]) -> dict[str, Any]:
    user = _u(request)
    require(user, "reporting.view_outbox")
    qs = OutboxRecord.objects.visible_to(user, "view").defer("body", "signature", "response_body")
    if filters.status:
        if filters.status not in OutboxStatus.values:
            raise ValidationFailed(
                code="reporting.invalid_filter", message="状态取值无效", details={"fields": {"status": "状态取值无效"}}
            )
        qs = qs.filter(status=filters.status)
    if filters.kind:
        if filters.kind not in RecordKind.values:
            raise ValidationFailed(
                code="reporting.invalid_filter",
                message="数据类型取值无效",
                details={"fields": {"kind": "数据类型取值无效"}},
            )
        qs = qs.filter(kind=filters.kind)
    return paginate(qs, page, default_ordering=("-id",), transform=lambda rows: [_outbox_out(r, user) for r in rows])


def _record(request: HttpRequest, record_id: int) -> OutboxRecord:
    record = OutboxRecord.objects.visible_to(_u(request), "view").filter(pk=record_id).first()
    if record is None:
        raise NotFound("上报记录不存在或无权访问")
    return record


@router.get("/outbox/{record_id}", response=OutboxDetailOut)
def outbox_get(request: HttpRequest, record_id: int) -> dict[str, Any]:
    r = _record(request, record_id)
    return {
        **_outbox_out(r, _u(request)),
        "idempotency_key": r.idempotency_key,
        "algorithm": r.algorithm,
        "signature": r.signature,
        "timestamp": r.timestamp,
        "body": r.body,
        "response_body": r.response_body,
    }


@router.post("/outbox/{record_id}/resend", response=OutboxOut)
def outbox_resend(request: HttpRequest, record_id: int) -> dict[str, Any]:
    return _outbox_out(services.outbox_resend(actor=_u(request), record_id=record_id), _u(request))


@router.post("/collect", response={202: AcceptedOut})
def outbox_collect(request: HttpRequest) -> Status[dict[str, Any]]:
    services.outbox_collect(actor=_u(request))
    return Status(202, {"message": "已开始收集试点企业、项目、验收与资金拨付数据，稍后刷新查看"})


@router.get("/plan", response=PlanOut)
def plan(request: HttpRequest) -> dict[str, Any]:
    require(_u(request), "reporting.view_performance")
    p = indicators.plan()
    return {
        "version": p["version"],
        "confirmer": p["confirmer"],
        "periods": [indicators.PERIOD_KINDS[k] for k in p["periods"]],
        "indicators": [{k: i[k] for k in ("code", "label", "unit", "definition")} for i in p["indicators"]],
    }


def _snapshot_out(s: PerformanceSnapshot, user: Any) -> dict[str, Any]:
    actions: list[str] = []
    if _can(user, "reporting.confirm_performance"):
        if s.status == SnapshotStatus.DRAFT:
            actions += ["confirm", "recompute"]
        elif s.status == SnapshotStatus.FAILED:
            actions.append("recompute")
    if s.status in (SnapshotStatus.DRAFT, SnapshotStatus.CONFIRMED):
        actions.append("export")
    return {
        "id": s.pk,
        "period": s.period,
        "status": s.status,
        "status_label": SnapshotStatus(s.status).label,
        "region_name": s.region.name,
        "digest": s.digest,
        "error": s.error,
        "computed_at": s.computed_at,
        "compute_ms": s.compute_ms,
        "confirmed_at": s.confirmed_at,
        "confirmed_by_name": (s.confirmed_by.display_name or s.confirmed_by.username) if s.confirmed_by else "",
        "outbox_status": s.outbox.status if s.outbox else "",
        "outbox_status_label": OutboxStatus(s.outbox.status).label if s.outbox else "",
        "allowed_actions": actions,
    }


@router.get("/snapshots", response=Page[SnapshotOut])
def snapshot_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    user = _u(request)
    require(user, "reporting.view_performance")
    qs = (
        PerformanceSnapshot.objects.visible_to(user, "view")
        .select_related("region", "confirmed_by", "outbox")
        .defer("data")
    )
    return paginate(
        qs, page, default_ordering=("-period", "-id"), transform=lambda rows: [_snapshot_out(s, user) for s in rows]
    )


@router.post("/snapshots", response={202: SnapshotOut})
def snapshot_create(request: HttpRequest, payload: SnapshotIn) -> Status[dict[str, Any]]:
    snap = services.snapshot_create(actor=_u(request), period=payload.period.strip())
    return Status(202, _snapshot_out(_snapshot(request, snap.pk), _u(request)))


def _snapshot(request: HttpRequest, snapshot_id: int) -> PerformanceSnapshot:
    snap = (
        PerformanceSnapshot.objects.visible_to(_u(request), "view")
        .select_related("region", "confirmed_by", "outbox")
        .filter(pk=snapshot_id)
        .first()
    )
    if snap is None:
        raise NotFound("绩效快照不存在或无权访问")
    return snap


@router.get("/snapshots/{snapshot_id}", response=SnapshotDetailOut)
def snapshot_get(request: HttpRequest, snapshot_id: int) -> dict[str, Any]:
    s = _snapshot(request, snapshot_id)
    return {**_snapshot_out(s, _u(request)), "data": s.data, "rows": [list(r) for r in indicators.flat_rows(s.data)]}


@router.post("/snapshots/{snapshot_id}/confirm", response=SnapshotOut)
def snapshot_confirm(request: HttpRequest, snapshot_id: int) -> dict[str, Any]:
    services.snapshot_confirm(actor=_u(request), snapshot_id=snapshot_id)
    return _snapshot_out(_snapshot(request, snapshot_id), _u(request))


def _ready(request: HttpRequest, snapshot_id: int) -> PerformanceSnapshot:
    s = _snapshot(request, snapshot_id)
    if s.status not in (SnapshotStatus.DRAFT, SnapshotStatus.CONFIRMED):
        raise NotFound("绩效快照尚未计算完成")
    return s


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    ext = name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f"attachment; filename=\"snapshot.{ext}\"; filename*=UTF-8''{quote(name)}"
    return response


@router.get("/snapshots/{snapshot_id}/export.json")
def snapshot_json(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    s = _ready(request, snapshot_id)
    doc = {"status": SnapshotStatus(s.status).label, "digest": s.digest, "snapshot": s.data}
    raw = json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2).encode()
    return _download(raw, "application/json; charset=utf-8", f"绩效指标-{s.period}.json")


@router.get("/snapshots/{snapshot_id}/export.xlsx")
def snapshot_xlsx(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    s = _ready(request, snapshot_id)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "绩效指标"
    ws.append([f"试点绩效指标 · 报告期 {s.period} · {s.region.name} · {SnapshotStatus(s.status).label}"])
    ws.append(["指标", "分项", "数值", "单位"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in indicators.flat_rows(s.data):
        ws.append(list(row))
    ws.append([])
    ws.append(["SM3 摘要", s.digest])
    plan_ws = wb.create_sheet("指标口径")
    plan_ws.append(["指标", "口径", "单位"])
    for i in indicators.plan()["indicators"]:
        plan_ws.append([i["label"], i["definition"], i["unit"]])
    for sheet, widths in ((ws, (28, 48, 18, 8)), (plan_ws, (28, 80, 8))):
        for col, width in zip("ABCD", widths, strict=False):
            sheet.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return _download(
        buf.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", f"绩效指标-{s.period}.xlsx"
    )

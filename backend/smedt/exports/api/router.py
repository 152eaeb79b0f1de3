"""/api/exports — every list export as a background job: start, follow, download, my recent exports."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.errors import ApplicationError
from smedt.exports import selectors as sel
from smedt.exports import services
from smedt.exports.api.schemas import ExportJobOut, ExportStartIn
from smedt.exports.models import ExportStatus

router = Router(tags=["导出任务"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.post("", response={202: ExportJobOut})
def export_start(request: HttpRequest, payload: ExportStartIn) -> Status[dict[str, Any]]:
    job = services.export_start(actor=request_user(request), kind=payload.kind, params=payload.params)
    return Status(202, sel.export_out(job))


@router.get("", response=Page[ExportJobOut])
def export_list(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    """My recent exports (newest first)."""
    return paginate(
        sel.export_list(user=request_user(request)),
        page,
        default_ordering=("-id",),
        transform=lambda rows: [sel.export_out(j) for j in rows],
    )


@router.get("/{export_id}", response=ExportJobOut)
def export_get(request: HttpRequest, export_id: int) -> dict[str, Any]:
    return sel.export_out(sel.export_get(user=request_user(request), job_id=export_id))


@router.get("/{export_id}/download")
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    user = request_user(request)
    job = sel.export_get(user=user, job_id=export_id)
    if job.status == ExportStatus.EXPIRED:
        raise ApplicationError(code="export_expired", message="导出文件已过期，请重新导出", status_code=410)
    if job.status != ExportStatus.SUCCEEDED or not job.storage_name:
        raise ApplicationError(code="export_not_ready", message="导出文件尚未生成完成", status_code=409)
    services.export_download_record(actor=user, job=job)
    response = FileResponse(default_storage.open(job.storage_name, "rb"), content_type=XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"export-{job.pk}.xlsx\"; filename*=UTF-8''{quote(job.file_name)}"
    )
    return response

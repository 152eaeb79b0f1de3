"""Writes of the export jobs: start (checked, audited, queued), run (the background job), download
(audited), and the cleanup of expired files."""

from __future__ import annotations

import logging
import tempfile
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from smedt.audit.services import audit_record
from smedt.core.api.errors import _field_errors
from smedt.core.errors import ApplicationError, PermissionDenied, ValidationFailed
from smedt.core.export import MAX_EXPORT_ROWS, write_xlsx
from smedt.exports.models import ExportJob, ExportStatus
from smedt.exports.registry import ExportKind, ExportSource, export_kind
from smedt.rbac.services import require

logger = logging.getLogger(__name__)

ACTIVE = (ExportStatus.PENDING, ExportStatus.RUNNING)
INTERNAL_ERROR = "导出失败：系统内部错误，请稍后重试或联系管理员"


def progress_every() -> int:
    return max(1, int(getattr(settings, "SMEDT_EXPORT_PROGRESS_EVERY", 1000)))


def ttl() -> timedelta:
    return timedelta(hours=max(1, int(getattr(settings, "SMEDT_EXPORT_TTL_HOURS", 72))))


def max_active() -> int:
    return max(1, int(getattr(settings, "SMEDT_EXPORT_MAX_ACTIVE", 3)))


def _kind(name: str) -> ExportKind:
    kind = export_kind(name)
    if kind is None:
        raise ValidationFailed(
            code="export_unknown_kind", message="不支持的导出类型", details={"fields": {"kind": "不支持的导出类型"}}
        )
    return kind


def _params(kind: ExportKind, raw: dict[str, Any]) -> BaseModel:
    try:
        return kind.params.model_validate(raw)
    except PydanticValidationError as exc:
        details = _field_errors(list(exc.errors()))  # type: ignore[arg-type]
        first = next(iter(details["fields"].items()), None)
        message = "导出条件有误" + (f"：{first[0]} {first[1]}" if first else "")
        raise ValidationFailed(code="export_bad_params", message=message, details=details) from exc


def _source(user: Any, kind: ExportKind, params: BaseModel) -> ExportSource:
    """The rows ``user`` may export now: the permission, then the kind's scoped queryset."""
    if not getattr(user, "is_active", False):
        raise PermissionDenied("账号已停用，不能导出")
    if kind.permission:
        require(user, kind.permission)
    return kind.source(user, params)


def export_start(*, actor: Any, kind: str, params: dict[str, Any]) -> ExportJob:
    """Queue an export of ``kind`` with the list's filters; refused at once when the actor may not
    export it (403), the object named in the filters is out of scope (404) or the filters are bad (422)."""
    k = _kind(kind)
    parsed = _params(k, params)
    _source(actor, k, parsed)  # querysets are lazy: this checks permission and scope, reads no rows
    clean = parsed.model_dump(mode="json", exclude_none=True)
    with transaction.atomic():
        active = ExportJob.objects.select_for_update().filter(created_by_id=actor.pk, status__in=ACTIVE)
        if len(active) >= max_active():
            raise ApplicationError(
                code="export_too_many",
                message=f"您已有 {max_active()} 个导出任务正在进行，请等待完成后再导出",
                status_code=429,
            )
        job = ExportJob.objects.create(kind=k.name, params=clean, created_by=actor)
        audit_record(actor=actor, action="exports.start", target=job, after={"kind": k.name, "params": clean})
        from smedt.exports.tasks import run_export

        run_export.enqueue(job_id=job.pk)  # the database queue: enqueued with the job, or not at all
    return job


def _progress_save(job_id: int, written: int) -> None:
    ExportJob.objects.filter(pk=job_id).update(progress=written)


def _fail(job: ExportJob, message: str) -> None:
    job.status, job.error, job.finished_at = ExportStatus.FAILED, message[:255], timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def _file_name(kind: ExportKind, when: Any) -> str:
    return f"{kind.label}-{timezone.localtime(when).strftime('%Y%m%d%H%M%S')}.xlsx"


def export_run(*, job_id: int) -> str:
    """Write the job's workbook from its owner's scope, saving the progress every N rows; store the file.

    Idempotent: a finished job is skipped, a rerun (retry, reaped worker) starts over and replaces any
    file of an earlier attempt. A refusal (the owner lost the permission, the object left their scope)
    fails the job with the Chinese reason; an unexpected error fails it and is raised for a retry."""
    job = ExportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.status in (ExportStatus.SUCCEEDED, ExportStatus.EXPIRED):
        return "skipped"
    job.status, job.progress, job.total, job.error = ExportStatus.RUNNING, 0, 0, ""
    job.started_at, job.finished_at = timezone.now(), None
    job.save(update_fields=["status", "progress", "total", "error", "started_at", "finished_at"])
    try:
        kind = export_kind(job.kind)
        if kind is None:
            raise ValidationFailed(code="export_unknown_kind", message="该导出类型已不再支持")
        source = _source(job.created_by, kind, _params(kind, job.params))
        total = min(source.queryset.count(), MAX_EXPORT_ROWS)
        ExportJob.objects.filter(pk=job.pk).update(total=total)
        with tempfile.TemporaryFile(suffix=".xlsx") as tmp:
            written = write_xlsx(
                tmp,
                sheet=kind.label,
                columns=source.resolved_columns(),
                rows=source.rows(),
                progress=lambda n: _progress_save(job_id, n),
                every=progress_every(),
            )
            size = tmp.tell()
            tmp.seek(0)
            stored = default_storage.save(f"exports/{job.pk}-{uuid.uuid4().hex}.xlsx", File(tmp))
    except ApplicationError as exc:
        _fail(job, f"导出失败：{exc.message}")
        return "failed"
    except Exception:
        logger.exception("export %s failed", job_id)
        _fail(job, INTERNAL_ERROR)
        raise
    old = job.storage_name
    now = timezone.now()
    job.storage_name, job.file_name, job.size = stored, _file_name(kind, now), size
    job.status, job.progress, job.total, job.row_count = ExportStatus.SUCCEEDED, written, written, written
    job.finished_at, job.expires_at = now, now + ttl()
    job.save(
        update_fields=[
            "storage_name",
            "file_name",
            "size",
            "status",
            "progress",
            "total",
            "row_count",
            "finished_at",
            "expires_at",
        ]
    )
    if old and old != stored:
        default_storage.delete(old)
    return "ok"


@transaction.atomic
def export_download_record(*, actor: Any, job: ExportJob) -> None:
    """The download is audited like any reading of a whole list."""
    audit_record(actor=actor, action="exports.download", target=job, after={"kind": job.kind, "rows": job.row_count})


def exports_expire(*, now: Any = None) -> int:
    """Delete the files of expired jobs (the row stays, marked 已过期). Idempotent."""
    now = now or timezone.now()
    done = 0
    for job in ExportJob.objects.filter(status=ExportStatus.SUCCEEDED, expires_at__lte=now).only("pk", "storage_name"):
        if job.storage_name:
            default_storage.delete(job.storage_name)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.EXPIRED, storage_name="", size=0)
        done += 1
    return done

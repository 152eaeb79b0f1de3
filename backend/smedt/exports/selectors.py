"""Reads of the export jobs: a job is its owner's only (another user's id is 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from smedt.core.errors import NotFound
from smedt.exports.models import ExportJob, ExportStatus
from smedt.exports.registry import export_kind


def export_list(*, user: Any) -> QuerySet[ExportJob]:
    return ExportJob.objects.filter(created_by_id=user.pk)


def export_get(*, user: Any, job_id: int) -> ExportJob:
    job = export_list(user=user).filter(pk=job_id).first()
    if job is None:
        raise NotFound("导出任务不存在或无权访问")
    return job


def export_out(job: ExportJob) -> dict[str, Any]:
    kind = export_kind(job.kind)
    return {
        "id": job.pk,
        "kind": job.kind,
        "kind_label": kind.label if kind else job.kind,
        "params": job.params,
        "status": job.status,
        "status_label": ExportStatus(job.status).label,
        "total": job.total,
        "progress": job.progress,
        "row_count": job.row_count,
        "file_name": job.file_name,
        "size": job.size,
        "error": job.error,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "expires_at": job.expires_at,
        "allowed_actions": ["download"] if job.status == ExportStatus.SUCCEEDED else [],
    }

"""Writes of the insights module: only the background export of the progress report."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from smedt.accounts.models import User
from smedt.audit.services import audit_record
from smedt.core.export import _cell_value, _text_safe_cell
from smedt.insights import selectors
from smedt.insights.models import ExportJob, ExportStatus
from smedt.rbac.services import require

FILTER_KEYS = ("q", "region_code", "sub_industry", "milestone", "reached")
CHUNK = 500
COLUMNS: tuple[tuple[str, str], ...] = (
    ("企业名称", "org_name"),
    ("所在县区", "region_name"),
    ("细分行业", "sub_industry_label"),
    ("数字化水平", "level_label"),
    ("入库时间", "entered_at"),
    ("完成诊断", "diagnosed_at"),
    ("签约改造", "signed_at"),
    ("备案通过", "filed_at"),
    ("申请验收", "acceptance_applied_at"),
    ("验收通过", "accepted_at"),
    ("当前进度", "milestone_label"),
    ("奖补", "subsidy_label"),
)


def _filters(raw: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(**{k: (raw.get(k) or None) for k in FILTER_KEYS})


@transaction.atomic
def export_start(*, actor: Any, filters: dict[str, Any]) -> ExportJob:
    """Queue the Excel export of the progress report (all matching rows, in the actor's scope)."""
    require(actor, "insights.export_progress")
    clean = {k: str(filters[k]) for k in FILTER_KEYS if filters.get(k)}
    job = ExportJob.objects.create(filters=clean, created_by=actor)
    audit_record(actor=actor, action="insights.export_start", target=job, after={"filters": clean})
    from smedt.insights.tasks import run_progress_export

    run_progress_export.enqueue(job_id=job.pk)
    return job


def export_run(*, job_id: int) -> str:
    """Write the workbook chunk by chunk, saving the progress; idempotent (a rerun starts over)."""
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None or job.status == ExportStatus.SUCCEEDED:
        return "skipped"
    user = User.objects.get(pk=job.created_by_id)
    qs = selectors.progress_queryset(user=user, filters=_filters(job.filters))
    job.status, job.progress, job.total = ExportStatus.RUNNING, 0, qs.count()
    job.save(update_fields=["status", "progress", "total"])
    labels = dict(selectors.sub_industries())
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title="试点企业进度统计报表")
    header = []
    for title, _ in COLUMNS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    written = 0
    for start in range(0, job.total, CHUNK):
        for row in selectors.progress_rows(list(qs[start : start + CHUNK])):
            row["sub_industry_label"] = labels.get(row["sub_industry"], row["sub_industry"])
            ws.append([_text_safe_cell(ws, _cell_value(row[key])) for _, key in COLUMNS])
            written += 1
        job.progress = written
        job.save(update_fields=["progress"])
    buf = io.BytesIO()
    wb.save(buf)
    job.content = buf.getvalue()
    job.status, job.finished_at = ExportStatus.SUCCEEDED, timezone.now()
    job.save(update_fields=["content", "status", "finished_at", "progress"])
    return "ok"

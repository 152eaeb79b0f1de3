"""经营数据 Excel import: an enterprise uploads one row per period; a background task checks every row
and writes all of them (as drafts to submit) or none, with progress and a row-by-row error report."""

from __future__ import annotations

import io
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import ApplicationError, ValidationFailed
from smedt.files.services import attachment_upload
from smedt.industry import config
from smedt.industry.errors import IndustryErrorCode
from smedt.industry.models import ImportStatus, OperatingReport, ReportImport, ReportStatus
from smedt.industry.services import ValueIn, report_save, reporting_org

PERIOD_HEADER = "报送期"
NOTE_HEADER = "波动说明"
MAX_ROWS = 240
PROGRESS_EVERY = 5


def header(ind: config.Indicator) -> str:
    return f"{ind.name}（{ind.unit}）"


def import_template() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "经营数据"
    ws.append([PERIOD_HEADER, *(header(i) for i in config.indicators()), NOTE_HEADER])
    example = "2026-01" if config.frequency() == "month" else "2026-Q1"
    ws.append([example, *("" for _ in config.indicators()), ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@transaction.atomic
def import_start(*, actor: Any, org_id: int | None, upload: File[Any]) -> ReportImport:
    org = reporting_org(actor, org_id)
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise ValidationFailed(
            code=IndustryErrorCode.IMPORT_INVALID_FILE,
            message="请上传 .xlsx 格式的导入模板",
            details={"fields": {"file": "文件格式应为 .xlsx"}},
        )
    att = attachment_upload(actor=actor, upload=upload, purpose="industry_import")
    job = ReportImport.objects.create(org=org, file=att, created_by=actor)
    audit_record(
        actor=actor,
        action="industry.import_start",
        target=job,
        region=org.region,
        org_id=org.pk,
        after={"file": att.name},
    )
    from smedt.industry.tasks import run_report_import

    run_report_import.enqueue(job_id=job.pk)
    return job


def _rows(job: ReportImport, errors: list[dict[str, Any]]) -> list[tuple[int, str, list[ValueIn]]]:
    from openpyxl import load_workbook

    try:
        with default_storage.open(job.file.storage_name, "rb") as fh:
            wb = load_workbook(io.BytesIO(fh.read()), read_only=True, data_only=True)
    except Exception:
        errors.append({"row": 0, "column": "文件", "message": "无法读取文件，请使用下载的导入模板"})
        return []
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    if not rows:
        errors.append({"row": 0, "column": "文件", "message": "文件为空"})
        return []
    heads = [str(h).strip() if h is not None else "" for h in rows[0]]
    by_header = {header(i): i for i in config.indicators()}
    if PERIOD_HEADER not in heads:
        errors.append({"row": 1, "column": PERIOD_HEADER, "message": "缺少“报送期”列，请使用下载的导入模板"})
        return []
    if len(rows) - 1 > MAX_ROWS:
        errors.append({"row": 0, "column": "文件", "message": f"一次最多导入 {MAX_ROWS} 行"})
        return []
    out = []
    for n, raw in enumerate(rows[1:], start=2):
        cells = dict(zip(heads, raw, strict=False))
        if all(v is None or str(v).strip() == "" for v in raw):
            continue
        period = str(cells.get(PERIOD_HEADER) or "").strip()
        note = str(cells.get(NOTE_HEADER) or "").strip()[:300]
        values = [
            ValueIn(indicator=ind.code, value=cells[h], explanation=note)
            for h, ind in by_header.items()
            if h in cells and cells[h] is not None and str(cells[h]).strip() != ""
        ]
        out.append((n, period, values))
    return out


def import_run(*, job_id: int) -> str:
    """Run one import job. Idempotent: a finished job is left as it is."""
    job = ReportImport.objects.select_related("file", "created_by", "org__region").filter(pk=job_id).first()
    if job is None or job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED):
        return job.status if job else "missing"
    job.status, job.progress, job.errors = ImportStatus.RUNNING, 0, []
    job.save(update_fields=["status", "progress", "errors"])
    errors: list[dict[str, Any]] = []
    rows = _rows(job, errors)
    job.total = len(rows)
    job.save(update_fields=["total"])
    seen: set[str] = set()
    for n, (row, period, _values) in enumerate(rows, start=1):
        p = config.period_parse(period)
        if p is None:
            errors.append({"row": row, "column": PERIOD_HEADER, "message": f"报送期“{period}”格式不正确"})
        elif period in seen:
            errors.append({"row": row, "column": PERIOD_HEADER, "message": f"报送期 {period} 重复"})
        elif OperatingReport.objects.filter(
            org=job.org, period=period, status__in=(ReportStatus.SUBMITTED, ReportStatus.CONFIRMED)
        ).exists():
            errors.append({"row": row, "column": PERIOD_HEADER, "message": f"报送期 {period} 已报送，不能覆盖"})
        seen.add(period)
        if n % PROGRESS_EVERY == 0:
            job.progress = n
            job.save(update_fields=["progress"])
    if not rows and not errors:
        errors.append({"row": 0, "column": "文件", "message": "没有可导入的数据行"})
    written = 0
    if not errors:
        try:
            with transaction.atomic():
                for row, period, values in sorted(rows, key=lambda r: r[1]):
                    try:
                        report_save(actor=job.created_by, org_id=job.org_id, period=period, values=values)
                    except ValidationFailed as exc:
                        fields = exc.details.get("fields", {})
                        for key, msg in (fields or {"": exc.message}).items():
                            ind = config.indicator_map().get(key.removeprefix("values."))
                            errors.append({"row": row, "column": header(ind) if ind else "数据", "message": msg})
                    written += 1
                if errors:
                    raise ValidationFailed(code=IndustryErrorCode.INVALID_FIELD, message="导入数据有误")
                job.status, job.written, job.finished_at = ImportStatus.SUCCEEDED, written, timezone.now()
                job.progress = job.total
                job.save(update_fields=["status", "written", "finished_at", "progress"])
                audit_record(
                    actor=job.created_by,
                    action="industry.import_finish",
                    target=job,
                    region=job.org.region,
                    org_id=job.org_id,
                    after={"periods": written},
                )
            return job.status
        except ApplicationError as exc:
            if not errors:
                errors.append({"row": 0, "column": "文件", "message": f"写入失败，已全部撤销：{exc.message}"})
    job.status, job.errors, job.finished_at, job.written = ImportStatus.FAILED, errors, timezone.now(), 0
    job.progress = job.total
    job.save(update_fields=["status", "errors", "finished_at", "written", "progress"])
    return job.status

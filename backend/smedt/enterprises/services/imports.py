"""政府批量导入企业 (Excel): row-by-row validation with a Chinese error report, written all or nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from smedt.audit.services import audit_record
from smedt.core.errors import ApplicationError, ValidationFailed
from smedt.enterprises import sizing
from smedt.enterprises.errors import EnterpriseErrorCode
from smedt.enterprises.models import (
    EnterpriseProfile,
    EnterpriseYearFigure,
    FactRecord,
    FactSource,
    ImportJob,
    ImportStatus,
)
from smedt.enterprises.services import profile as profile_services
from smedt.enterprises.services.common import actor_name
from smedt.enterprises.services.facts import facts_changed
from smedt.files.services import attachment_upload
from smedt.orgs import credit_code
from smedt.orgs.models import Organization, OrgKind, OrgStatus
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require
from smedt.regions.models import Region, RegionLevel

# (header, key) — the template's columns, in order
COLUMNS: list[tuple[str, str]] = [
    ("企业名称*", "name"),
    ("统一社会信用代码*", "credit_code"),
    ("所在县区代码*", "region_code"),
    ("地址", "address"),
    ("行业代码(GB/T 4754 小类)", "industry_code"),
    ("注册资本(万元)", "registered_capital"),
    ("成立日期(YYYY-MM-DD)", "founded_on"),
    ("法定代表人", "legal_representative"),
    ("联系人", "contact_name"),
    ("联系电话", "contact_phone"),
    ("年度", "year"),
    ("营业收入(万元)", "operating_revenue"),
    ("研发费用(万元)", "rd_expense"),
    ("利润总额(万元)", "profit"),
    ("资产总额(万元)", "total_assets"),
    ("从业人员(人)", "employees"),
    ("研发人员(人)", "rd_staff"),
]
HEADERS = {h: k for h, k in COLUMNS}
LABEL = {k: h.rstrip("*") for h, k in COLUMNS}
MAX_ROWS = 5000
PROGRESS_EVERY = 25


def import_template() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "企业导入"
    ws.append([h for h, _ in COLUMNS])
    ws.append(
        [
            "示例：新乡某某机械有限公司",
            "91410702MA0000001X",
            "410702",
            "新乡市红旗区某路 1 号",
            "C3432",
            "500",
            "2015-06-01",
            "张三",
            "李四",
            "13800000000",
            2025,
            "3200",
            "150",
            "210",
            "5600",
            120,
            18,
        ]
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@transaction.atomic
def import_start(*, actor: Any, upload: File[Any]) -> ImportJob:
    """Store the upload and queue the import; the screen polls the job."""
    require(actor, "enterprises.import_enterprise")
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise ValidationFailed(
            code=EnterpriseErrorCode.IMPORT_INVALID_FILE,
            message="请上传 .xlsx 格式的导入模板",
            details={"fields": {"file": "文件格式应为 .xlsx"}},
        )
    att = attachment_upload(actor=actor, upload=upload, purpose="enterprise_import")
    regions = sorted(
        (a["region"] for a in user_grants(actor).assignments if a["region"] is not None), key=lambda r: len(r.path)
    )
    job = ImportJob.objects.create(file=att, created_by=actor, region=regions[0] if regions else None)
    audit_record(
        actor=actor, action="enterprises.import_start", target=job, region=job.region, after={"file": att.name}
    )
    from smedt.enterprises.tasks import run_enterprise_import

    run_enterprise_import.enqueue(job_id=job.pk)
    return job


@dataclass
class RowData:
    row: int
    values: dict[str, Any]
    region: Region | None = None
    org: Organization | None = None


@dataclass
class Report:
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: int, key: str, message: str) -> None:
        self.errors.append({"row": row, "column": LABEL.get(key, key), "message": message})


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_rows(job: ImportJob, report: Report) -> list[RowData]:
    with default_storage.open(job.file.storage_name, "rb") as fh:
        data = fh.read()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # any unreadable workbook is the user's file, reported in Chinese
        report.add(1, "file", "文件无法读取，请使用下载的导入模板")
        return []
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, ())]
    keys = [HEADERS.get(h) for h in header]
    missing = [h for h, k in COLUMNS if h.endswith("*") and k not in keys]
    if missing:
        report.add(1, "file", f"表头缺少必填列：{'、'.join(missing)}（请使用下载的导入模板）")
        return []
    out = []
    for idx, raw in enumerate(rows, start=2):
        if raw is None or all(v is None or _text(v) == "" for v in raw):
            continue
        values = {k: raw[i] if i < len(raw) else None for i, k in enumerate(keys) if k}
        out.append(RowData(row=idx, values=values))
        if len(out) > MAX_ROWS:
            report.add(idx, "file", f"单次最多导入 {MAX_ROWS} 行，请拆分文件")
            return []
    if not out:
        report.add(2, "file", "文件中没有数据行")
    return out


@dataclass
class Lookup:
    """What validation needs from the database, read once per file instead of once per row."""

    orgs: dict[str, Organization]
    regions: dict[str, Region]

    @classmethod
    def for_rows(cls, rows: list[RowData]) -> Lookup:
        codes = sorted({credit_code.normalize(_text(r.values.get("credit_code"))) for r in rows})
        orgs: dict[str, Organization] = {}
        for start in range(0, len(codes), 500):
            for org in Organization.objects.select_related("region").filter(credit_code__in=codes[start : start + 500]):
                orgs[org.credit_code] = org
        regions = {r.code: r for r in Region.objects.filter(is_active=True)}
        return cls(orgs=orgs, regions=regions)


def _validate_row(row: RowData, *, actor: Any, report: Report, seen: dict[str, int], lookup: Lookup) -> None:
    v = row.values
    before = len(report.errors)
    name = _text(v.get("name"))
    if len(name) < 2:
        report.add(row.row, "name", "企业名称必填，至少 2 个字")
    code = credit_code.normalize(_text(v.get("credit_code")))
    problem = credit_code.validation_error(code) if code else "统一社会信用代码必填"
    if problem:
        report.add(row.row, "credit_code", problem)
    elif code in seen:
        report.add(row.row, "credit_code", f"与第 {seen[code]} 行的统一社会信用代码重复")
    else:
        seen[code] = row.row
        row.org = lookup.orgs.get(code)
        if row.org is not None and row.org.kind != OrgKind.ENTERPRISE:
            report.add(row.row, "credit_code", "该代码已登记为非企业单位（服务商或政府部门）")
    region_code = _text(v.get("region_code"))
    region = lookup.regions.get(region_code) if region_code else None
    if region is None:
        report.add(row.row, "region_code", "所在县区代码不存在或已停用")
    elif region.level not in (RegionLevel.COUNTY, RegionLevel.CITY):
        report.add(row.row, "region_code", "所在区域请填写到县区一级")
    elif not user_grants(actor).grant("enterprises.import_enterprise").covers(region_path=region.path):
        report.add(row.row, "region_code", "该县区不在您的管辖范围内")
    else:
        row.region = region
    try:
        v["profile"] = profile_services.clean_profile_changes(
            {
                k: v.get(k)
                for k in (
                    "registered_capital",
                    "legal_representative",
                    "industry_code",
                    "contact_name",
                    "contact_phone",
                )
            }
            | {"founded_on": _date(v.get("founded_on"))}
        )
    except ApplicationError as exc:
        key = next(iter(exc.details.get("fields", {"file": ""})))
        report.add(row.row, key, exc.message)
    figure_keys = ("operating_revenue", "rd_expense", "profit", "total_assets", "employees", "rd_staff")
    if any(_text(v.get(k)) for k in figure_keys) or _text(v.get("year")):
        try:
            v["year"] = profile_services.clean_year(_text(v.get("year")))
        except ApplicationError as exc:
            report.add(row.row, "year", exc.message)
        try:
            v["figures"] = profile_services.clean_figure_values({k: v.get(k) for k in figure_keys})
            f = v["figures"]
            if f.get("rd_staff") is not None and f.get("employees") is not None and f["rd_staff"] > f["employees"]:
                report.add(row.row, "rd_staff", "研发人员不能多于从业人员")
        except ApplicationError as exc:
            key = next(iter(exc.details.get("fields", {"file": ""})))
            report.add(row.row, key, exc.message)
    if len(report.errors) == before:
        v["name"], v["credit_code"], v["address"] = name, code, _text(v.get("address"))


def _date(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _text(value) or None


def _write_new(job: ImportJob, rows: list[RowData], actor: Any) -> int:
    """New enterprises in bulk: organizations, records, yearly figures and their facts (few queries per chunk)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    by = actor_name(actor) if actor is not None else "系统导入"
    thresholds = sizing.packaged_thresholds()
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        orgs = []
        for row in chunk:
            v = row.values
            assert row.region is not None
            org = Organization(
                name=v["name"],
                credit_code=v["credit_code"],
                kind=OrgKind.ENTERPRISE,
                region=row.region,
                status=OrgStatus.ACTIVE,
                address=v["address"],
                industry_code=v["profile"].get("industry_code", ""),
                contact_name=v["profile"].get("contact_name", ""),
            )
            org.contact_phone = v["profile"].get("contact_phone", "")
            orgs.append(org)
        Organization.objects.bulk_create(orgs)
        if any(o.pk is None for o in orgs):  # a backend that cannot return ids from a bulk insert
            ids = dict(
                Organization.objects.filter(credit_code__in=[o.credit_code for o in orgs]).values_list(
                    "credit_code", "pk"
                )
            )
            for o in orgs:
                o.pk = ids[o.credit_code]
        values = [{k: x for k, x in row.values["profile"].items() if x not in (None, "")} for row in chunk]
        profiles = EnterpriseProfile.objects.bulk_create(
            [EnterpriseProfile(org=o, **vals) for o, vals in zip(orgs, values, strict=True)]
        )
        if any(p.pk is None for p in profiles):
            profile_ids = dict(EnterpriseProfile.objects.filter(org__in=orgs).values_list("org_id", "pk"))
            for prof in profiles:
                prof.pk = profile_ids[prof.org_id]
        facts: list[FactRecord] = []
        figures: list[EnterpriseYearFigure] = []
        for row, prof, vals in zip(chunk, profiles, values, strict=True):
            facts += [
                FactRecord(
                    profile=prof,
                    year=None,
                    field=k,
                    value=profile_services.fact_value(k, x),
                    source=FactSource.GOVERNMENT_IMPORT,
                    recorded_by=user,
                    recorded_by_name=by,
                    evidence=job.file,
                )
                for k, x in vals.items()
            ]
            year, figs = row.values.get("year"), row.values.get("figures")
            if figs is None or not year:
                continue
            figs = {k: x for k, x in figs.items() if x is not None}
            figure = EnterpriseYearFigure(profile=prof, year=year, **figs)
            size = sizing.size_class(
                thresholds=thresholds,
                industry_code=prof.industry_code,
                employees=figure.employees,
                revenue=figure.operating_revenue,
                total_assets=figure.total_assets,
            )
            figure.size_class, figure.size_sector, figure.size_version = (
                size.size_class or "",
                size.sector,
                size.version,
            )
            figures.append(figure)
            facts += [
                FactRecord(
                    profile=prof,
                    year=year,
                    field=k,
                    value=profile_services.fact_value(k, x),
                    source=FactSource.GOVERNMENT_IMPORT,
                    recorded_by=user,
                    recorded_by_name=by,
                    evidence=job.file,
                )
                for k, x in figs.items()
            ]
        EnterpriseYearFigure.objects.bulk_create(figures)
        FactRecord.objects.bulk_create(facts)
    return len(rows)


def _write(job: ImportJob, rows: list[RowData], actor: Any) -> tuple[int, int]:
    created = _write_new(job, [r for r in rows if r.org is None], actor)
    updated = 0
    for row in rows:
        if row.org is None:
            continue
        v = row.values
        profile = profile_services.profile_for_org(org=row.org)
        values = {k: val for k, val in v["profile"].items() if val not in (None, "")}
        profile_services.profile_apply(
            profile=profile, values=values, source=FactSource.GOVERNMENT_IMPORT, actor=actor, evidence=job.file
        )
        if v.get("figures") is not None and v.get("year"):
            profile_services.figure_apply(
                profile=profile,
                year=v["year"],
                values={k: x for k, x in v["figures"].items() if x is not None},
                source=FactSource.GOVERNMENT_IMPORT,
                actor=actor,
                evidence=job.file,
            )
        facts_changed(org_id=row.org.pk)
        updated += 1
    return created, updated


def import_run(*, job_id: int) -> str:
    """Run one import job. Idempotent: a finished job is left as it is."""
    job = ImportJob.objects.select_related("file", "created_by", "region").filter(pk=job_id).first()
    if job is None or job.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED):
        return job.status if job else "missing"
    actor = job.created_by
    job.status, job.progress, job.errors = ImportStatus.RUNNING, 0, []
    job.save(update_fields=["status", "progress", "errors"])
    report = Report()
    rows = _read_rows(job, report)
    job.total = len(rows)
    job.save(update_fields=["total"])
    seen: dict[str, int] = {}
    lookup = Lookup.for_rows(rows)
    for n, row in enumerate(rows, start=1):
        _validate_row(row, actor=actor, report=report, seen=seen, lookup=lookup)
        if n % PROGRESS_EVERY == 0:
            job.progress = n
            job.save(update_fields=["progress"])
    job.progress = len(rows)
    if not report.errors:
        try:
            with transaction.atomic():
                job.created_count, job.updated_count = _write(job, rows, actor)
                job.status, job.finished_at = ImportStatus.SUCCEEDED, timezone.now()
                job.save(update_fields=["status", "progress", "created_count", "updated_count", "finished_at"])
                audit_record(
                    actor=actor,
                    action="enterprises.import_finish",
                    target=job,
                    region=job.region,
                    after={"created": job.created_count, "updated": job.updated_count, "rows": job.total},
                )
            return job.status
        except ApplicationError as exc:
            report.add(0, "file", f"写入失败，已全部撤销：{exc.message}")
    job.status, job.errors, job.finished_at = ImportStatus.FAILED, report.errors, timezone.now()
    job.created_count = job.updated_count = 0
    job.save(update_fields=["status", "progress", "errors", "finished_at", "created_count", "updated_count"])
    return job.status

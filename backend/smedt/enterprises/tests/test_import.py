"""Government bulk import: template, row-by-row Chinese report, all or nothing, progress, scope."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from smedt.core.testing import run_queued_tasks
from smedt.core.tests.helpers import assert_error
from smedt.enterprises.models import EnterpriseYearFigure, FactRecord, ImportJob
from smedt.enterprises.services.imports import COLUMNS
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import Organization

pytestmark = pytest.mark.django_db


def workbook(rows):
    wb = Workbook()
    ws = wb.active
    ws.append([h for h, _ in COLUMNS])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def row(name, code, region="410702", year=2025, revenue="3200", employees=120, rd_staff=18):
    return [
        name,
        code,
        region,
        "地址",
        "C3432",
        "500",
        "2015-06-01",
        "张三",
        "李四",
        "13800000000",
        year,
        revenue,
        "150",
        "210",
        "5600",
        employees,
        rd_staff,
    ]


def start(api, user, data, name="企业导入.xlsx"):
    f = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return api(user).client.post("/api/enterprises/imports", {"file": f})


def test_template_download_has_the_columns(api, county_a_officer, enterprise_a_user):
    res = api(county_a_officer).get("/api/enterprises/imports/template")
    assert res.status_code == 200
    header = next(load_workbook(io.BytesIO(res.content)).worksheets[0].iter_rows(values_only=True))
    assert header[0] == "企业名称*" and "统一社会信用代码*" in header
    assert_error(api(enterprise_a_user).get("/api/enterprises/imports/template"), 403, "permission_denied")


def test_valid_file_imports_every_row_with_government_provenance(api, county_a_officer, enterprise_a):
    new_code = make_valid("91410702MA9000001")
    data = workbook(
        [row("红旗新导入企业", new_code), row("红旗测试企业", enterprise_a.credit_code, employees=400, revenue="2500")]
    )
    res = start(api, county_a_officer, data)
    assert res.status_code == 202, res.json()
    job_id = res.json()["id"]
    assert res.json()["status"] == "pending"
    run_queued_tasks()
    job = api(county_a_officer).get(f"/api/enterprises/imports/{job_id}").json()
    assert job["status"] == "succeeded", job
    assert (job["total"], job["progress"], job["created_count"], job["updated_count"]) == (2, 2, 1, 1)
    org = Organization.objects.get(credit_code=new_code)
    assert org.kind == "enterprise" and org.region.code == "410702"
    fig = EnterpriseYearFigure.objects.get(profile__org=enterprise_a, year=2025)
    assert fig.size_class == "medium"
    assert set(FactRecord.objects.values_list("source", flat=True)) == {"government_import"}


def test_one_bad_row_imports_nothing_and_reports_each_problem(api, county_a_officer):
    good = make_valid("91410702MA9000002")
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    data = workbook(
        [
            row("好企业", good),
            row("坏代码企业", bad_check),
            row("外县企业", make_valid("91410783MA9000003"), region="410783"),
            row("数字错企业", make_valid("91410702MA9000004"), revenue="很多", employees=5, rd_staff=9),
            row("重复企业", good),
        ]
    )
    job_id = start(api, county_a_officer, data).json()["id"]
    run_queued_tasks()
    job = ImportJob.objects.get(pk=job_id)
    assert job.status == "failed"
    by_row = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert "校验位" in by_row[(3, "统一社会信用代码")]
    assert "管辖范围" in by_row[(4, "所在县区代码")]
    assert "应为数字" in by_row[(5, "营业收入(万元)")]
    assert "重复" in by_row[(6, "统一社会信用代码")]
    assert not Organization.objects.filter(name__in=["好企业", "数字错企业"]).exists()
    assert not FactRecord.objects.exists()
    assert job.created_count == 0


def test_non_xlsx_and_unreadable_files_are_refused(api, county_a_officer):
    assert_error(start(api, county_a_officer, b"a,b\n", name="x.csv"), 422, "enterprises.import_invalid_file")
    wb = Workbook()
    wb.active.append(["随便", "表头"])
    buf = io.BytesIO()
    wb.save(buf)
    job_id = start(api, county_a_officer, buf.getvalue()).json()["id"]
    run_queued_tasks()
    job = ImportJob.objects.get(pk=job_id)
    assert job.status == "failed" and "表头缺少必填列" in job.errors[0]["message"]


def test_enterprise_cannot_import_and_jobs_are_private(api, enterprise_a_user, county_a_officer, county_b_officer):
    assert_error(start(api, enterprise_a_user, workbook([])), 403, "permission_denied")
    job_id = start(api, county_a_officer, workbook([])).json()["id"]
    assert_error(api(county_b_officer).get(f"/api/enterprises/imports/{job_id}"), 404, "not_found")
    assert api(county_b_officer).get("/api/enterprises/imports").json()["total"] == 0
    assert api(county_a_officer).get("/api/enterprises/imports").json()["total"] == 1

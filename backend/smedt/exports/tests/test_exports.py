"""Every export is a background job: started at once (202), written by the worker with progress from the
owner's scope at run time, downloadable by its owner only, audited, failed with a Chinese reason, expired."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from conftest import COUNTY_A, COUNTY_B
from smedt.audit.models import AuditRecord
from smedt.core.errors import ValidationFailed
from smedt.core.testing import run_queued_tasks
from smedt.core.tests.helpers import CJK, assert_error, xlsx_rows
from smedt.exports import services
from smedt.exports.models import ExportJob, ExportStatus
from smedt.exports.registry import ExportSource, export_kinds, export_register, export_unregister
from smedt.exports.testing import export_start, export_xlsx
from smedt.orgs.api.schemas import OrgFilter
from smedt.orgs.models import Organization
from smedt.rbac.models import RoleAssignment

pytestmark = pytest.mark.django_db

KINDS = {
    "orgs",
    "users",
    "login_logs",
    "audit_records",
    "assessment_analysis",
    "projects",
    "provider_pool",
    "cultivation_library",
    "pilots",
    "campaign_submissions",
    "subsidies",
    "insights_progress",
}


@pytest.fixture
def orgs(make_org):
    a = [make_org(COUNTY_A, name=f"红旗导出企业{i}") for i in range(3)]
    b = [make_org(COUNTY_B, name=f"长垣导出企业{i}") for i in range(2)]
    return a, b


def test_every_module_registers_its_export_with_a_chinese_label():
    kinds = {k.name: k for k in export_kinds()}
    assert set(kinds) >= KINDS, sorted(KINDS - set(kinds))
    for k in kinds.values():
        assert CJK.search(k.label), k.name


def test_a_city_export_runs_in_the_background_with_labels_and_filters(api, city_admin, orgs):
    c = api(city_admin)

    res = export_start(c, "orgs", {"q": "导出企业", "region_code": COUNTY_B})

    assert res.status_code == 202, res.content
    job = res.json()
    assert job["status"] == "pending" and job["kind_label"] == "组织机构" and job["status_label"] == "排队中"
    assert c.get(f"/api/exports/{job['id']}/download").status_code == 409  # not written yet
    run_queued_tasks()
    done = c.get(f"/api/exports/{job['id']}").json()
    assert done["status"] == "succeeded" and done["progress"] == done["total"] == done["row_count"] == 2
    assert done["allowed_actions"] == ["download"] and done["file_name"].startswith("组织机构-")
    assert done["expires_at"] is not None
    rows = xlsx_rows(c.get(f"/api/exports/{job['id']}/download"))
    assert rows[0][:5] == ("名称", "统一社会信用代码", "类型", "所在区域", "状态")
    assert sorted(r[0] for r in rows[1:]) == ["长垣导出企业0", "长垣导出企业1"]
    assert {r[2] for r in rows[1:]} == {"企业"} and {r[4] for r in rows[1:]} == {"已认证"}  # labels, not codes


def test_a_county_officers_export_holds_only_their_county(api, county_a_officer, orgs):
    rows = export_xlsx(api(county_a_officer), "orgs", {"q": "导出企业"})

    assert sorted(r[0] for r in rows[1:]) == [f"红旗导出企业{i}" for i in range(3)]


def test_scope_is_evaluated_for_the_owner_when_the_job_runs(api, county_a_officer, orgs):
    c = api(county_a_officer)
    job = export_start(c, "orgs").json()
    RoleAssignment.objects.filter(user=county_a_officer).delete()  # the officer leaves before the worker runs

    run_queued_tasks()

    done = c.get(f"/api/exports/{job['id']}").json()
    assert done["status"] == "failed" and done["status_label"] == "失败"
    assert done["error"].startswith("导出失败：") and CJK.search(done["error"])
    assert not ExportJob.objects.get(pk=job["id"]).storage_name


def test_only_the_owner_sees_and_downloads_the_file(api, county_a_officer, county_b_officer, city_admin, orgs):
    job = export_start(api(county_a_officer), "orgs").json()
    run_queued_tasks()

    for other in (county_b_officer, city_admin):
        assert_error(api(other).get(f"/api/exports/{job['id']}"), 404, "not_found")
        assert_error(api(other).get(f"/api/exports/{job['id']}/download"), 404, "not_found")
        assert api(other).get("/api/exports").json()["items"] == []
    assert_error(api().get(f"/api/exports/{job['id']}/download"), 401, "not_authenticated")


def test_start_and_download_are_audited(api, city_admin, orgs):
    c = api(city_admin)
    job = export_start(c, "orgs", {"q": "红旗"}).json()
    run_queued_tasks()
    c.get(f"/api/exports/{job['id']}/download")

    actions = list(
        AuditRecord.objects.filter(action__startswith="exports.").order_by("id").values_list("action", "after")
    )
    assert actions == [
        ("exports.start", {"kind": "orgs", "params": {"q": "红旗"}}),
        ("exports.download", {"kind": "orgs", "rows": 3}),
    ]


def test_bad_kind_or_filters_are_refused_in_chinese_and_write_nothing(api, city_admin, enterprise_a_user):
    c = api(city_admin)

    body = assert_error(export_start(c, "nope"), 422, "export_unknown_kind")
    assert body["details"]["fields"] == {"kind": "不支持的导出类型"}
    body = assert_error(export_start(c, "orgs", {"status": "nope"}), 422, "export_bad_params")
    assert (
        body["details"]["fields"] == {"status": "格式不正确"} and body["message"] == "导出条件有误：status 格式不正确"
    )
    assert_error(export_start(c, "campaign_submissions", {}), 422, "export_bad_params")
    assert_error(export_start(c, "campaign_submissions", {"campaign_id": 999999}), 404, "not_found")
    assert_error(export_start(api(enterprise_a_user), "orgs"), 403, "permission_denied")
    assert_error(c.post("/api/exports", {"params": {}}), 422, "validation_error")
    assert ExportJob.objects.count() == 0


def test_progress_is_saved_every_n_rows(api, city_admin, orgs, settings, monkeypatch):
    settings.SMEDT_EXPORT_PROGRESS_EVERY = 2
    seen: list[int] = []
    real = services._progress_save

    def spy(job_id: int, written: int) -> None:
        real(job_id, written)
        seen.append(ExportJob.objects.get(pk=job_id).progress)

    monkeypatch.setattr(services, "_progress_save", spy)
    job = export_start(api(city_admin), "orgs", {"q": "导出企业"}).json()

    run_queued_tasks()

    assert seen == [2, 4]
    done = ExportJob.objects.get(pk=job["id"])
    assert (done.status, done.progress, done.total) == (ExportStatus.SUCCEEDED, 5, 5)


@pytest.fixture
def broken_kind():
    def source(user: Any, filters: Any) -> ExportSource:
        def boom(o: Any) -> Any:
            if o.name.endswith("1"):
                raise ValidationFailed(code="broken", message="第二行数据不完整")
            return o.name

        return ExportSource(queryset=Organization.objects.order_by("name"), columns=[("名称", boom)])

    def crash(user: Any, filters: Any) -> ExportSource:
        def boom(o: Any) -> Any:
            raise RuntimeError("disk full")

        return ExportSource(queryset=Organization.objects.all(), columns=[("名称", boom)])

    export_register("test_broken", label="测试导出", params=OrgFilter, source=source)
    export_register("test_crash", label="测试导出", params=OrgFilter, source=crash)
    yield
    export_unregister("test_broken")
    export_unregister("test_crash")


def test_a_refusal_while_writing_fails_the_job_with_its_chinese_reason(api, city_admin, orgs, broken_kind):
    c = api(city_admin)
    job = export_start(c, "test_broken").json()

    run_queued_tasks()

    done = c.get(f"/api/exports/{job['id']}").json()
    assert done["status"] == "failed" and done["error"] == "导出失败：第二行数据不完整"
    assert_error(c.get(f"/api/exports/{job['id']}/download"), 409, "export_not_ready")


def test_an_unexpected_error_is_recorded_in_chinese_and_raised_for_a_retry(city_admin, orgs, broken_kind):
    job = ExportJob.objects.create(kind="test_crash", created_by=city_admin)

    with pytest.raises(RuntimeError):
        services.export_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.error == services.INTERNAL_ERROR


def test_a_rerun_is_idempotent(api, city_admin, orgs):
    job = export_start(api(city_admin), "orgs").json()
    run_queued_tasks()
    first = ExportJob.objects.get(pk=job["id"])

    assert services.export_run(job_id=job["id"]) == "skipped"
    ExportJob.objects.filter(pk=job["id"]).update(status=ExportStatus.RUNNING)  # a reaped worker: run again
    assert services.export_run(job_id=job["id"]) == "ok"

    again = ExportJob.objects.get(pk=job["id"])
    assert again.row_count == first.row_count and again.storage_name != first.storage_name
    assert not default_storage.exists(first.storage_name) and default_storage.exists(again.storage_name)


def test_expired_files_are_deleted_by_the_periodic_cleanup(api, city_admin, orgs):
    c = api(city_admin)
    job = export_start(c, "orgs").json()
    run_queued_tasks()
    name = ExportJob.objects.get(pk=job["id"]).storage_name
    ExportJob.objects.filter(pk=job["id"]).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert services.exports_expire() == 1

    assert not default_storage.exists(name)
    assert c.get(f"/api/exports/{job['id']}").json()["status_label"] == "已过期"
    assert_error(c.get(f"/api/exports/{job['id']}/download"), 410, "export_expired")
    assert services.exports_expire() == 0


def test_too_many_running_exports_are_refused(api, city_admin, orgs, settings):
    settings.SMEDT_EXPORT_MAX_ACTIVE = 2
    c = api(city_admin)
    assert export_start(c, "orgs").status_code == 202
    assert export_start(c, "orgs").status_code == 202

    assert_error(export_start(c, "orgs"), 429, "export_too_many")
    run_queued_tasks()
    assert export_start(c, "orgs").status_code == 202


def test_my_exports_list_has_a_fixed_query_count(api, city_admin, orgs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = api(city_admin)
    export_start(c, "orgs")
    with CaptureQueriesContext(connection) as one:
        res = c.get("/api/exports")
    assert len(res.json()["items"]) == 1
    for _ in range(2):
        export_start(c, "orgs", {"q": "红旗"})
    run_queued_tasks()
    with CaptureQueriesContext(connection) as three:
        res = c.get("/api/exports")
    assert [j["kind_label"] for j in res.json()["items"]] == ["组织机构"] * 3
    assert len(three.captured_queries) == len(one.captured_queries) <= 6

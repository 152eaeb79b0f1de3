from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smedt.enterprises.models import FactRecord
from smedt.industry.models import OperatingReport, ReportStatus
from smedt.industry.tests.conftest import report, values


@pytest.fixture(autouse=True)
def _monthly(settings):
    settings.SMEDT_INDUSTRY_FREQUENCY = "month"


def test_a_jump_is_flagged_and_needs_an_explanation(api, members, enterprise_a_user, county_a_officer):
    c = api(enterprise_a_user)
    first = report(c, "2026-01", revenue=1000, employees=100)
    assert first.status_code == 200, first.content
    assert c.post(f"/api/industry/reports/{first.json()['id']}/submit").status_code == 200
    res = report(c, "2026-02", revenue=1800, employees=101)
    body = res.json()
    rev = next(v for v in body["values"] if v["indicator"] == "revenue")
    assert rev["previous"] == "1000.00" and rev["change_pct"] == "80.00" and rev["flagged"] is True
    assert body["flagged"] == 1 and body["allowed_actions"] == ["save", "submit"]
    refused = c.post(f"/api/industry/reports/{body['id']}/submit")
    assert refused.status_code == 422
    assert "values.revenue" in refused.json()["details"]["fields"]
    assert OperatingReport.objects.get(pk=body["id"]).status == ReportStatus.DRAFT
    explained = c.post(
        "/api/industry/reports",
        {
            "period": "2026-02",
            "values": [
                {"indicator": "revenue", "value": "1800", "explanation": "新签大额订单集中交付"},
                {"indicator": "employees", "value": "101", "explanation": ""},
            ],
        },
    )
    assert explained.status_code == 200
    assert c.post(f"/api/industry/reports/{body['id']}/submit").json()["status"] == "submitted"


def test_the_county_confirms_and_the_figures_enter_the_fact_base(
    api, members, enterprise_a_user, county_a_officer, county_b_officer, enterprise_b_user
):
    c = api(enterprise_a_user)
    rid = report(c, "2026-01", revenue="1234.50", tax=88).json()["id"]
    c.post(f"/api/industry/reports/{rid}/submit")
    assert api(county_b_officer).post(f"/api/industry/reports/{rid}/confirm", {}).status_code == 404
    assert api(enterprise_b_user).get(f"/api/industry/reports/{rid}").status_code == 404
    assert c.post(f"/api/industry/reports/{rid}/confirm", {}).status_code == 403
    detail = api(county_a_officer).get(f"/api/industry/reports/{rid}").json()
    assert detail["allowed_actions"] == ["confirm", "return"]
    res = api(county_a_officer).post(f"/api/industry/reports/{rid}/confirm", {"note": "数据无误"})
    assert res.status_code == 200 and res.json()["status"] == "confirmed"
    fact = FactRecord.objects.get(field="industry.revenue.2026-01", is_current=True)
    assert (fact.value, fact.source, fact.year) == ("1234.50", "reviewer_confirmed", 2026)
    assert fact.recorded_by == county_a_officer
    locked = report(c, "2026-01", revenue=1)
    assert locked.status_code == 409
    assert api(county_a_officer).post(f"/api/industry/reports/{rid}/confirm", {}).status_code == 409


def test_return_needs_a_reason_and_reopens_the_report(api, members, enterprise_a_user, county_a_officer):
    c = api(enterprise_a_user)
    rid = report(c, "2026-01", revenue=10).json()["id"]
    c.post(f"/api/industry/reports/{rid}/submit")
    county = api(county_a_officer)
    assert county.post(f"/api/industry/reports/{rid}/return", {"note": ""}).status_code == 422
    assert (
        county.post(f"/api/industry/reports/{rid}/return", {"note": "单位填错了，请核对"}).json()["status"]
        == "returned"
    )
    assert report(c, "2026-01", revenue=12).status_code == 200
    assert c.post(f"/api/industry/reports/{rid}/submit").json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("period", "vals", "field"),
    [
        ("2026-13", {"revenue": 1}, "period"),
        ("2099-01", {"revenue": 1}, "period"),
        ("2026-01", {"revenue": -5}, "values.revenue"),
        ("2026-01", {"capacity_utilization": 120}, "values.capacity_utilization"),
        ("2026-01", {"employees": "10.5"}, "values.employees"),
        ("2026-01", {"nonsense": 1}, "values"),
        ("2026-01", {}, "values"),
    ],
)
def test_bad_reports_are_refused_with_the_field_and_nothing_written(api, enterprise_a_user, period, vals, field):
    res = api(enterprise_a_user).post("/api/industry/reports", {"period": period, "values": values(**vals)})
    assert res.status_code == 422, res.content
    assert field in res.json()["details"].get("fields", {}) or res.json()["code"] == "validation_error"
    assert OperatingReport.objects.count() == 0


def test_government_cannot_report_for_an_enterprise(api, county_a_officer, enterprise_a):
    res = api(county_a_officer).post(
        "/api/industry/reports", {"period": "2026-01", "org_id": enterprise_a.pk, "values": values(revenue=1)}
    )
    assert res.status_code in (403, 404)


def test_the_report_list_is_scoped_with_a_fixed_query_count(
    api, members, enterprise_a_user, enterprise_b_user, county_a_officer, city_admin, django_assert_max_num_queries
):
    for month in range(1, 7):
        rid = report(api(enterprise_a_user), f"2026-{month:02d}", revenue=100).json()["id"]
        api(enterprise_a_user).post(f"/api/industry/reports/{rid}/submit")
    report(api(enterprise_b_user), "2026-01", revenue=5)
    assert api(enterprise_b_user).get("/api/industry/reports").json()["total"] == 1
    assert api(county_a_officer).get("/api/industry/reports").json()["total"] == 6
    assert api(county_a_officer).get("/api/industry/reports", {"status": "submitted"}).json()["total"] == 6
    c = api(city_admin)
    with django_assert_max_num_queries(10):
        assert c.get("/api/industry/reports", {"page_size": 50}).json()["total"] == 7


def _xlsx(rows):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("data.xlsx", buf.getvalue())


def test_excel_import_writes_all_periods_or_none(api, members, enterprise_a_user, enterprise_a):
    from smedt.industry.imports import import_run

    c = api(enterprise_a_user)
    tpl = c.get("/api/industry/imports/template")
    assert tpl.status_code == 200
    head = ["报送期", "营业收入（万元）", "从业人员（人）", "波动说明"]
    bad = c.client.post(
        "/api/industry/imports", {"file": _xlsx([head, ["2026-01", 100, 10, ""], ["2026-02", -1, 10, ""]])}
    )
    assert bad.status_code == 202
    assert import_run(job_id=bad.json()["id"]) == "failed"
    job = c.get(f"/api/industry/imports/{bad.json()['id']}").json()
    assert job["errors"][0]["row"] == 3 and "不能为负数" in job["errors"][0]["message"]
    assert OperatingReport.objects.count() == 0
    good = c.client.post(
        "/api/industry/imports", {"file": _xlsx([head, ["2026-01", 100, 10, ""], ["2026-02", 300, 10, "季节性订单"]])}
    )
    assert import_run(job_id=good.json()["id"]) == "succeeded"
    feb = OperatingReport.objects.get(org=enterprise_a, period="2026-02")
    assert feb.flagged == 0  # January was only saved, not submitted: no baseline yet
    assert feb.values.get(indicator="revenue").value == Decimal("300.00")
    assert api(enterprise_a_user).get(f"/api/industry/imports/{good.json()['id']}").json()["status"] == "succeeded"
    assert c.client.post("/api/industry/imports", {"file": SimpleUploadedFile("a.csv", b"x")}).status_code == 422


def test_reminders_go_once_to_chain_enterprises_that_have_not_reported(members, enterprise_a_user, enterprise_b_user):
    from datetime import date

    from smedt.industry.services import reminders_send
    from smedt.notify.models import Message

    assert reminders_send(today=date(2026, 3, 5)) == 2
    assert reminders_send(today=date(2026, 3, 6)) == 0
    assert reminders_send(today=date(2026, 3, 20)) == 2  # overdue now: one more
    assert Message.objects.filter(recipient=enterprise_a_user, title__contains="逾期").count() == 1


def test_the_workspace_lists_the_open_month_and_the_reports_to_confirm(
    api, members, enterprise_a_user, county_a_officer, county_b_officer
):
    from django.utils import timezone

    from smedt.industry import config

    period = config.period_current_due(timezone.localdate())
    todos = api(enterprise_a_user).get("/api/workspace/summary").json()["todos"]
    assert any(t["kind"] == "经营数据报送" for t in todos)
    rid = report(api(enterprise_a_user), period.code, revenue=10).json()["id"]
    api(enterprise_a_user).post(f"/api/industry/reports/{rid}/submit")
    assert not any(
        t["kind"] == "经营数据报送" for t in api(enterprise_a_user).get("/api/workspace/summary").json()["todos"]
    )
    assert any(t["kind"] == "经营数据确认" for t in api(county_a_officer).get("/api/workspace/summary").json()["todos"])
    assert not any(
        t["kind"] == "经营数据确认" for t in api(county_b_officer).get("/api/workspace/summary").json()["todos"]
    )

"""The results dashboard: scope per county, numbers equal the lists they drill into, 暂无 without funds,
public aggregates carry no names, the progress export runs in the background."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from conftest import COUNTY_A, COUNTY_B
from smedt.core.testing import run_queued_tasks
from smedt.dicts.services import dicts_load
from smedt.insights import subsidies
from smedt.insights.tests import factories as f
from smedt.orgs.models import OrgKind
from smedt.providers.models import ProviderPoolMember

STAGES = ("diagnosis", "filing", "implementation", "acceptance", "accepted", "closed")


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


@pytest.fixture
def world(make_org: Any, enterprise_a: Any, enterprise_b: Any, provider_org: Any) -> dict[str, Any]:
    """County A: 3 pilots, projects in every stage; county B: 1 pilot, 2 projects. 规上 records in both."""
    from pathlib import Path

    dicts_load(path=Path(settings.SMEDT_DICTS_FILE))
    ProviderPoolMember.objects.create(
        org=provider_org, region=provider_org.region, provider_type="integrator", sub_industries=["auto_parts"]
    )
    a2 = make_org(COUNTY_A, name="甲二公司")
    a3 = make_org(COUNTY_A, name="甲三公司")
    f.pilot(enterprise_a, level=2)
    f.pilot(a2, sub="new_chemicals", level=1)
    f.pilot(a3)
    f.pilot(enterprise_b, level=3)
    f.project(enterprise=enterprise_a, provider=provider_org, kind="diagnosis", status="done")
    f.project(enterprise=enterprise_a, provider=provider_org, status="accepted", days_ago=90, step_days=5)
    f.project(enterprise=a2, provider=provider_org, kind="diagnosis", status="diagnosing", overdue=True)
    f.project(enterprise=a2, provider=provider_org, status="implementing", sub="new_chemicals", overdue=True)
    f.project(enterprise=a3, provider=provider_org, status="filing_review")
    f.project(enterprise=a3, provider=provider_org, status="cancelled")
    f.project(enterprise=enterprise_b, provider=provider_org, status="acceptance_review")
    f.project(enterprise=enterprise_b, provider=provider_org, status="contracting")
    # 规上 records: auto_parts A: one at 二级, one below (a2 is in flight but in new_chemicals)
    f.profile(enterprise_a, sub="auto_parts", above_scale=True, level=2)
    f.profile(make_org(COUNTY_A, name="甲规上未评"), sub="auto_parts", above_scale=True)
    f.profile(a2, sub="new_chemicals", above_scale=True, level=1)
    f.profile(a3, sub="auto_parts", above_scale=False, level=2)
    f.profile(enterprise_b, sub="auto_parts", above_scale=True, level=1)
    return {"a2": a2, "a3": a3}


def _total(client: Any, path: str, **params: Any) -> int:
    res = client.get(path, {**params, "page_size": 1})
    assert res.status_code == 200, res.content
    return int(res.json()["total"])


def _widget(client: Any, name: str) -> dict[str, Any]:
    res = client.get(f"/api/insights/widgets/{name}")
    assert res.status_code == 200, res.content
    return dict(res.json())


@pytest.mark.parametrize("persona", ["city_admin", "county_a_officer", "county_b_officer"])
def test_every_dashboard_number_equals_the_list_behind_it(api, request, world, persona, provider_org):
    user = request.getfixturevalue(persona)
    c = api(user)
    board = _widget(c, "projects-stage")
    assert board["total"] == _total(c, "/api/projects")
    for s in board["stages"]:
        assert s["count"] == _total(c, "/api/projects", stage=s["stage"]), s
    assert board["overdue"] == _total(c, "/api/projects", overdue=True)
    for county in board["counties"]:
        assert county["total"] == _total(c, "/api/projects", region=county["code"])
        for stage, n in county["by_stage"].items():
            assert n == _total(c, "/api/projects", region=county["code"], stage=stage)
    for ind in board["industries"]:
        for stage, n in ind["by_stage"].items():
            assert n == _total(c, "/api/projects", sub_industry=ind["value"], stage=stage)

    trend = _widget(c, "projects-trend")
    for m in trend["months"]:
        for kind in ("diagnosis", "transformation"):
            assert m[kind] == _total(
                c, "/api/projects", kind=kind, created_from=m["date_from"], created_to=m["date_to"]
            )

    pilots = _widget(c, "pilots")
    assert pilots["total"] == _total(c, "/api/enterprises/pilots", status="active")
    for county in pilots["counties"]:
        assert county["count"] == _total(c, "/api/enterprises/pilots", status="active", region_code=county["code"])
    for ind in pilots["industries"]:
        assert ind["count"] == _total(c, "/api/enterprises/pilots", status="active", sub_industry=ind["value"])
    for lv in pilots["levels"]:
        if lv["level"]:
            assert lv["count"] == _total(c, "/api/enterprises/pilots", status="active", level=lv["level"])

    levels = _widget(c, "pilot-levels")
    assert levels["total"] == _total(c, "/api/projects", stage="accepted")

    providers = _widget(c, "providers")
    assert providers["total"] == _total(c, "/api/providers/pool")
    for row in providers["top"]:
        assert row["projects"] == _total(c, "/api/projects", provider_id=row["org_id"])

    signing = _widget(c, "signing")
    for row in signing["providers"]:
        assert row["contracts"] == _total(c, "/api/projects", provider_id=row["org_id"], signed=True)
        for stage, n in row["stages"].items():
            assert n == _total(c, "/api/projects", provider_id=row["org_id"], stage=stage)

    funnel = _widget(c, "funnel")
    for step in funnel["steps"]:
        params = {} if step["key"] == "pilot" else {"reached": step["key"]}
        assert step["count"] == _total(c, "/api/insights/progress", **params), step

    kpi = _widget(c, "kpi")
    for ind in kpi["industries"]:
        assert ind["above_total"] == _total(c, "/api/enterprises/profiles", above_scale=True, sub_industry=ind["value"])
        assert ind["above_below"] == _total(c, "/api/insights/kpi/below", sub_industry=ind["value"])


def test_county_officer_sees_its_county_only(api, world, city_admin, county_a_officer, county_b_officer):
    city = _widget(api(city_admin), "projects-stage")
    a = _widget(api(county_a_officer), "projects-stage")
    b = _widget(api(county_b_officer), "projects-stage")
    assert (city["total"], a["total"], b["total"]) == (8, 6, 2)
    assert {c["code"] for c in a["counties"]} == {COUNTY_A}
    assert {c["code"] for c in b["counties"]} == {COUNTY_B}
    assert _widget(api(county_b_officer), "pilots")["total"] == 1
    assert _widget(api(county_a_officer), "pilots")["total"] == 3
    names = [r["org_name"] for r in api(county_b_officer).get("/api/insights/progress").json()["items"]]
    assert names == [world_b_name(county_b_officer)]
    below_b = api(county_b_officer).get("/api/insights/kpi/below", {"sub_industry": "auto_parts"}).json()
    assert [r["region_name"] for r in below_b["items"]] == ["长垣市"]


def world_b_name(user: Any) -> str:
    from smedt.enterprises.models import PilotEnterprise

    return PilotEnterprise.objects.get(region__code=COUNTY_B).org.name


def test_kpi_figures_and_levels_gap(api, world, city_admin):
    kpi = _widget(api(city_admin), "kpi")
    auto = next(i for i in kpi["industries"] if i["value"] == "auto_parts")
    # 规上 auto_parts: A 二级, A 未评, B 一级 → 1 of 3 reached; the 规下 one (a3, 二级) counts apart
    assert (auto["above_total"], auto["above_reached"], auto["above_below"]) == (3, 1, 2)
    assert Decimal(auto["above_share"]) == Decimal("33.3")
    assert auto["gap_to_target"] == 2 and auto["met"] is False
    assert (auto["below_scale_total"], auto["below_scale_reached"]) == (1, 1)
    assert Decimal(kpi["target_share"]) == Decimal("90") and kpi["target_level_label"] == "二级"
    rows = api(city_admin).get("/api/insights/kpi/below", {"sub_industry": "auto_parts"}).json()["items"]
    assert sorted(r["gap_label"] for r in rows) == ["尚无评测结果", "差 1 级"]


def test_funnel_durations_and_forecast_state_their_method(api, world, city_admin):
    c = api(city_admin)
    steps = {s["key"]: s["count"] for s in _widget(c, "funnel")["steps"]}
    assert steps == {"pilot": 4, "diagnosed": 1, "signed": 4, "filed": 3, "accepted": 1}
    durations = {s["key"]: s for s in _widget(c, "durations")["steps"]}
    assert durations["acceptance"]["projects"] == 1
    assert Decimal(durations["acceptance"]["avg_days"]) == Decimal("5.0")
    assert durations["filing"]["projects"] == 3
    forecast = _widget(c, "forecast")
    assert "预测占比" in forecast["method"]
    # one finished project (accepted, no after-assessment level) → pass rate 0 → forecast = current share
    assert forecast["finished_projects"] == 1
    auto = next(i for i in forecast["industries"] if i["value"] == "auto_parts")
    # B's acceptance_review project is in flight for a 规上 enterprise below 二级 (a3's is 规下: not counted)
    assert auto["in_flight"] == 1
    assert Decimal(forecast["pass_rate"]) == Decimal("0.0")
    assert Decimal(auto["forecast_share"]) == Decimal("33.3")


def test_subsidy_list_shows_nothing_until_a_funds_provider_registers(api, world, city_admin):
    saved = dict(subsidies._provider)  # the funds app registers its provider at start-up
    subsidies.unregister_subsidy_provider()
    cache.clear()
    try:
        _subsidy_list_without_then_with_a_provider(api, city_admin)
    finally:
        subsidies._provider.clear()
        subsidies._provider.update(saved)
        cache.clear()


def _subsidy_list_without_then_with_a_provider(api: Any, city_admin: Any) -> None:
    assert _widget(api(city_admin), "subsidies")["available"] is False
    rows = api(city_admin).get("/api/insights/progress").json()["items"]
    assert {r["subsidy_label"] for r in rows} == {"暂无"}
    seen: list[Any] = []

    def summary(user: Any, paths: Any) -> dict[str, Any]:
        seen.append(paths)
        return {"total_amount": Decimal("50000.00"), "enterprise_count": 1, "items": [], "list_link": "/funds"}

    subsidies.register_subsidy_provider(summary)
    cache.clear()
    data = _widget(api(city_admin), "subsidies")
    assert data["available"] is True and Decimal(data["total_amount"]) == Decimal("50000.00")


@pytest.mark.parametrize("persona", ["outsider", "enterprise_a_user", "provider_user"])
def test_only_government_reads_the_dashboard(api, world, request, persona):
    c = api(request.getfixturevalue(persona))
    for path in (
        "/api/insights/widgets/projects-stage",
        "/api/insights/progress",
        "/api/insights/kpi/below",
        "/api/insights/map",
    ):
        res = c.get(path)
        assert res.status_code == 403, (path, res.content)
        assert res.json()["code"] == "permission_denied"
    assert api().get("/api/insights/widgets/kpi").status_code == 401


def test_public_summary_has_aggregates_only(api, world):
    res = api().get("/api/insights/public")
    assert res.status_code == 200
    data = res.json()
    assert data["pilot_enterprises"] == 4 and data["providers"] == 1
    text = res.content.decode()
    for secret in ("甲二公司", "甲三公司", "100000", "credit_code", "org_id"):
        assert secret not in text


def test_widget_is_one_cached_query(api, world, city_admin):
    c = api(city_admin)
    _widget(c, "pilots")
    with CaptureQueriesContext(connection) as ctx:
        _widget(c, "pilots")
    widget_sql = [q["sql"] for q in ctx.captured_queries if "enterprises_pilotenterprise" in q["sql"]]
    assert widget_sql == []  # served from the cache


def test_progress_list_query_count_is_pinned(api, world, city_admin, make_org):
    c = api(city_admin)
    c.get("/api/insights/progress", {"page_size": 1})
    with CaptureQueriesContext(connection) as one:
        c.get("/api/insights/progress", {"page_size": 1})
    for i in range(5):
        f.pilot(make_org(COUNTY_A, name=f"加{i}"))
    with CaptureQueriesContext(connection) as many:
        res = c.get("/api/insights/progress", {"page_size": 30})
    assert len(res.json()["items"]) == 9
    assert len(one.captured_queries) == len(many.captured_queries)


def test_bad_filter_is_a_clear_422(api, world, city_admin):
    res = api(city_admin).get("/api/insights/progress", {"milestone": "nope"})
    assert res.status_code == 422
    assert res.json()["message"] == "当前进度取值无效"


def test_progress_export_runs_in_background_with_labels(api, world, county_a_officer, county_b_officer):
    c = api(county_a_officer)
    res = c.post("/api/exports", {"kind": "insights_progress", "params": {"sub_industry": "auto_parts"}})
    assert res.status_code == 202, res.content
    job = res.json()
    assert job["status"] == "pending" and job["kind_label"] == "试点企业进度统计报表"
    run_queued_tasks()
    done = c.get(f"/api/exports/{job['id']}").json()
    assert done["status"] == "succeeded" and done["progress"] == done["total"] == 2
    assert api(county_b_officer).get(f"/api/exports/{job['id']}").status_code == 404
    file = c.get(f"/api/exports/{job['id']}/download")
    assert file.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(file.streaming_content) if file.streaming else file.content)).active
    rows = list(ws.values)
    assert rows[0][:4] == ("企业名称", "所在县区", "细分行业", "数字化水平")
    assert {r[2] for r in rows[1:]} == {"汽车零部件"}
    assert {r[1] for r in rows[1:]} == {"红旗区"}
    assert "auto_parts" not in str(rows)
    bad = c.post("/api/exports", {"kind": "insights_progress", "params": {"milestone": "nope"}})
    assert bad.status_code == 422 and bad.json()["message"] == "当前进度取值无效"


def test_portal_headline_counts_the_pilot_library(api, world, make_org):
    make_org(COUNTY_A, kind=OrgKind.ENTERPRISE, name="非试点企业")
    figures = {h["key"]: h for h in api().get("/api/portal/public/home").json()["headlines"]}
    assert figures["pilot_enterprises"]["value"] == 4
    assert figures["pilot_enterprises"]["label"] == "试点企业"
    assert figures["enterprises"]["label"] == "入驻企业"
    assert figures["enterprises"]["value"] > 4


def test_map_names_every_county_with_its_code(api, world, city_admin):
    data = api(city_admin).get("/api/insights/map").json()
    codes = {ft["properties"]["name"]: ft["properties"]["code"] for ft in data["geojson"]["features"]}
    assert codes["红旗区"] == COUNTY_A and codes["长垣县"] == COUNTY_B
    assert all(codes.values())


def test_stage_counts_on_known_data(api, world, city_admin):
    stages = {s["stage"]: s["count"] for s in _widget(api(city_admin), "projects-stage")["stages"]}
    assert stages == {"diagnosis": 2, "filing": 2, "implementation": 1, "acceptance": 1, "accepted": 1, "closed": 1}
    assert _widget(api(city_admin), "projects-stage")["overdue"] == 2
    signing = _widget(api(city_admin), "signing")["providers"][0]
    # signed: a's diagnosis + a's accepted + a2's two + a3 filing + b acceptance (b contracting and a3 cancelled not)
    assert (signing["contracts"], signing["enterprises"]) == (6, 4)
    assert signing["target"] == {"enterprises": 10, "contracts": 10, "accepted": 5}
    assert Decimal(signing["contracts_pct"]) == Decimal("60.0")


def test_above_scale_is_a_fact_with_provenance(api, world, county_a_officer, enterprise_a_user, enterprise_a):
    res = api(county_a_officer).patch(f"/api/enterprises/profiles/{enterprise_a.pk}", {"above_scale": False})
    assert res.status_code == 200, res.content
    field = next(x for x in res.json()["fields"] if x["key"] == "above_scale")
    assert field["value"] is False and field["label"] == "规上企业"
    assert field["provenance"]["source_label"] == "审核确认"
    bad = api(enterprise_a_user).patch(f"/api/enterprises/profiles/{enterprise_a.pk}", {"above_scale": "maybe"})
    assert bad.status_code == 422


def _figures(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "generated_at"}


@pytest.mark.parametrize("persona", ["city_admin", "county_a_officer", "county_b_officer"])
def test_background_summary_gives_the_live_figures(api, request, world, persona):
    """KPI, forecast and durations read the per-county cells of the background refresh once it ran: the same
    figures as live, per scope, still equal to the lists; stale or other-parameter cells are not used."""
    from datetime import timedelta

    from django.utils import timezone

    from smedt.insights.models import SummaryCell, SummaryRun
    from smedt.insights.tasks import refresh_summary

    c = api(request.getfixturevalue(persona))
    live = {w: _figures(_widget(c, w)) for w in ("kpi", "durations", "forecast")}
    refresh_summary.enqueue()
    run_queued_tasks()
    # the built-in widgets and the ones other modules registered (the 综合分析 of assessment, the 成效展示 /
    # 线上监测, 行业画像 and 对标分析 of industry)
    assert set(SummaryRun.objects.values_list("widget", flat=True)) == {
        "kpi",
        "durations",
        "analysis",
        "industry",
        "ind_profile",
        "ind_benchmark",
    }
    refresh_summary.enqueue()  # idempotent: a second run replaces the cells, never adds
    run_queued_tasks()
    assert SummaryCell.objects.filter(widget="kpi").count() == 4  # (A, auto|a) (A, auto|b) (A, chem|a) (B, auto|a)
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        from_cells = {w: _figures(_widget(c, w)) for w in ("kpi", "durations", "forecast")}
    assert from_cells == live
    assert not any('"sub_industries"' in q["sql"] and "GROUP BY" in q["sql"] for q in ctx.captured_queries)
    for ind in from_cells["kpi"]["industries"]:
        assert ind["above_total"] == _total(c, "/api/enterprises/profiles", above_scale=True, sub_industry=ind["value"])
        assert ind["above_below"] == _total(c, "/api/insights/kpi/below", sub_industry=ind["value"])

    # the cells are what is read: a change after the refresh shows up only after the next one
    SummaryCell.objects.filter(widget="kpi").update(count=99)
    cache.clear()
    totals = [i["above_total"] for i in _widget(c, "kpi")["industries"] if i["above_total"]]
    assert totals and all(t % 99 == 0 for t in totals)  # 99 per county cell
    # stale cells are ignored, as are cells computed for another target level
    SummaryRun.objects.filter(widget="kpi").update(computed_at=timezone.now() - timedelta(hours=1))
    cache.clear()
    assert _figures(_widget(c, "kpi")) == live["kpi"]
    SummaryRun.objects.filter(widget="kpi").update(computed_at=timezone.now(), params={"min_level": 3})
    cache.clear()
    assert _figures(_widget(c, "kpi")) == live["kpi"]


def test_summary_is_off_with_max_age_zero(api, world, city_admin, settings):
    from smedt.insights import summary

    summary.refresh()
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 0
    assert summary.read("kpi", user=city_admin, code="enterprises.view_profile", params={"min_level": 2}) is None
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 180
    assert summary.read("kpi", user=city_admin, code="enterprises.view_profile", params={"min_level": 2})


def test_summary_refresh_is_a_periodic_job():
    from smedt.taskqueue.scheduler import jobs_discover

    assert "insights.refresh_summary" in {j.name for j in jobs_discover()}

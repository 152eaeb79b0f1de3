"""线上监测, 对标分析 and 成效展示: figures only count once confirmed; every view is scoped."""

from __future__ import annotations

import pytest

from smedt.industry import services
from smedt.industry.models import OperatingReport
from smedt.industry.services import ValueIn


@pytest.fixture(autouse=True)
def _monthly(settings):
    settings.SMEDT_INDUSTRY_FREQUENCY = "month"


def _confirmed(enterprise_user, county, period, **vals):
    r = services.report_save(
        actor=enterprise_user,
        org_id=None,
        period=period,
        values=[ValueIn(k, v, "经核实属实的变动") for k, v in vals.items()],
    )
    services.report_submit(actor=enterprise_user, report=r)
    if county is not None:
        services.report_confirm(actor=county, report=OperatingReport.objects.get(pk=r.pk))
    return r


@pytest.fixture
def data(members, enterprise_a_user, enterprise_b_user, county_a_officer, county_b_officer):
    _confirmed(enterprise_a_user, county_a_officer, "2026-01", revenue=1000)
    _confirmed(enterprise_a_user, county_a_officer, "2026-02", revenue=1100)
    _confirmed(enterprise_a_user, county_a_officer, "2026-03", revenue=1500)
    _confirmed(enterprise_b_user, county_b_officer, "2026-02", revenue=500)
    _confirmed(enterprise_b_user, None, "2026-03", revenue=300)  # submitted only, a 40 % drop


def test_monitoring_by_chain_and_county(api, data, city_admin, county_a_officer, lifting):
    rows = api(city_admin).get("/api/industry/monitoring", {"period": "2026-03"}).json()["rows"]
    row = next(r for r in rows if r["name"] == "起重装备")
    assert (row["expected"], row["reported"], row["confirmed"], row["unconfirmed"]) == (2, 2, 1, 1)
    assert row["dropped"] == 1 and row["rate"] == "100.00"
    by_county = api(city_admin).get("/api/industry/monitoring", {"period": "2026-03", "by": "county"}).json()["rows"]
    assert {r["name"] for r in by_county} == {"红旗区", "长垣市"}
    mine = api(county_a_officer).get("/api/industry/monitoring", {"period": "2026-03", "by": "county"}).json()["rows"]
    assert [r["name"] for r in mine] == ["红旗区"]
    april = api(city_admin).get("/api/industry/monitoring", {"period": "2026-04"}).json()["rows"]
    assert next(r for r in april if r["name"] == "起重装备")["missing"] == 2
    dropped = api(city_admin).get("/api/industry/monitoring/enterprises", {"period": "2026-03", "state": "dropped"})
    assert [m["org_name"] for m in dropped.json()["items"]] == ["长垣测试企业"]
    looser = api(city_admin).get("/api/industry/monitoring", {"period": "2026-03", "drop_pct": "50"}).json()["rows"]
    assert next(r for r in looser if r["name"] == "起重装备")["dropped"] == 0
    assert api(city_admin).get("/api/industry/monitoring", {"period": "xx"}).status_code == 422


def test_monitoring_is_for_government(api, data, enterprise_a_user):
    assert api(enterprise_a_user).get("/api/industry/monitoring").status_code == 403


def test_the_monitoring_list_has_a_fixed_query_count(api, data, city_admin, django_assert_max_num_queries):
    c = api(city_admin)
    with django_assert_max_num_queries(10):
        res = c.get("/api/industry/monitoring/enterprises", {"period": "2026-03", "page_size": 50})
    assert res.json()["total"] == 2


def test_benchmark_places_the_enterprise_in_its_chain(api, data, enterprise_a_user, enterprise_a, enterprise_b):
    res = api(enterprise_a_user).get(f"/api/industry/benchmark/{enterprise_a.pk}", {"period": "2026-02"})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["chain_name"] == "起重装备" and body["role_label"] == "样板企业"
    rev = next(i for i in body["indicators"] if i["indicator"] == "revenue")
    chain = next(g for g in rev["groups"] if g["group"] == "chain")
    assert rev["value"] == "1100.00"
    assert (chain["n"], chain["percentile"], chain["median"]) == (2, "100.00", "800.00")
    trend = next(t for t in body["trend"] if t["indicator"] == "revenue")
    assert trend["own"][-2:] == ["1000.00", "1100.00"]
    # the latest confirmed period by default; B's unconfirmed March figure is not in it
    latest = api(enterprise_a_user).get(f"/api/industry/benchmark/{enterprise_a.pk}").json()
    assert latest["period"] == "2026-03"
    march = next(g for g in latest["indicators"][0]["groups"] if g["group"] == "chain")
    assert march["n"] == 1
    assert api(enterprise_a_user).get(f"/api/industry/benchmark/{enterprise_b.pk}").status_code == 404


def test_benchmark_scope_for_government(api, data, county_a_officer, county_b_officer, city_admin, enterprise_a):
    url = f"/api/industry/benchmark/{enterprise_a.pk}"
    assert api(county_a_officer).get(url).status_code == 200
    assert api(city_admin).get(url).status_code == 200
    assert api(county_b_officer).get(url).status_code == 404


def test_results_show_counts_series_and_before_after(api, data, city_admin, county_b_officer, lifting):
    body = api(city_admin).get(f"/api/industry/chains/{lifting.pk}/results").json()
    assert body["counts"] == {"total": 2, "model": 1, "follower": 1, "transformed": 2}
    assert body["latest_period"] == "2026-03"
    rev = next(t for t in body["totals"] if t["indicator"] == "revenue")
    assert rev["total"] == "1500.00"  # B's March figure is not confirmed
    series = next(s for s in body["series"] if s["indicator"] == "revenue")
    assert series["totals"][-3:] == ["1000.00", "1600.00", "1500.00"]
    phases = {(p["role"], p["phase"]): p["average"] for p in body["phases"]}
    assert phases[("model", "before")] == "1050.00"
    assert phases[("model", "after")] == "1500.00"
    assert phases[("follower", "before")] == "500.00"
    mid = next(x for x in body["links"] if x["name"] == "起重机整机制造")
    assert mid["enterprises"] == 2 and mid["total"] == "1500.00"
    county = api(county_b_officer).get(f"/api/industry/chains/{lifting.pk}/results").json()
    assert county["counts"]["total"] == 1
    assert api(city_admin).get(f"/api/industry/chains/{lifting.pk}/results", {"indicator": "x"}).status_code == 422


@pytest.mark.parametrize("period", [None, "2026-02", "2026-03"])
def test_benchmark_cells_answer_what_the_live_sql_answers(
    api, data, enterprise_a_user, enterprise_a, enterprise_b, enterprise_b_user, settings, monkeypatch, period
):
    import datetime as dt

    from django.utils import timezone

    from smedt.enterprises.services.profile import figure_upsert, profile_update
    from smedt.industry import selectors
    from smedt.insights import summary

    # both in one size class, so the size group has peers too
    for org, user in ((enterprise_a, enterprise_a_user), (enterprise_b, enterprise_b_user)):
        profile_update(actor=user, org=org, changes={"industry_code": "C3432"})
        figure_upsert(actor=user, org=org, year=2025, values={"operating_revenue": "5000", "employees": 120})

    # the cells keep the 16 periods back from today's: pin today inside the reported months
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 4, 20))
    c = api(enterprise_a_user)
    params = {"period": period} if period else {}
    url = f"/api/industry/benchmark/{enterprise_a.pk}"
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 0
    live = c.get(url, params).json()
    assert summary.refresh((selectors.BENCHMARK_WIDGET,))[selectors.BENCHMARK_WIDGET] > 0
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 600

    def boom(*a):
        raise AssertionError("the cells should answer")

    monkeypatch.setattr(selectors, "_group_stats", boom)
    assert c.get(url, params).json() == live
    rev = next(i for i in live["indicators"] if i["indicator"] == "revenue")
    assert {g["group"] for g in rev["groups"]} == {"chain", "link", "model", "size"}
    if period == "2026-02":
        assert [g["percentile"] for g in rev["groups"]] == ["100.00", "100.00", "100.00", "100.00"]

"""企业画像 and 行业画像: built from the other modules' records, scoped, numbers equal the rows behind them,
a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from smedt.assessment.models import AnalysisEntry
from smedt.enterprises.services.profile import figure_upsert, profile_update
from smedt.industry import config, services
from smedt.industry.models import OperatingReport
from smedt.industry.services import ValueIn


@pytest.fixture(autouse=True)
def _quarterly(settings: Any) -> None:
    settings.SMEDT_INDUSTRY_FREQUENCY = "quarter"


def _confirmed(user: Any, county: Any, period: str, **vals: Any) -> None:
    r = services.report_save(
        actor=user, org_id=None, period=period, values=[ValueIn(k, v, "经核实属实的变动") for k, v in vals.items()]
    )
    services.report_submit(actor=user, report=r)
    services.report_confirm(actor=county, report=OperatingReport.objects.get(pk=r.pk))


def _recent(n: int) -> list[str]:
    from django.utils import timezone

    return [p.code for p in config.periods_back(config.period_current_due(timezone.localdate()), n)]


@pytest.fixture
def world(
    members: Any,
    enterprise_a: Any,
    enterprise_b: Any,
    enterprise_a_user: Any,
    enterprise_b_user: Any,
    county_a_officer: Any,
    county_b_officer: Any,
) -> dict[str, Any]:
    from django.conf import settings

    from smedt.assessment.services.indicator_sets import indicator_sets_load
    from smedt.assessment.tests.factories import full_document, make_submitted
    from smedt.cultivation.services.criteria import criteria_sets_load
    from smedt.cultivation.tests.factories import make_recognition, make_standing
    from smedt.dicts.services import dicts_load

    dicts_load(path=Path(settings.SMEDT_DICTS_FILE))
    criteria_sets_load()

    profile_update(
        actor=enterprise_a_user,
        org=enterprise_a,
        changes={"industry_code": "C3432", "sub_industries": ["lifting_equipment"], "above_scale": True},
    )
    figure_upsert(
        actor=enterprise_a_user,
        org=enterprise_a,
        year=2025,
        values={"operating_revenue": "5000", "employees": 120, "rd_expense": "200"},
    )
    profile_update(
        actor=enterprise_b_user, org=enterprise_b, changes={"industry_code": "C3511", "sub_industries": ["auto_parts"]}
    )
    indicator_set = indicator_sets_load()[0].indicator_set
    make_submitted(
        org=enterprise_a,
        indicator_set=indicator_set,
        doc=full_document(indicator_set, best=False),
        user=enterprise_a_user,
    )
    make_submitted(
        org=enterprise_a,
        indicator_set=indicator_set,
        doc=full_document(indicator_set, best=True),
        user=enterprise_a_user,
    )
    make_submitted(
        org=enterprise_b,
        indicator_set=indicator_set,
        doc=full_document(indicator_set, best=False),
        user=enterprise_b_user,
    )
    make_recognition(enterprise_a, "innovative")
    make_standing(enterprise_a, tier="specialized", gap="4", status="fail")
    q1, q2 = _recent(3)[:2]
    _confirmed(enterprise_a_user, county_a_officer, q1, revenue=1000)
    _confirmed(enterprise_a_user, county_a_officer, q2, revenue=1200)
    _confirmed(enterprise_b_user, county_b_officer, q2, revenue=300)
    return {"q1": q1, "q2": q2}


# --- 企业画像 ----------------------------------------------------------------------------------------------


def test_enterprise_portrait_gathers_every_source(api, world, enterprise_a_user, enterprise_a):
    res = api(enterprise_a_user).get(f"/api/industry/profiles/enterprises/{enterprise_a.pk}")
    assert res.status_code == 200, res.content
    body = res.json()
    labels = [t["label"] for t in body["tags"]]
    assert "规上企业" in labels and "起重装备·样板企业" in labels
    assert "创新型中小企业" in labels
    entry = AnalysisEntry.objects.get(org=enterprise_a)
    assert body["level"]["level"] == entry.level == 4
    assert f"数字化水平{body['level']['level_name']}" in labels
    assert Decimal(body["level"]["total_score"]) == entry.total_score
    assert [Decimal(h["total_score"]) for h in body["level"]["history"]][-1] == entry.total_score
    assert len(body["level"]["history"]) == 2
    radar = {r["id"]: r for r in body["level"]["radar"]}
    assert set(radar) == set(entry.dimension_scores)
    # readiness comes from the cultivation engine's standings
    spec = next(r for r in body["tiers"]["readiness"] if r["tier"] == "specialized")
    assert (spec["status"], spec["points_gap"], spec["is_next"]) == ("fail", "4.00", True)
    assert body["tiers"]["held"] == "innovative"
    # confirmed operating data over the last quarters
    revenue = next(s for s in body["operating"]["series"] if s["indicator"] == "revenue")
    periods = body["operating"]["periods"]
    assert revenue["values"][periods.index(world["q1"])] == "1000.00"
    assert revenue["values"][periods.index(world["q2"])] == "1200.00"
    # completeness: every fact has its provenance; the unfilled ones are missing
    rows = {(r["group"], r["key"]): r for r in body["completeness"]}
    assert rows[("基本信息", "industry_code")]["state"] == "ok"
    assert rows[("基本信息", "industry_code")]["recorded_at"] is not None
    assert rows[("基本信息", "founded_on")]["state"] == "missing"
    assert rows[("2025 年度数据", "operating_revenue")]["source_label"]
    assert body["figures"][-1]["operating_revenue"] == "5000.00"


def test_enterprise_portrait_shows_the_latest_diagnosis_findings(
    api, world, enterprise_a, enterprise_b, enterprise_a_user, provider_org
):
    from django.utils import timezone

    from smedt.projects.models import DiagnosisFinding, Project

    def diagnosis(org, title, status, findings):
        p = Project.objects.create(
            kind="diagnosis",
            title=title,
            enterprise=org,
            provider=provider_org,
            region=org.region,
            amount=Decimal("50000.00"),
            status=status,
            finished_at=timezone.now() if status == "done" else None,
        )
        for n, (scene, title_, severity) in enumerate(findings, start=1):
            DiagnosisFinding.objects.create(
                project=p,
                position=n,
                scene=scene,
                title=title_,
                severity=severity,
                description=f"{scene or title_}问题",
                suggestion=f"{scene or title_}建议",
            )
        return p

    url = f"/api/industry/profiles/enterprises/{enterprise_a.pk}"
    assert api(enterprise_a_user).get(url).json()["findings"] == {
        "project_id": None,
        "project_title": "",
        "status_label": "",
        "confirmed": False,
        "date": None,
        "items": [],
    }
    done = diagnosis(enterprise_a, "去年的诊断", "done", [("S08", "", "medium"), ("S07", "", "high")])
    diagnosis(enterprise_b, "别家的诊断", "report_submitted", [("S01", "", "high")])
    body = api(enterprise_a_user).get(url).json()["findings"]
    assert (body["project_id"], body["project_title"], body["status_label"], body["confirmed"]) == (
        done.pk,
        "去年的诊断",
        "已完成",
        True,
    )
    assert body["date"] is not None and body["date"][:10] == done.finished_at.isoformat()[:10]
    # high severity first: scene, its name, severity and the suggestion
    assert [(f["scene"], f["scene_name"], f["severity_label"], f["suggestion"]) for f in body["items"]] == [
        ("S07", "质量管理", "高", "S07建议"),
        ("S08", "设备管理", "中", "S08建议"),
    ]

    # a newer diagnosis with findings (delivered, not yet confirmed) is the latest; one without findings is not
    diagnosis(enterprise_a, "未记录发现的诊断", "diagnosing", [])
    newer = diagnosis(enterprise_a, "今年的诊断", "report_submitted", [("", "数据管理制度缺失", "low")])
    diagnosis(enterprise_a, "最新但未记录发现", "diagnosing", [])
    body = api(enterprise_a_user).get(url).json()["findings"]
    assert (body["project_id"], body["status_label"], body["confirmed"]) == (newer.pk, "诊断报告待确认", False)
    assert [(f["scene"], f["title"], f["severity"]) for f in body["items"]] == [("", "数据管理制度缺失", "low")]
    assert body["date"] is not None


def test_enterprise_portrait_scope(
    api, world, enterprise_a, city_admin, county_a_officer, county_b_officer, enterprise_b_user, provider_user, outsider
):
    url = f"/api/industry/profiles/enterprises/{enterprise_a.pk}"
    assert api(city_admin).get(url).status_code == 200
    assert api(county_a_officer).get(url).status_code == 200
    assert api(county_b_officer).get(url).status_code == 404
    assert api(enterprise_b_user).get(url).status_code == 404
    assert api(provider_user).get(url).status_code == 404
    assert api(outsider).get(url).status_code == 404
    assert api().get(url).status_code == 401


def test_enterprise_portrait_has_a_fixed_query_count(
    api, world, enterprise_a, enterprise_a_user, django_assert_max_num_queries
):
    c = api(enterprise_a_user)
    c.get(f"/api/industry/profiles/enterprises/{enterprise_a.pk}")  # warm the compiled indicator set
    with django_assert_max_num_queries(24):
        assert c.get(f"/api/industry/profiles/enterprises/{enterprise_a.pk}").status_code == 200


def test_an_enterprise_without_records_still_has_a_portrait(api, enterprise_b, enterprise_b_user, reference):
    body = api(enterprise_b_user).get(f"/api/industry/profiles/enterprises/{enterprise_b.pk}").json()
    assert body["level"]["assessed"] is False
    assert body["completeness_rate"] == "0.00"
    assert {r["key"] for r in body["completeness"] if r["group"] == "其他来源"} >= {"数字化水平评测", "梯度培育自评"}


# --- 行业画像 ----------------------------------------------------------------------------------------------


def test_chain_profile_numbers_equal_the_rows_behind_them(api, world, city_admin, lifting, enterprise_a):
    res = api(city_admin).get("/api/industry/profiles/industry", {"dimension": "chain", "key": str(lifting.pk)})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["name"] == "起重装备"
    assert (body["enterprises"], body["above_scale"], body["assessed"]) == (2, 1, 2)
    entries = AnalysisEntry.objects.all()
    levels = {lv["level"]: lv["count"] for lv in body["levels"]}
    for entry in entries:
        assert levels[entry.level] >= 1
    assert sum(levels.values()) == entries.count()
    assert Decimal(body["average_score"]) == (sum(e.total_score for e in entries) / 2).quantize(Decimal("0.01"))
    assert [t["org_id"] for t in body["top"]] == [e.org_id for e in entries.order_by("-total_score", "org_id")]
    assert {t["tier"]: t["count"] for t in body["tiers"]}["innovative"] == 1
    # B's lowest-level document rates every scene 0, A's current result rates them 4
    assert body["weak_scenes"] and all(s["average_level"] == "2.00" for s in body["weak_scenes"])
    assert all(s["low_count"] == 1 for s in body["weak_scenes"])
    revenue = next(g for g in body["growth"] if g["indicator"] == "revenue")
    i1, i2 = body["periods"].index(world["q1"]), body["periods"].index(world["q2"])
    assert (revenue["totals"][i1], revenue["totals"][i2]) == ("1000.00", "1500.00")
    assert revenue["reporting"][i2] == 2 and revenue["growth_pct"][i2] == "50.00"


def test_county_sees_its_own_enterprises_in_the_profile(api, world, county_b_officer, lifting):
    body = (
        api(county_b_officer)
        .get("/api/industry/profiles/industry", {"dimension": "chain", "key": str(lifting.pk)})
        .json()
    )
    assert (body["enterprises"], body["assessed"]) == (1, 1)
    assert [t["org_name"] for t in body["top"]] == ["长垣测试企业"]
    revenue = next(g for g in body["growth"] if g["indicator"] == "revenue")
    assert revenue["totals"][body["periods"].index(world["q2"])] == "300.00"


def test_industry_profiles_by_sub_industry_and_code(api, world, city_admin):
    sub = api(city_admin).get("/api/industry/profiles/industry", {"dimension": "sub_industry", "key": "auto_parts"})
    assert sub.status_code == 200 and sub.json()["enterprises"] == 1 and sub.json()["name"] == "汽车零部件"
    code = api(city_admin).get("/api/industry/profiles/industry", {"dimension": "industry_code", "key": "C34"})
    assert code.json()["enterprises"] == 1 and code.json()["top"][0]["org_name"] == "红旗测试企业"
    division = api(city_admin).get("/api/industry/profiles/industry", {"dimension": "industry_code", "key": "c3"})
    assert division.json()["enterprises"] == 2
    bad = api(city_admin).get("/api/industry/profiles/industry", {"dimension": "industry_code", "key": "34"})
    assert bad.status_code == 422 and bad.json()["code"] == "industry.invalid_field"
    unknown = api(city_admin).get("/api/industry/profiles/industry", {"dimension": "sub_industry", "key": "x"})
    assert unknown.status_code == 422
    assert api(city_admin).get("/api/industry/profiles/industry", {"dimension": "chain", "key": "0"}).status_code == 404


def test_industry_profile_is_for_government(api, world, enterprise_a_user, lifting):
    res = api(enterprise_a_user).get("/api/industry/profiles/industry", {"dimension": "chain", "key": str(lifting.pk)})
    assert res.status_code == 403


def test_industry_profile_has_one_query_per_widget(api, world, city_admin, lifting, django_assert_max_num_queries):
    c = api(city_admin)
    params = {"dimension": "chain", "key": str(lifting.pk)}
    c.get("/api/industry/profiles/industry", params)
    with django_assert_max_num_queries(14):
        assert c.get("/api/industry/profiles/industry", params).status_code == 200


# --- 行业画像 from the background cells (insights.summary) ----------------------------------------------------

PROFILE_CASES = [
    ("chain", None),
    ("sub_industry", "lifting_equipment"),
    ("sub_industry", "auto_parts"),
    ("industry_code", "C34"),
    ("industry_code", "c3"),
    ("industry_code", "C"),
    ("industry_code", "C3432"),  # a prefix the cells do not keep: live either way
]


def _profile(client: Any, dimension: str, key: str) -> dict[str, Any]:
    res = client.get("/api/industry/profiles/industry", {"dimension": dimension, "key": key})
    assert res.status_code == 200, res.content
    body = res.json()
    body.pop("generated_at")
    return body


@pytest.fixture
def no_cache(settings: Any) -> None:
    settings.SMEDT_AGGREGATE_CACHE_SECONDS = 0


@pytest.mark.parametrize("who", ["city_admin", "county_a_officer", "county_b_officer"])
def test_profile_cells_answer_what_the_live_sql_answers(
    api, world, request, who, lifting, no_cache, settings, monkeypatch
):
    from smedt.industry import profiles
    from smedt.insights import summary

    c = api(request.getfixturevalue(who))
    cases = [(d, str(lifting.pk) if k is None else k) for d, k in PROFILE_CASES]
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 0
    live = {case: _profile(c, *case) for case in cases}
    assert live[("chain", str(lifting.pk))]["enterprises"] >= 1
    assert summary.refresh((profiles.SUMMARY_WIDGET,))[profiles.SUMMARY_WIDGET] > 0
    settings.SMEDT_INSIGHTS_SUMMARY_MAX_AGE = 600
    calls: list[Any] = []
    real = profiles._numbers_live
    monkeypatch.setattr(profiles, "_numbers_live", lambda *a: calls.append(a) or real(*a))
    for case in cases:
        assert _profile(c, *case) == live[case], case
    # only the 5-digit code went live; everything else came from the cells
    assert len(calls) == 1


def test_profile_cells_are_scoped_to_the_readers_counties(
    api, world, county_a_officer, county_b_officer, lifting, no_cache
):
    from smedt.industry import profiles
    from smedt.insights import summary

    summary.refresh((profiles.SUMMARY_WIDGET,))
    for officer, name in ((county_b_officer, "长垣测试企业"), (county_a_officer, "红旗测试企业")):
        body = _profile(api(officer), "chain", str(lifting.pk))
        assert [t["org_name"] for t in body["top"]] == [name]
        assert body["enterprises"] == 1
    city = _profile(api(county_b_officer), "sub_industry", "lifting_equipment")
    assert (city["enterprises"], city["top"]) == (0, [])


def test_stale_or_other_period_cells_are_not_read(api, world, city_admin, lifting, no_cache, settings, monkeypatch):
    from smedt.industry import profiles
    from smedt.insights import summary
    from smedt.insights.models import SummaryRun

    summary.refresh((profiles.SUMMARY_WIDGET,))
    fresh = _profile(api(city_admin), "chain", str(lifting.pk))
    # a new result after the refresh: cells lag until the next one, which picks it up
    AnalysisEntry.objects.filter(org__name="长垣测试企业").update(total_score=Decimal("99.50"))
    assert _profile(api(city_admin), "chain", str(lifting.pk)) == fresh
    SummaryRun.objects.filter(widget=profiles.SUMMARY_WIDGET).update(params={"layout": 0})
    moved = _profile(api(city_admin), "chain", str(lifting.pk))
    assert {t["org_name"]: t["total_score"] for t in moved["top"]}["长垣测试企业"] == "99.50"
    assert moved != fresh
    summary.refresh((profiles.SUMMARY_WIDGET,))
    assert _profile(api(city_admin), "chain", str(lifting.pk)) == moved


def test_sub_industry_links_follow_the_profile(world, enterprise_a, enterprise_a_user):
    from smedt.enterprises.models import EnterpriseProfile, EnterpriseSubIndustry, sub_industry_links_sync

    def links() -> list[str]:
        return sorted(EnterpriseSubIndustry.objects.filter(org=enterprise_a).values_list("value", flat=True))

    assert links() == ["lifting_equipment"]
    profile_update(
        actor=enterprise_a_user, org=enterprise_a, changes={"sub_industries": ["auto_parts", "lifting_equipment"]}
    )
    assert links() == ["auto_parts", "lifting_equipment"]
    # a bulk writer that bypasses save() re-syncs explicitly
    EnterpriseProfile.objects.filter(org=enterprise_a).update(sub_industries=[])
    assert links() == ["auto_parts", "lifting_equipment"]
    sub_industry_links_sync([enterprise_a.pk])
    assert links() == []

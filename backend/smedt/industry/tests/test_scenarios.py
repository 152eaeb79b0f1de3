"""产业链场景库: seed data, the city's curation with Chinese validation, the background aggregate (reporters and
candidate problems from the members' low-scoring scenes), matching products and cases, raising a need through the
portal's need flow, the providers' demand ranking, scope of the reporting enterprises, the public library."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from smedt.industry import scenarios as services
from smedt.industry.scenario_matching import Candidate, ScenarioProfile, rank
from smedt.industry.scenario_models import (
    CandidateStatus,
    ReporterSource,
    RunStatus,
    Scenario,
    ScenarioCandidate,
    ScenarioReporter,
    ScenarioRun,
)

# --- pure matching --------------------------------------------------------------------------------------


def test_rank_needs_a_shared_scene_and_prefers_more_scenes_then_the_industry():
    profile = ScenarioProfile(["S07", "S06"], "lifting_equipment", ["焊接"])
    ranked = rank(
        profile,
        [
            Candidate(1, ["S01"], ["lifting_equipment"], "焊接"),  # no shared scene: left out
            Candidate(2, ["S07"], ["auto_parts"]),
            Candidate(3, ["S07"], ["lifting_equipment"]),
            Candidate(4, ["S06", "S07"], []),
            Candidate(5, ["S07"], ["lifting_equipment"], "焊接质量云"),
        ],
    )
    assert [m.key for m in ranked] == [4, 5, 3, 2]
    assert ranked[0].shared_scenes == ("S07", "S06") and ranked[0].reasons == ("scene", "any_industry")
    assert ranked[1].reasons == ("scene", "sub_industry", "keyword")


# --- fixtures -------------------------------------------------------------------------------------------


@pytest.fixture
def dicts(reference: None) -> None:
    from smedt.dicts.services import dicts_load
    from smedt.portal.reference import portal_reference_load

    dicts_load(path=Path(settings.SMEDT_DICTS_FILE))
    portal_reference_load()


@pytest.fixture
def indicator_set(db: Any) -> Any:
    from smedt.assessment.services.indicator_sets import indicator_sets_load

    return indicator_sets_load()[0].indicator_set


def assess(org: Any, user: Any, indicator_set: Any, **levels: int) -> None:
    """A submitted self-assessment of `org`: every scene at 二级 except the ones given."""
    from smedt.assessment.selectors import indicator_set_definition
    from smedt.assessment.tests.factories import make_submitted
    from smedt.assessment.tests.helpers import document

    defn = indicator_set_definition(indicator_set)
    doc = document(defn, scenarios={s.id: levels.get(s.id, 2) for s in defn.scenarios})
    make_submitted(org=org, indicator_set=indicator_set, doc=doc, user=user)


@pytest.fixture
def product(provider_org: Any) -> Any:
    from smedt.providers.models import Product

    return Product.objects.create(
        org=provider_org,
        name="焊接质量追溯云",
        summary="焊缝参数采集与探伤记录",
        sub_industries=["lifting_equipment"],
        scenarios=["S06", "S07"],
        deployment_mode="saas",
        list_price=Decimal("50000.00"),
        status="published",
        published_at=timezone.now(),
    )


@pytest.fixture
def weld(dicts: None, lifting: Any, city_admin: Any) -> Scenario:
    link = lifting.links.get(stage="midstream")
    return services.scenario_create(
        actor=city_admin,
        chain=lifting,
        link_id=link.pk,
        code="weld_trace",
        title="焊接质量追溯",
        description="焊缝质量无法按台追溯",
        scenes=["S07"],
        keywords=["焊接"],
        status="published",
    )


def run_now(city_admin: Any) -> ScenarioRun:
    run = services.run_start(actor=city_admin)
    assert services.run_execute(run_id=run.pk) == "done"
    run.refresh_from_db()
    return run


# --- seed data and curation -----------------------------------------------------------------------------


def test_seed_scenarios_load_as_inferred_drafts_once_and_city_edits_stay(chains, city_admin, dicts):
    assert services.scenarios_load() == 8
    weld = Scenario.objects.get(chain__code="lifting_equipment", code="weld_quality_trace")
    assert weld.status == "draft" and weld.inferred and weld.scenes == ["S07", "S06"]
    assert weld.link is not None and weld.link.name == "起重机整机制造"
    services.scenario_update(actor=city_admin, scenario=weld, changes={"title": "主梁焊接质量追溯"})
    assert services.scenarios_load() == 0
    weld.refresh_from_db()
    assert weld.title == "主梁焊接质量追溯" and not weld.inferred  # checked by the city


def test_city_creates_a_scenario_and_bad_input_is_a_clear_422(api, city_admin, lifting, chains, dicts):
    c = api(city_admin)
    link = lifting.links.get(stage="midstream")
    body = {"chain_id": lifting.pk, "link_id": link.pk, "code": "weld", "title": "焊接质量追溯", "scenes": ["s07"]}
    res = c.post("/api/industry/scenarios", body)
    assert res.status_code == 201, res.content
    assert res.json()["scenes"] == [{"id": "S07", "name": "质量管理"}] and res.json()["status"] == "draft"

    other_link = next(ch for ch in chains if ch != lifting).links.first()
    cases = [
        ({"scenes": []}, "scenes", "请至少选择一个对应的数字化水平场景"),
        ({"scenes": ["S99"]}, "scenes", "场景编号不存在：S99"),
        ({"code": "weld"}, "code", "该产业链已有同一编码的场景"),
        ({"code": "Bad Code"}, "code", "编码应为小写字母开头的字母、数字、下划线（2–48 位）"),
        ({"title": "  "}, "title", "请填写场景名称"),
        ({"link_id": other_link.pk}, "link_id", "环节不属于该产业链"),
        ({"status": "gone"}, "status", "状态应为草稿、已发布或已停用"),
        ({"keywords": ["x" * 21]}, "keywords", "关键词最多 10 个，每个不超过 20 字"),
    ]
    for change, field, message in cases:
        res = c.post("/api/industry/scenarios", body | {"code": "weld2"} | change)
        assert res.status_code == 422, (change, res.content)
        assert res.json()["details"]["fields"][field] == message
    assert Scenario.objects.count() == 1  # nothing half-written


def test_county_enterprise_and_provider_cannot_curate(
    api, weld, county_a_officer, enterprise_a_user, provider_user, lifting
):
    for user in (county_a_officer, enterprise_a_user, provider_user):
        c = api(user)
        assert c.get(f"/api/industry/scenarios/{weld.pk}").status_code == 200  # they read it
        res = c.patch(f"/api/industry/scenarios/{weld.pk}", {"title": "改名"})
        assert res.status_code in (403, 404)
        res = c.post("/api/industry/scenarios", {"chain_id": lifting.pk, "code": "x1", "title": "x", "scenes": ["S07"]})
        assert res.status_code in (403, 404)
        assert c.post("/api/industry/scenario-runs", {}).status_code == 403
    weld.refresh_from_db()
    assert weld.title == "焊接质量追溯"


def test_drafts_are_seen_by_the_city_only(api, weld, city_admin, county_a_officer, client):
    services.scenario_update(actor=city_admin, scenario=weld, changes={"status": "draft"})
    assert api(city_admin).get("/api/industry/scenarios").json()["total"] == 1
    assert api(county_a_officer).get("/api/industry/scenarios").json()["total"] == 0
    assert api(county_a_officer).get(f"/api/industry/scenarios/{weld.pk}").status_code == 404
    assert client.get(f"/api/industry/public/scenarios/{weld.pk}").status_code == 404


# --- the aggregate: reporters and candidate problems ----------------------------------------------------


def test_low_scoring_scenes_of_members_become_candidates_that_the_city_accepts_with_a_matching_product(
    api,
    members,
    indicator_set,
    enterprise_a,
    enterprise_b,
    enterprise_a_user,
    enterprise_b_user,
    city_admin,
    product,
    dicts,
    lifting,
):
    assess(enterprise_a, enterprise_a_user, indicator_set, S08=0, S10=1)
    assess(enterprise_b, enterprise_b_user, indicator_set, S08=1, S10=3)
    c = api(city_admin)

    res = c.post("/api/industry/scenario-runs", {})
    assert res.status_code == 202 and res.json()["status"] == "pending"
    assert c.post("/api/industry/scenario-runs", {}).json()["id"] == res.json()["id"]  # one at a time
    assert services.run_execute(run_id=res.json()["id"]) == "done"
    run = c.get(f"/api/industry/scenario-runs/{res.json()['id']}").json()
    assert run["status"] == "succeeded" and run["progress"] == run["total"] == 4 and run["candidates"] == 2

    rows = c.get("/api/industry/scenario-candidates", {"chain_id": lifting.pk}).json()["items"]
    assert [(r["scene"]["id"], r["enterprise_count"], r["link_name"]) for r in rows] == [
        ("S08", 2, "起重机整机制造"),
        ("S10", 1, "起重机整机制造"),
    ]

    # accepted into a new scenario with S07 added later: the catalogue product sharing the scene matches
    s08 = rows[0]
    res = c.post(f"/api/industry/scenario-candidates/{s08['id']}/accept", {"title": "设备点检与故障预警"})
    assert res.status_code == 200, res.content
    scenario = res.json()
    assert scenario["status"] == "published" and scenario["reporter_count"] == 2
    assert scenario["by_source"][2] == {"source": "assessment", "label": "评测低分场景", "count": 2}
    assert scenario["products"] == []  # the product covers S06/S07, not S08
    res = c.patch(f"/api/industry/scenarios/{scenario['id']}", {"scenes": ["S08", "S07"]})
    assert [p["name"] for p in res.json()["products"]] == ["焊接质量追溯云"]
    assert res.json()["products"][0]["reasons"] == ["scene", "sub_industry"]

    again = c.post(f"/api/industry/scenario-candidates/{s08['id']}/accept", {})
    assert again.status_code == 409 and again.json()["message"] == "该候选问题已处理"
    assert c.post(f"/api/industry/scenario-candidates/{rows[1]['id']}/dismiss").json()["status"] == "dismissed"

    # a rerun keeps the decisions and finds no new candidate for the covered scene
    run_now(city_admin)
    assert ScenarioCandidate.objects.get(scene="S08").status == CandidateStatus.ACCEPTED
    assert ScenarioCandidate.objects.get(scene="S10").status == CandidateStatus.DISMISSED
    assert ScenarioReporter.objects.filter(scenario_id=scenario["id"], source="assessment").count() == 2


def test_needs_report_a_scenario_by_scene_or_keyword_and_diagnoses_only_by_a_finding_on_its_scenes(
    weld, members, enterprise_a, enterprise_a_user, enterprise_b, enterprise_b_user, city_admin, provider_org, make_org
):
    from smedt.portal.services import supply_demand as sd
    from smedt.projects.models import DiagnosisFinding, Project

    n = sd.need_create(
        actor=enterprise_b_user,
        org_id=enterprise_b.pk,
        title="主梁焊接记录电子化",
        problem="纸质记录",
        scenario_code="S05",
    )
    sd.need_submit(actor=enterprise_b_user, need=n)
    sd.need_create(  # a draft is not a report yet
        actor=enterprise_a_user, org_id=enterprise_a.pk, title="质量追溯", problem="x", scenario_code="S07"
    )

    def diagnosis(org: Any, requirement: str) -> Project:
        return Project.objects.create(
            kind="diagnosis",
            title="诊断",
            enterprise=org,
            provider=provider_org,
            region=org.region,
            requirement=requirement,
            amount=Decimal("10000.00"),
            status="report_submitted",
        )

    def finding(project: Project, position: int, scene: str) -> None:
        DiagnosisFinding.objects.create(
            project=project, position=position, scene=scene, description="问题", severity="high", suggestion="建议"
        )

    # the requirement names the scenario's keyword, the finding another scene: no report from the diagnosis
    mine = diagnosis(enterprise_a, "焊接工序质量数据缺失")
    finding(mine, 1, "S08")
    # a finding on the scenario's scene by an enterprise that is not on the chain: no report either
    finding(diagnosis(make_org(), ""), 1, "S07")
    run_now(city_admin)
    found = sorted(ScenarioReporter.objects.filter(scenario=weld).values_list("source", "org_id"))
    assert found == [(ReporterSource.NEED, enterprise_b.pk)]
    weld.refresh_from_db()
    assert weld.reporter_count == 1

    # one of its findings names the scenario's scene (S07 质量管理): the member reports it, once per project
    finding(mine, 2, "S07")
    finding(mine, 3, "S07")
    run_now(city_admin)
    rows = sorted(ScenarioReporter.objects.filter(scenario=weld).values_list("source", "org_id", "ref_id", "scene"))
    assert rows == sorted(
        [
            (ReporterSource.NEED, enterprise_b.pk, n.pk, "S05"),
            (ReporterSource.DIAGNOSIS, enterprise_a.pk, mine.pk, "S07"),
        ]
    )
    weld.refresh_from_db()
    assert weld.reporter_count == 2


# --- supply–demand: raising a need, unmet demand ranked for providers ------------------------------------


def test_an_enterprise_raises_a_prefilled_need_through_the_portal_flow_and_providers_see_the_demand(
    api, weld, enterprise_a, enterprise_a_user, enterprise_b_user, provider_user, city_admin, lifting, dicts
):
    from smedt.portal.models import Need

    c = api(enterprise_a_user)
    detail = c.get(f"/api/industry/scenarios/{weld.pk}").json()
    assert "raise_need" in detail["allowed_actions"] and "edit" not in detail["allowed_actions"]
    res = c.post("/api/industry/scenario-needs", {"scenario_id": weld.pk, "org_id": enterprise_a.pk})
    assert res.status_code == 201, res.content
    need = Need.objects.get(pk=res.json()["need_id"])
    assert (need.title, need.scenario_code, need.sub_industry, need.status) == (
        "起重装备·焊接质量追溯",
        "S07",
        "lifting_equipment",
        "draft",
    )
    assert need.problem == "焊缝质量无法按台追溯"
    # the enterprise goes on in the portal's own need flow
    assert c.post(f"/api/portal/needs/{need.pk}/submit").status_code == 200

    other = services.scenario_create(
        actor=city_admin,
        chain=lifting,
        link_id=None,
        code="other",
        title="其他",
        description="",
        scenes=["S01"],
        keywords=[],
        status="published",
    )
    ranking = api(provider_user).get("/api/industry/scenario-demand").json()
    assert [(r["id"], r["unmet_count"], r["reporter_count"]) for r in ranking] == [(weld.pk, 1, 1), (other.pk, 0, 0)]

    # bad input and scope
    assert (
        c.post(
            "/api/industry/scenario-needs", {"scenario_id": weld.pk, "org_id": enterprise_a.pk, "scene": "S01"}
        ).json()["details"]["fields"]["scene"]
        == "所选场景不属于该产业链场景"
    )
    res = api(enterprise_b_user).post(
        "/api/industry/scenario-needs", {"scenario_id": weld.pk, "org_id": enterprise_a.pk}
    )
    assert res.status_code == 403
    services.scenario_update(actor=city_admin, scenario=weld, changes={"status": "retired"})
    res = api(city_admin).get(f"/api/industry/scenarios/{weld.pk}")
    assert res.json()["status"] == "retired"
    assert Need.objects.count() == 1


def test_reporting_enterprises_are_scoped_county_sees_its_own_enterprise_only_itself(
    api,
    weld,
    members,
    indicator_set,
    enterprise_a,
    enterprise_b,
    enterprise_a_user,
    enterprise_b_user,
    county_a_officer,
    county_b_officer,
    city_admin,
    provider_user,
):
    assess(enterprise_a, enterprise_a_user, indicator_set, S07=0)
    assess(enterprise_b, enterprise_b_user, indicator_set, S07=1)
    run_now(city_admin)
    url = f"/api/industry/scenarios/{weld.pk}/reporters"

    def names(user: Any) -> list[str]:
        return sorted(r["org_name"] for r in api(user).get(url).json()["items"])

    assert names(city_admin) == sorted([enterprise_a.name, enterprise_b.name])
    assert names(county_a_officer) == [enterprise_a.name]
    assert names(county_b_officer) == [enterprise_b.name]
    assert names(enterprise_a_user) == [enterprise_a.name]
    assert api(provider_user).get(url).status_code == 403
    # the scenario itself shows counts only
    body = api(enterprise_b_user).get(f"/api/industry/scenarios/{weld.pk}").json()
    assert body["reporter_count"] == 2 and enterprise_a.name not in str(body)


# --- lists: pinned queries, the public library ----------------------------------------------------------


def test_the_list_costs_the_same_queries_for_one_and_many_scenarios(
    api, weld, city_admin, lifting, django_assert_num_queries
):
    c = api(city_admin)
    c.get("/api/industry/scenarios")  # warm the session and the scene names

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert c.get("/api/industry/scenarios").status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for n in range(12):
        services.scenario_create(
            actor=city_admin,
            chain=lifting,
            link_id=None,
            code=f"s{n:02d}",
            title=f"场景{n}",
            description="",
            scenes=["S05"],
            keywords=[],
            status="published",
        )
    assert count() == one


def test_the_public_library_shows_published_scenarios_without_names_and_is_cached(
    client, weld, city_admin, product, django_assert_num_queries, lifting
):
    from django.core.cache import cache
    from django.test import override_settings

    cache.clear()
    with override_settings(SMEDT_PUBLIC_CACHE_SECONDS=60):
        _public_library(client, weld, city_admin, django_assert_num_queries, lifting)


def _public_library(client: Any, weld: Scenario, city_admin: Any, django_assert_num_queries: Any, lifting: Any) -> None:
    draft = services.scenario_create(
        actor=city_admin,
        chain=lifting,
        link_id=None,
        code="draft1",
        title="草稿场景",
        description="",
        scenes=["S01"],
        keywords=["内部"],
        status="draft",
    )
    res = client.get("/api/industry/public/scenarios")
    assert res.status_code == 200 and res["X-Cache"] == "MISS"
    assert [r["title"] for r in res.json()["items"]] == ["焊接质量追溯"]
    assert "keywords" not in res.json()["items"][0]
    with django_assert_num_queries(0):
        assert client.get("/api/industry/public/scenarios")["X-Cache"] == "HIT"
    detail = client.get(f"/api/industry/public/scenarios/{weld.pk}").json()
    assert [p["name"] for p in detail["products"]] == ["焊接质量追溯云"] and "keywords" not in detail
    assert client.get(f"/api/industry/public/scenarios/{draft.pk}").status_code == 404
    # publishing invalidates the cached list
    services.scenario_update(actor=city_admin, scenario=draft, changes={"status": "published"})
    assert client.get("/api/industry/public/scenarios").json()["total"] == 2


def test_a_failed_run_is_marked_and_a_finished_one_is_not_run_again(city_admin, chains, monkeypatch):
    run = run_now(city_admin)
    assert run.status == RunStatus.SUCCEEDED
    assert services.run_execute(run_id=run.pk) == "skipped"
    broken = ScenarioRun.objects.create(region=run.region)

    def boom(*a: Any, **k: Any) -> int:
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(services, "_candidates", boom)
    with pytest.raises(RuntimeError):
        services.run_execute(run_id=broken.pk)
    broken.refresh_from_db()
    assert broken.status == RunStatus.FAILED and broken.error == "磁盘已满"


def test_an_enterprise_on_two_chains_counts_on_each_chain_s_own_link(
    members, chains, indicator_set, enterprise_a, enterprise_a_user, city_admin
):
    from smedt.industry import services as chain_services

    auto = next(c for c in chains if c.code == "auto_parts")
    auto_link = auto.links.get(stage="upstream")
    chain_services.member_add(
        actor=city_admin, chain=auto, org_id=enterprise_a.pk, link_id=auto_link.pk, role="member", transformed_on=None
    )
    assess(enterprise_a, enterprise_a_user, indicator_set, S12=0)
    run_now(city_admin)
    found = sorted(ScenarioCandidate.objects.values_list("chain__code", "link__name", "scene", "enterprise_count"))
    assert found == [
        ("auto_parts", "原材料与毛坯（铸锻件）", "S12", 1),
        ("lifting_equipment", "起重机整机制造", "S12", 1),
    ]


def test_providers_see_the_most_demanded_scenarios_on_their_workspace(
    api, weld, enterprise_a, enterprise_a_user, provider_user, city_admin
):
    services.scenario_need_raise(actor=enterprise_a_user, scenario=weld, org_id=enterprise_a.pk)
    from smedt.portal.models import Need
    from smedt.portal.services.supply_demand import need_submit

    need_submit(actor=enterprise_a_user, need=Need.objects.get())
    alerts = api(provider_user).get("/api/workspace/summary").json()["alerts"]
    assert any("起重装备·焊接质量追溯（1 项待对接需求）" in a["title"] for a in alerts)
    assert not any(
        "焊接质量追溯" in a["title"] for a in api(enterprise_a_user).get("/api/workspace/summary").json()["alerts"]
    )

"""The editor's flow over the API: create → extract → confirm → publish → background matching →
enterprise sees its own explanation, county sees its own county; bad input 4xx; public zone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from smedt.core.testing import run_queued_tasks
from smedt.policies.models import MatchRun, Policy, PolicyMatch, PolicyVersion
from smedt.policies.tests.conftest import POLICY

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs(with_figures: Callable[..., Any], enterprise_a: Any, enterprise_b: Any, make_org: Any) -> dict[str, Any]:
    with_figures(enterprise_a, revenue="2000.00", employees=300)  # exactly at the threshold: eligible
    with_figures(enterprise_b, revenue="1999.99", employees=300)  # just under: not eligible
    missing = with_figures(make_org("410702", name="缺数据企业"), revenue="5000.00", employees=None)
    return {"a": enterprise_a, "b": enterprise_b, "missing": missing}


def _create(api: Any, user: Any, **over: Any) -> dict[str, Any]:
    r = api(user).post("/api/policies", {**POLICY, **over})
    assert r.status_code == 201, r.content
    return dict(r.json())


def _confirm_all(api: Any, user: Any, pid: int) -> dict[str, Any]:
    proposals = api(user).post(f"/api/policies/{pid}/extract", {}).json()
    body = {"conditions": [{**c, "confirmed": True} for c in proposals]}
    r = api(user).put(f"/api/policies/{pid}/conditions", body)
    assert r.status_code == 200, r.content
    return dict(r.json())


def _publish(api: Any, user: Any, pid: int, capture: Any) -> dict[str, Any]:
    with capture(execute=True):
        r = api(user).post(f"/api/policies/{pid}/publish")
    assert r.status_code == 200, r.content
    run_queued_tasks()
    return dict(r.json())


def test_extract_confirm_publish_match(
    api: Any, city_admin: Any, orgs: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    pid = _create(api, city_admin)["id"]
    proposals = api(city_admin).post(f"/api/policies/{pid}/extract", {}).json()
    assert {(c["indicator"], c["operator"]) for c in proposals} == {
        ("industry", "in"),
        ("operating_revenue", "gte"),
        ("employees", "lte"),
    }
    assert all(not c["confirmed"] and c["source_sentence"] for c in proposals)
    # nothing confirmed → cannot publish
    r = api(city_admin).post(f"/api/policies/{pid}/publish")
    assert r.status_code == 422 and r.json()["code"] == "policies.no_conditions"
    _confirm_all(api, city_admin, pid)
    detail = _publish(api, city_admin, pid, django_capture_on_commit_callbacks)
    assert detail["status"] == "published" and detail["version"] == 1
    run = MatchRun.objects.get(policy_id=pid)
    assert run.status == "done" and run.eligible == 1
    status = dict(PolicyMatch.objects.filter(policy_id=pid).values_list("org_id", "status"))
    assert status == {orgs["a"].pk: "eligible", orgs["b"].pk: "ineligible", orgs["missing"].pk: "missing"}


def test_unconfirmed_proposals_are_not_used(
    api: Any, city_admin: Any, orgs: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    pid = _create(api, city_admin)["id"]
    proposals = api(city_admin).post(f"/api/policies/{pid}/extract", {}).json()
    # only the industry condition is confirmed: b (revenue too low) becomes eligible
    body = {"conditions": [{**c, "confirmed": c["indicator"] == "industry"} for c in proposals]}
    api(city_admin).put(f"/api/policies/{pid}/conditions", body)
    _publish(api, city_admin, pid, django_capture_on_commit_callbacks)
    assert PolicyMatch.objects.filter(policy_id=pid, status="eligible").count() == 3


def test_change_is_a_new_version_and_rematches(
    api: Any, city_admin: Any, orgs: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    pid = _create(api, city_admin)["id"]
    _confirm_all(api, city_admin, pid)
    _publish(api, city_admin, pid, django_capture_on_commit_callbacks)
    conds = api(city_admin).get(f"/api/policies/{pid}").json()["conditions"]
    for c in conds:
        if c["indicator"] == "operating_revenue":
            c["threshold"] = "19999900"
            c["unit"] = "元"  # 1999.99 万元
    with django_capture_on_commit_callbacks(execute=True):
        r = api(city_admin).put(f"/api/policies/{pid}/conditions", {"conditions": conds})
    assert r.status_code == 200
    run_queued_tasks()
    assert Policy.objects.get(pk=pid).version == 2
    assert PolicyVersion.objects.filter(policy_id=pid).count() == 2
    assert PolicyMatch.objects.get(policy_id=pid, org=orgs["b"]).status == "eligible"
    assert set(PolicyMatch.objects.filter(policy_id=pid).values_list("policy_version", flat=True)) == {2}


def test_rematch_uses_the_new_version_after_an_edit(
    api: Any, city_admin: Any, orgs: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    """The live policies' conditions are compiled once per process; an edit (a new version) is seen by
    the next per-enterprise rematch, and the explanation is rendered from the conditions of the row's version."""
    from smedt.policies.services.matching import org_rematch

    pid = _create(api, city_admin)["id"]
    _confirm_all(api, city_admin, pid)
    _publish(api, city_admin, pid, django_capture_on_commit_callbacks)
    assert org_rematch(org_id=orgs["a"].pk) >= 1
    row = PolicyMatch.objects.get(policy_id=pid, org=orgs["a"])
    assert (row.status, row.policy_version) == ("eligible", 1)
    assert org_rematch(org_id=orgs["a"].pk) >= 1  # served from the compiled conditions
    conds = api(city_admin).get(f"/api/policies/{pid}").json()["conditions"]
    for c in conds:
        if c["indicator"] == "operating_revenue":
            c["threshold"] = "2000.01"  # a is exactly at 2000: no longer eligible
    r = api(city_admin).put(f"/api/policies/{pid}/conditions", {"conditions": conds})  # the run is not executed
    assert r.status_code == 200
    # the stored version-1 row is still explained with version 1's threshold
    old = PolicyMatch.objects.get(policy_id=pid, org=orgs["a"])
    assert old.policy_version == 1
    assert any(d["condition"] == "营业收入 ≥ 2000万元" and d["result"] == "met" for d in old.details)
    org_rematch(org_id=orgs["a"].pk)
    row = PolicyMatch.objects.get(policy_id=pid, org=orgs["a"])
    assert (row.status, row.policy_version) == ("ineligible", 2)
    revenue = next(d for d in row.details if d["indicator"] == "operating_revenue")
    assert revenue == {
        "indicator": "operating_revenue",
        "label": "营业收入",
        "condition": "营业收入 ≥ 2000.01万元",
        "result": "unmet",
        "value": "2000万元",
        "source": revenue["source"],
        "hint": "",
    }
    assert "一企一档" in revenue["source"]


def test_enterprise_sees_only_its_own_matches(
    api: Any,
    city_admin: Any,
    orgs: dict[str, Any],
    enterprise_a_user: Any,
    enterprise_b_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    pid = _create(api, city_admin)["id"]
    _confirm_all(api, city_admin, pid)
    _publish(api, city_admin, pid, django_capture_on_commit_callbacks)
    mine = api(enterprise_a_user).get("/api/policies/mine").json()
    assert [(m["policy_id"], m["org_id"], m["status"]) for m in mine["items"]] == [(pid, orgs["a"].pk, "eligible")]
    detail = api(enterprise_a_user).get(f"/api/policies/mine/{pid}").json()
    revenue = next(d for d in detail["details"] if d["indicator"] == "operating_revenue")
    assert revenue["result"] == "met" and revenue["value"] == "2000万元" and "一企一档" in revenue["source"]
    b = api(enterprise_b_user).get(f"/api/policies/mine/{pid}").json()
    assert b["status"] == "ineligible" and b["org_id"] == orgs["b"].pk
    # the enterprise cannot read the government's lists
    assert api(enterprise_a_user).get(f"/api/policies/{pid}/matches").status_code == 403
    assert api(enterprise_a_user).get(f"/api/policies/{pid}/stats").status_code == 403


def test_county_sees_its_own_county(
    api: Any,
    city_admin: Any,
    county_a_officer: Any,
    county_b_officer: Any,
    orgs: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    pid = _create(api, city_admin)["id"]
    _confirm_all(api, city_admin, pid)
    _publish(api, city_admin, pid, django_capture_on_commit_callbacks)
    a_rows = api(county_a_officer).get(f"/api/policies/{pid}/matches").json()["items"]
    assert {r["org_id"] for r in a_rows} == {orgs["a"].pk, orgs["missing"].pk}
    b_stats = api(county_b_officer).get(f"/api/policies/{pid}/stats").json()
    assert [(c["label"], c["ineligible"]) for c in b_stats["by_county"]] == [("长垣市", 1)]
    city = api(city_admin).get(f"/api/policies/{pid}/stats").json()
    assert city["totals"] == {"eligible": 1, "missing": 1, "ineligible": 1}
    assert [(i["key"], i["eligible"]) for i in city["by_industry"]] == [("C", 1)]
    # the county cannot edit or publish
    assert api(county_a_officer).patch(f"/api/policies/{pid}", {"title": "x"}).status_code == 404


def test_sandbox_shows_who_gains_and_loses(
    api: Any, city_admin: Any, orgs: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    pid = _create(api, city_admin)["id"]
    conds = _confirm_all(api, city_admin, pid)["conditions"]
    _publish(api, city_admin, pid, django_capture_on_commit_callbacks)
    for c in conds:
        if c["indicator"] == "operating_revenue":
            c["threshold"] = "1999.99"
    r = api(city_admin).post(f"/api/policies/{pid}/sandbox", {"conditions": conds})
    assert r.status_code == 200, r.content
    out = r.json()
    assert (out["before"], out["after"]) == (1, 2)
    assert [g["org_id"] for g in out["gained"]] == [orgs["b"].pk] and out["lost"] == []
    # the sandbox changed nothing
    assert PolicyMatch.objects.filter(policy_id=pid, status="eligible").count() == 1


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"title": ""}, "title"),
        ({"level": "galactic"}, "level"),
        ({"window_start": "2026-05-01", "window_end": "2026-04-01"}, "window_end"),
        ({"amount_max": "-1"}, "amount_max"),
        ({"amount_max": "1.234"}, "amount_max"),
        ({"region_code": "999999"}, "region_code"),
    ],
)
def test_bad_policy_input_is_a_4xx(api: Any, city_admin: Any, payload: dict[str, Any], field: str) -> None:
    r = api(city_admin).post("/api/policies", {**POLICY, **payload})
    assert r.status_code == 422, r.content
    assert not Policy.objects.exists()


@pytest.mark.parametrize(
    "cond",
    [
        {"indicator": "nope", "operator": "gte", "threshold": "1"},
        {"indicator": "operating_revenue", "operator": "in", "threshold": "1"},
        {"indicator": "operating_revenue", "operator": "gte"},
        {"indicator": "operating_revenue", "operator": "gte", "threshold": "1", "unit": "人"},
        {"indicator": "tier", "operator": "gte", "values": ["emperor"]},
        {"indicator": "region", "operator": "in", "values": ["999999"]},
        {"indicator": "industry", "operator": "in", "values": ["制造"]},
    ],
)
def test_bad_conditions_are_422_and_write_nothing(api: Any, city_admin: Any, cond: dict[str, Any]) -> None:
    pid = _create(api, city_admin)["id"]
    r = api(city_admin).put(f"/api/policies/{pid}/conditions", {"conditions": [{**cond, "confirmed": True}]})
    assert r.status_code == 422, r.content
    assert not Policy.objects.get(pk=pid).conditions.exists()


def test_only_the_city_editor_writes(api: Any, county_a_officer: Any, enterprise_a_user: Any) -> None:
    assert api(county_a_officer).post("/api/policies", POLICY).status_code == 403
    assert api(enterprise_a_user).post("/api/policies", POLICY).status_code == 403
    assert api().post("/api/policies", POLICY).status_code == 401


def test_public_zone_lists_live_policies_with_filters(
    api: Any, city_admin: Any, orgs: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    live = _create(api, city_admin)["id"]
    _confirm_all(api, city_admin, live)
    _publish(api, city_admin, live, django_capture_on_commit_callbacks)
    _create(api, city_admin, title="草稿政策")  # never public
    items = api().get("/api/policies/public").json()["items"]
    assert [i["id"] for i in items] == [live]
    assert api().get("/api/policies/public", {"support_type": "tax"}).json()["items"] == []
    assert api().get("/api/policies/public", {"q": "数字化"}).json()["items"][0]["id"] == live
    assert api().get("/api/policies/public", {"expiring": True}).json()["items"] == []
    detail = api().get(f"/api/policies/public/{live}").json()
    assert all(c["confirmed"] for c in detail["conditions"])
    # withdrawn: gone from the public zone and from 我的政策
    api(city_admin).post(f"/api/policies/{live}/withdraw")
    assert api().get("/api/policies/public").json()["items"] == []
    assert api().get(f"/api/policies/public/{live}").status_code == 404


def test_expired_policies_stop_matching(
    api: Any, city_admin: Any, orgs: dict[str, Any], enterprise_a_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    pid = _create(api, city_admin)["id"]
    _confirm_all(api, city_admin, pid)
    _publish(api, city_admin, pid, django_capture_on_commit_callbacks)
    Policy.objects.filter(pk=pid).update(expires_on="2020-01-01")
    assert api(enterprise_a_user).get("/api/policies/mine").json()["items"] == []
    assert api().get("/api/policies/public").json()["items"] == []


def test_mine_query_count_is_fixed(
    api: Any,
    city_admin: Any,
    orgs: dict[str, Any],
    enterprise_a_user: Any,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for i in range(3):
        pid = _create(api, city_admin, title=f"政策{i}")["id"]
        _confirm_all(api, city_admin, pid)
        _publish(api, city_admin, pid, django_capture_on_commit_callbacks)
    client = api(enterprise_a_user)
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/policies/mine").json()["items"]) == 3

"""Optional expert scoring at the city acceptance step, the enterprise's satisfaction rating, the assessment picker."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from smedt.audit.models import AuditRecord
from smedt.projects import config
from smedt.projects.models import AcceptanceScore, Project

pytestmark = pytest.mark.django_db

MATERIALS = {"effectiveness": "效率提升", "data_integration": "数据贯通", "management_reform": "制度配套"}
SHEET = [
    {"key": "effect", "name": "应用成效", "max_score": "60.00"},
    {"key": "data", "name": "数据贯通程度", "max_score": "40.00"},
]


@pytest.fixture
def scoring_on(monkeypatch: Any) -> None:
    monkeypatch.setattr(config, "expert_scoring", lambda: {"enabled": True, "min_experts": 2, "items": SHEET})


@pytest.fixture
def in_acceptance(api: Any, world: Any, provider_org: Any, assessed: Any, county_a_officer: Any) -> Any:
    """make(to_city=True) -> a transformation project whose acceptance review waits at the city (or county) step."""

    def make(to_city: bool = True) -> Project:
        org = world["pilot"].org
        p = Project.objects.create(
            kind="transformation", title="验收项目", enterprise=org, provider=provider_org, region=org.region,
            amount=Decimal("100000.00"), status="completed", before_assessment=assessed(best=False),
        )  # fmt: skip
        res = api(world["enterprise"]).post(
            f"/api/projects/{p.pk}/acceptance",
            {**MATERIALS, "stated_benefit": "50000", "after_assessment_id": assessed(best=True).pk},
        )
        assert res.status_code == 200, res.content
        if to_city:
            rid = res.json()["acceptance_review_id"]
            assert api(county_a_officer).post(f"/api/reviews/{rid}/approve", {"opinion": ""}).status_code == 200
        p.refresh_from_db()
        return p

    return make


def _score(api: Any, user: Any, pid: int, effect: str = "50", data: str = "30") -> Any:
    return api(user).post(f"/api/projects/{pid}/expert-scores", {"marks": {"effect": effect, "data": data}})


def test_packaged_sheet_is_off_by_default_and_valid_when_enabled(monkeypatch: Any) -> None:
    assert config.expert_scoring()["enabled"] is False
    raw = config.acceptance()
    monkeypatch.setattr(
        config, "acceptance", lambda: {**raw, "expert_scoring": {**raw["expert_scoring"], "enabled": True}}
    )
    sheet = config.expert_scoring.__wrapped__()  # type: ignore[attr-defined]
    assert sheet["enabled"] and sheet["min_experts"] == 2
    assert sum(Decimal(i["max_score"]) for i in sheet["items"]) == Decimal(100)


def test_scoring_off_city_decides_alone(api: Any, world: Any, in_acceptance: Any, city_admin: Any, expert: Any) -> None:
    p = in_acceptance()
    assert _score(api, expert, p.pk).status_code == 404  # experts see no project when scoring is off
    detail = api(city_admin).get(f"/api/projects/{p.pk}").json()
    assert detail["expert_scoring"] is None
    assert api(city_admin).post(f"/api/reviews/{p.acceptance_review_id}/approve", {"opinion": ""}).status_code == 200
    p.refresh_from_db()
    assert p.status == "accepted"


def test_scoring_on_city_needs_min_experts(
    api: Any, world: Any, in_acceptance: Any, scoring_on: None, city_admin: Any, county_a_officer: Any,
    expert: Any, make_user: Any,
) -> None:  # fmt: skip
    expert2 = make_user("expert2", "expert")
    at_county = in_acceptance(to_city=False)
    assert _score(api, expert, at_county.pk).status_code == 404  # not yet at the city step: not even visible
    p = in_acceptance()
    rid = p.acceptance_review_id

    # the parties and government cannot score; an expert sees the project and may score
    for user in (world["enterprise"], world["provider"], county_a_officer, city_admin):
        assert _score(api, user, p.pk).status_code == 403
    seen = api(expert).get(f"/api/projects/{p.pk}").json()
    assert seen["my_actions"] == ["score_acceptance"]
    assert [i["key"] for i in seen["expert_scoring"]["items"]] == ["effect", "data"]

    # the city may not decide before enough experts scored; nothing changes
    res = api(city_admin).post(f"/api/reviews/{rid}/approve", {"opinion": ""})
    assert res.status_code == 409 and res.json()["code"] == "projects.expert_scores_missing"
    res = api(city_admin).post(f"/api/reviews/{rid}/reject", {"opinion": "不达标"})
    assert res.status_code == 409
    p.refresh_from_db()
    assert p.status == "acceptance_review" and p.acceptance_review.status == "pending"  # type: ignore[union-attr]

    # bad marks are 422; one score per expert and round
    bad = _score(api, expert, p.pk, effect="61")
    assert bad.status_code == 422 and bad.json()["code"] == "projects.invalid_score"
    assert api(expert).post(f"/api/projects/{p.pk}/expert-scores", {"marks": {"effect": "1"}}).status_code == 422
    assert _score(api, expert, p.pk, "50.5", "30").status_code == 201
    again = _score(api, expert, p.pk)
    assert again.status_code == 409 and again.json()["code"] == "projects.already_scored"
    mine = api(expert).get(f"/api/projects/{p.pk}").json()
    assert mine["my_actions"] == [] and mine["expert_scoring"]["count"] == 1
    assert api(city_admin).post(f"/api/reviews/{rid}/approve", {"opinion": ""}).status_code == 409  # 1 of 2

    assert _score(api, expert2, p.pk, "45", "30").status_code == 201
    # an expert sees only their own score; the city sees all and the exact average; the parties see nothing
    own = api(expert2).get(f"/api/projects/{p.pk}").json()["expert_scoring"]
    assert [s["expert_name"] for s in own["scores"]] == ["expert2"]
    city = api(city_admin).get(f"/api/projects/{p.pk}").json()["expert_scoring"]
    assert city["count"] == 2 and Decimal(city["average"]) == Decimal("77.75")
    assert api(world["enterprise"]).get(f"/api/projects/{p.pk}").json()["expert_scoring"] is None
    review = api(city_admin).get(f"/api/reviews/{rid}").json()
    assert "平均 77.75 分" in str(review)
    assert AuditRecord.objects.filter(action="projects.acceptance_score").count() == 2

    assert api(city_admin).post(f"/api/reviews/{rid}/approve", {"opinion": "同意"}).status_code == 200
    p.refresh_from_db()
    assert p.status == "accepted" and "专家评分平均 77.75 分" in p.status_note
    assert _score(api, expert, p.pk).status_code == 409  # closed; still visible to who scored
    assert api(expert).get(f"/api/projects/{p.pk}").status_code == 200


def test_city_may_return_without_scores_and_new_round_needs_new_scores(
    api: Any, world: Any, in_acceptance: Any, scoring_on: None, city_admin: Any, county_a_officer: Any,
    expert: Any, make_user: Any,
) -> None:  # fmt: skip
    p = in_acceptance()
    rid = p.acceptance_review_id
    assert _score(api, expert, p.pk).status_code == 201
    assert api(city_admin).post(f"/api/reviews/{rid}/return", {"opinion": "补充发票"}).status_code == 200
    res = api(world["enterprise"]).post(f"/api/projects/{p.pk}/acceptance", {**MATERIALS, "stated_benefit": "50000"})
    assert res.json()["status"] == "acceptance_review"
    assert api(county_a_officer).post(f"/api/reviews/{rid}/approve", {"opinion": ""}).status_code == 200
    # round 2: the round-1 score does not count, the expert scores again
    assert api(expert).get(f"/api/projects/{p.pk}").json()["my_actions"] == ["score_acceptance"]
    assert _score(api, expert, p.pk).status_code == 201
    assert set(AcceptanceScore.objects.filter(project=p).values_list("round", flat=True)) == {1, 2}
    assert api(city_admin).post(f"/api/reviews/{rid}/approve", {"opinion": ""}).status_code == 409


# --- satisfaction -------------------------------------------------------------------------------------------------


def _done(world: Any, provider_org: Any, kind: str = "diagnosis", status: str = "done") -> Project:
    org = world["pilot"].org
    return Project.objects.create(
        kind=kind, title="已完成项目", enterprise=org, provider=provider_org, region=org.region,
        amount=Decimal("1000.00"), status=status,
    )  # fmt: skip


def test_enterprise_rates_the_provider_once_with_a_revision_window(
    api: Any, world: Any, provider_org: Any, enterprise_b_user: Any, county_a_officer: Any
) -> None:
    from smedt.providers.models import ProjectRating

    p = _done(world, provider_org)
    ent = api(world["enterprise"])
    url = f"/api/projects/{p.pk}/satisfaction"
    assert api(world["provider"]).post(url, {"stars": 5}).status_code == 403
    assert api(county_a_officer).post(url, {"stars": 5}).status_code == 403
    assert api(enterprise_b_user).post(url, {"stars": 5}).status_code == 404
    for bad in (0, 6):
        res = ent.post(url, {"stars": bad})
        assert res.status_code == 422 and "stars" in res.json()["details"]["fields"]
    assert ent.post(url, {"stars": 3, "comment": "x" * 501}).status_code == 422

    res = ent.post(url, {"stars": 4, "comment": "响应及时"})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["satisfaction"]["stars"] == 4 and "rate_provider" in body["my_actions"]
    assert body["timeline"][-1]["action"] == "rate_provider"
    row = ProjectRating.objects.get(org=provider_org, project_ref=f"project-{p.pk}", dimension="satisfaction")
    assert row.score == Decimal(80) and row.note == "响应及时"

    # revised inside the window: the same rating row is updated
    assert ent.post(url, {"stars": 3, "comment": "报告偏晚"}).json()["satisfaction"]["stars"] == 3
    rows = ProjectRating.objects.filter(project_ref=f"project-{p.pk}", dimension="satisfaction")
    assert [r.score for r in rows] == [Decimal(60)]

    # after the window the rating is final
    Project.objects.filter(pk=p.pk).update(satisfaction_rated_at=timezone.now() - timedelta(days=8))
    assert "rate_provider" not in ent.get(f"/api/projects/{p.pk}").json()["my_actions"]
    res = ent.post(url, {"stars": 1})
    assert res.status_code == 409 and res.json()["code"] == "projects.rating_final"
    assert AuditRecord.objects.filter(action="projects.satisfaction_rate").count() == 2


@pytest.mark.parametrize(
    ("kind", "status", "ok"),
    [("diagnosis", "report_submitted", False), ("transformation", "completed", False), ("transformation", "accepted", True),
     ("transformation", "acceptance_rejected", False), ("diagnosis", "declined", False)],
)  # fmt: skip
def test_rating_only_when_done_or_accepted(
    api: Any, world: Any, provider_org: Any, kind: str, status: str, ok: bool
) -> None:
    p = _done(world, provider_org, kind, status)
    res = api(world["enterprise"]).post(f"/api/projects/{p.pk}/satisfaction", {"stars": 5})
    assert res.status_code == (200 if ok else 409)


# --- assessment picker --------------------------------------------------------------------------------------------


def test_assessment_candidates_for_the_parties_only(
    api: Any, world: Any, provider_org: Any, assessed: Any, county_a_officer: Any, enterprise_b_user: Any,
    enterprise_b: Any,
) -> None:  # fmt: skip
    from smedt.assessment.models import Assessment

    p = _done(world, provider_org, "diagnosis", "diagnosing")
    self_a = assessed(best=False)
    onsite = assessed(best=True, onsite=True)
    draft = Assessment.objects.create(
        org=p.enterprise, indicator_set=self_a.indicator_set, region=p.region, created_by=world["enterprise"]
    )
    url = f"/api/projects/{p.pk}/assessments"
    for user in (world["enterprise"], world["provider"]):
        res = api(user).get(url)
        assert res.status_code == 200, res.content
        rows = res.json()
        assert {(r["source"], r["id"]) for r in rows} == {("self", self_a.pk), ("onsite", onsite.pk)}
        assert draft.pk not in [r["id"] for r in rows if r["source"] == "self"]
        assert all(r["level"] is not None and r["total_score"] and r["submitted_at"] for r in rows)
    assert api(county_a_officer).get(url).status_code == 403
    assert api(enterprise_b_user).get(url).status_code == 404

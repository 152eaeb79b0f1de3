"""The provider scorecard: pure arithmetic (property-based), facts gathered from the platform, compute endpoint."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smedt.core.errors import ValidationFailed
from smedt.core.tests.helpers import assert_error
from smedt.providers import rating
from smedt.providers.models import ComplaintStatus, ProviderComplaint, ProviderPoolMember, ProviderRating
from smedt.providers.ratings import provider_rating_add

YEAR = timezone.localdate().year

# --- pure ------------------------------------------------------------------------------------------------------

scores_st = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2))


def _scheme(weights: list[Decimal], mins: list[int] | None = None) -> rating.Scheme:
    return rating.parse_scheme(
        {
            "version": "t",
            "dimensions": [
                {"key": f"d{i}", "name": f"维度{i}", "weight": w, "source": "manual"} for i, w in enumerate(weights)
            ],
            "grades": [{"grade": f"G{m}", "min": m} for m in (mins or [90, 60, 0])],
        }
    )


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    weights=st.lists(st.decimals(min_value="0.01", max_value=1000, places=2), min_size=1, max_size=6),
    data=st.data(),
)
def test_total_is_the_renormalised_weighted_mean_of_the_dimensions_with_data(weights, data):
    scheme = _scheme(weights)
    scores = {d.key: data.draw(scores_st) for d in scheme.dimensions}
    card = rating.scorecard(scheme, scores)
    present = [d for d in scheme.dimensions if scores[d.key] is not None]
    if not present:
        assert card.total is None and card.grade is None and card.effective_weights == {}
        return
    exact = sum(scores[d.key] * d.weight for d in present) / sum(d.weight for d in present)
    assert abs(card.total - exact) <= Decimal("0.005")
    assert (
        min(scores[d.key] for d in present) - Decimal("0.005")
        <= card.total
        <= max(scores[d.key] for d in present) + Decimal("0.005")
    )
    # a dimension without data is left out, never counted as 0; the others' shares add up to ~100 %
    assert set(card.effective_weights) == {d.key for d in present}
    assert abs(sum(card.effective_weights.values()) - 100) <= Decimal("0.01") * len(present)


@settings(deadline=None)
@given(total=st.decimals(min_value=0, max_value=100, places=2))
def test_grade_is_the_highest_band_reached(total):
    scheme = _scheme([Decimal(1)], [90, 80, 70, 60, 0])
    grade = rating.grade_for(scheme, total)
    floor = Decimal(grade[1:])
    assert total >= floor
    assert all(total < m for g, m in scheme.grades if m > floor)


def test_missing_data_does_not_count_as_zero():
    scheme = _scheme([Decimal(50), Decimal(50)])
    card = rating.scorecard(scheme, {"d0": Decimal(80), "d1": None})
    assert (card.total, card.grade, card.scores["d1"]) == (Decimal("80.00"), "G60", None)
    assert card.effective_weights == {"d0": Decimal("100.00")}


def test_source_scores_from_facts():
    dims = {d.key: d for d in rating.packaged_scheme().dimensions}
    assert rating.dimension_score(dims["projects"], {"count": 3}) == Decimal("60.00")
    assert rating.dimension_score(dims["projects"], {"count": 9}) == Decimal(100)
    # no signed project is no record: an idle provider is 暂无评级, never "0.00 分 一星"
    assert rating.dimension_score(dims["projects"], {"count": 0}) is None
    assert rating.dimension_score(dims["on_time"], {"done_on_time": 2, "total": 3}) == Decimal("66.67")
    assert rating.dimension_score(dims["on_time"], {"done_on_time": 0, "total": 0}) is None
    assert rating.dimension_score(dims["acceptance"], {"first_pass": 1, "total": 2}) == Decimal("50.00")
    assert rating.dimension_score(dims["satisfaction"], {"count": 3, "sum": Decimal(250)}) == Decimal("83.33")
    assert rating.dimension_score(dims["complaints"], {"upheld": 0, "dismissed": 0, "projects": 0}) is None
    assert rating.dimension_score(dims["complaints"], {"upheld": 0, "dismissed": 0, "projects": 2}) == 100
    assert rating.dimension_score(dims["complaints"], {"upheld": 6, "dismissed": 0, "projects": 2}) == 0
    assert rating.dimension_score(dims["government"], {}) is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"dimensions": []}, "至少设置一个评级维度"),
        ({"dimensions": [{"key": "a", "name": "甲", "weight": 0, "source": "manual"}]}, "权重"),
        ({"dimensions": [{"key": "a", "name": "甲", "weight": 1, "source": "x"}]}, "数据来源"),
        (
            {
                "dimensions": [
                    {"key": "a", "name": "甲", "weight": 1, "source": "manual"},
                    {"key": "a", "name": "乙", "weight": 1, "source": "manual"},
                ]
            },
            "重复",
        ),
        (
            {"dimensions": [{"key": "a", "name": "甲", "weight": 1, "source": "projects", "params": {"x": 1}}]},
            "不支持参数",
        ),
        (
            {
                "dimensions": [
                    {"key": "a", "name": "甲", "weight": 1, "source": "projects", "params": {"full_marks_at": 0}}
                ]
            },
            "满分所需项目数",
        ),
        ({"grades": [{"grade": "A", "min": 60}]}, "最低分应为 0"),
        ({"grades": [{"grade": "A", "min": 0}, {"grade": "A", "min": 50}]}, "重复"),
        ({"version": ""}, "版本"),
    ],
)
def test_scheme_validation_speaks_chinese(change, message):
    data = {**rating.packaged_scheme_data(), **change}
    with pytest.raises(ValidationFailed) as exc:
        rating.parse_scheme(data)
    assert message in exc.value.message


# --- facts and the compute endpoint ------------------------------------------------------------------------------


def make_project(provider: Any, enterprise: Any, *, signed_on: Any = None, title: str = "项目") -> Any:
    from smedt.projects.models import Project, ProjectEvent

    p = Project.objects.create(
        kind="transformation",
        title=title,
        enterprise=enterprise,
        provider=provider,
        region=enterprise.region,
        amount=Decimal(1000),
        status="implementing",
    )
    if signed_on is not None:
        ev = ProjectEvent.objects.create(project=p, action="contract_signed")
        ProjectEvent.objects.filter(pk=ev.pk).update(created_at=signed_on)
    return p


def milestone(project: Any, planned: date, actual: date | None) -> None:
    from smedt.projects.models import Milestone

    Milestone.objects.create(project=project, name="节点", planned_date=planned, actual_date=actual)


@pytest.fixture
def busy_provider(provider_org, enterprise_a):
    """Three projects signed this year, milestones, two acceptance decisions, two ratings, one upheld complaint."""
    ProviderPoolMember.objects.create(org=provider_org, region=provider_org.region, provider_type="integrator")
    now = timezone.now()
    projects = [make_project(provider_org, enterprise_a, signed_on=now, title=f"项目{i}") for i in range(3)]
    make_project(provider_org, enterprise_a, signed_on=now.replace(year=YEAR - 1))  # last year: not counted
    jan = date(YEAR, 1, 1)
    milestone(projects[0], jan, jan)
    milestone(projects[0], jan, jan + timedelta(days=3))  # late
    milestone(projects[1], jan + timedelta(days=1), jan)
    milestone(projects[1], date(YEAR, 12, 31), None)  # not yet due (unless today is 31 Dec): left out
    provider_rating_add(org_id=provider_org.pk, project_ref="p-1", dimension="acceptance", score=Decimal(100))
    provider_rating_add(org_id=provider_org.pk, project_ref="p-2", dimension="acceptance", score=Decimal(60))
    provider_rating_add(org_id=provider_org.pk, project_ref="p-1", dimension="satisfaction", score=Decimal(100))
    provider_rating_add(org_id=provider_org.pk, project_ref="p-2", dimension="satisfaction", score=Decimal(60))
    ProviderComplaint.objects.create(
        enterprise=enterprise_a, provider=provider_org, title="延期", content="x" * 10, status=ComplaintStatus.UPHELD
    )
    ProviderComplaint.objects.create(
        enterprise=enterprise_a, provider=provider_org, title="态度", content="x" * 10, status=ComplaintStatus.DISMISSED
    )
    return provider_org


def dims(row: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["key"]: d for d in row["dimensions"]}


def test_compute_one_provider_from_platform_records(api, city_admin, provider_user, busy_provider):
    res = api(city_admin).post("/api/providers/ratings/compute", {"year": YEAR, "org_id": busy_provider.pk})
    assert res.status_code == 200, res.content
    row = api(provider_user).get("/api/providers/ratings", {"year": YEAR}).json()["items"][0]
    d = dims(row)
    assert d["projects"]["evidence"] == {"count": 3, "full_marks_at": 5} and d["projects"]["score"] == "60.00"
    if timezone.localdate() < date(YEAR, 12, 31):
        assert d["on_time"]["evidence"] == {"done_on_time": 2, "total": 3}
        assert d["on_time"]["score"] == "66.67"
    assert d["acceptance"]["evidence"] == {"first_pass": 1, "total": 2} and d["acceptance"]["score"] == "50.00"
    assert d["satisfaction"]["evidence"] == {"count": 2, "average": "80.00"} and d["satisfaction"]["score"] == "80.00"
    assert d["complaints"]["evidence"]["upheld"] == 1 and d["complaints"]["score"] == "80.00"
    # no manual score yet: 无数据, left out, the other five weights renormalised (20/90 each, 10/90 complaints)
    assert d["government"]["score"] is None and d["government"]["effective_weight"] is None
    assert d["projects"]["effective_weight"] == "22.22"
    if timezone.localdate() < date(YEAR, 12, 31):
        expected = ((Decimal(60) + Decimal("66.67") + Decimal(50) + Decimal(80)) * 20 + Decimal(80) * 10) / 90
        assert Decimal(row["total"]) == expected.quantize(Decimal("0.01"))
    assert row["scheme_version"] == "2026年版（试行）" and row["computed_at"]
    assert "appeal" in row["my_actions"] and "rate" not in row["my_actions"]

    # the city adds its manual score: the government dimension now counts with its full weight
    res = api(city_admin).put(
        "/api/providers/ratings",
        {"org_id": busy_provider.pk, "year": YEAR, "components": {"government": 90}, "note": "专家评议"},
    )
    assert res.status_code == 200, res.content
    d = dims(res.json())
    assert d["government"]["score"] == "90.00" and d["government"]["evidence"]["note"] == "专家评议"
    assert d["projects"]["effective_weight"] == "20.00"
    assert ProviderRating.objects.count() == 1


def test_manual_entry_rejects_computed_dimensions_and_bad_numbers(api, city_admin, provider_user, busy_provider):
    body = {"org_id": busy_provider.pk, "year": YEAR, "components": {"on_time": 100}}
    assert (
        "平台数据计算"
        in assert_error(api(city_admin).put("/api/providers/ratings", body), 422, "providers.invalid_rating")["message"]
    )
    body["components"] = {"government": 101}
    assert_error(api(city_admin).put("/api/providers/ratings", body), 422, "providers.invalid_rating")
    body["components"] = {"government": 80}
    assert_error(api(provider_user).put("/api/providers/ratings", body), 403, "permission_denied")
    body["year"] = YEAR + 1
    assert_error(api(city_admin).put("/api/providers/ratings", body), 422, "providers.invalid_field")
    assert ProviderRating.objects.count() == 0


def test_compute_all_pool_providers_skips_those_without_any_data(
    api, city_admin, county_b_officer, provider_user, busy_provider, make_org
):
    idle = make_org("410771", kind="provider", name="无业务服务商")
    ProviderPoolMember.objects.create(org=idle, region=idle.region, provider_type="integrator")
    assert_error(api(provider_user).post("/api/providers/ratings/compute", {"year": YEAR}), 403, "permission_denied")
    assert_error(api(county_b_officer).post("/api/providers/ratings/compute", {"year": YEAR}), 403, "permission_denied")
    res = api(city_admin).post("/api/providers/ratings/compute", {"year": YEAR})
    assert res.status_code == 200, res.content
    # the idle provider has no record at all: it is skipped (暂无评级), never graded 0.00 一星
    body = res.json()
    assert (body["providers"], body["computed"], body["skipped"]) == (2, 1, ["无业务服务商"])
    assert not ProviderRating.objects.filter(org=idle).exists()
    # recomputing replaces, never duplicates
    api(city_admin).post("/api/providers/ratings/compute", {"year": YEAR})
    assert ProviderRating.objects.count() == 1


def test_an_idle_provider_graded_by_the_old_rule_loses_the_grade_on_recompute(
    api, city_admin, enterprise_a_user, make_org
):
    from smedt.providers.ratings import scheme_active

    idle = make_org("410771", kind="provider", name="无业务服务商")
    ProviderPoolMember.objects.create(org=idle, region=idle.region, provider_type="integrator")
    scheme = scheme_active()
    ProviderRating.objects.create(
        org=idle, year=YEAR, total=Decimal("0.00"), grade="一星", scheme=scheme, scheme_version=scheme.version
    )
    assert api(city_admin).post("/api/providers/ratings/compute", {"year": YEAR}).status_code == 200
    assert not ProviderRating.objects.filter(org=idle).exists()
    # the enterprise choosing a provider sees no grade, with the reason
    rows = api(enterprise_a_user).get("/api/projects/providers").json()["items"]
    row = next(r for r in rows if r["org_id"] == idle.pk)
    assert row["rating_total"] is None and row["rating_grade"] is None
    assert "暂无评级" in row["rating_note"]


def test_a_scheme_without_the_projects_dimension_can_leave_a_provider_unrated(api, city_admin, provider_org):
    scheme = {
        "version": "v2",
        "dimensions": [{"key": "government", "name": "主管部门评价", "weight": 1, "source": "manual"}],
        "grades": [{"grade": "合格", "min": 0}],
    }
    assert api(city_admin).post("/api/providers/rating-schemes", scheme).status_code == 201
    assert_error(
        api(city_admin).post("/api/providers/ratings/compute", {"year": YEAR, "org_id": provider_org.pk}),
        409,
        "providers.rating_no_data",
    )


def test_scheme_endpoints(api, city_admin, provider_user, county_a_officer):
    active = api(provider_user).get("/api/providers/rating-scheme").json()
    assert active["version"] == "2026年版（试行）" and len(active["dimensions"]) == 6
    assert {s["key"] for s in active["sources"]} >= {"projects", "manual", "complaints"}
    new = {
        "version": "xinxiang-2027",
        "dimensions": [
            {
                "key": "projects",
                "name": "承接项目数量",
                "weight": 30,
                "source": "projects",
                "params": {"full_marks_at": 10},
            },
            {"key": "government", "name": "主管部门评价", "weight": 70, "source": "manual"},
        ],
        "grades": [{"grade": "优秀", "min": 85}, {"grade": "合格", "min": 0}],
        "note": "试行",
    }
    assert_error(api(provider_user).post("/api/providers/rating-schemes", new), 403, "permission_denied")
    assert_error(api(county_a_officer).post("/api/providers/rating-schemes", new), 403, "permission_denied")
    res = api(city_admin).post("/api/providers/rating-schemes", new)
    assert res.status_code == 201, res.content
    assert api(provider_user).get("/api/providers/rating-scheme").json()["version"] == "xinxiang-2027"
    assert_error(api(city_admin).post("/api/providers/rating-schemes", new), 409, "providers.scheme_version_exists")
    bad = {**new, "version": "x", "grades": [{"grade": "优秀", "min": 85}]}
    assert_error(api(city_admin).post("/api/providers/rating-schemes", bad), 422, "providers.invalid_scheme")
    versions = api(city_admin).get("/api/providers/rating-schemes").json()
    assert [(v["version"], v["is_active"]) for v in versions] == [
        ("xinxiang-2027", True),
        ("2026年版（试行）", False),
    ]
    assert_error(api(provider_user).get("/api/providers/rating-schemes"), 403, "permission_denied")


def test_project_rating_hook_accepts_satisfaction_and_is_idempotent(provider_org):
    from smedt.providers.models import ProjectRating
    from smedt.providers.services import provider_rating_add as via_services  # the projects module's import

    via_services(org_id=provider_org.pk, project_ref="P-1", dimension="satisfaction", score=Decimal(80))
    via_services(org_id=provider_org.pk, project_ref="P-1", dimension="satisfaction", score=Decimal(100))
    assert ProjectRating.objects.get().score == Decimal(100)
    with pytest.raises(ValidationFailed):
        via_services(org_id=provider_org.pk, project_ref="P-1", dimension="government", score=Decimal(1))


def test_demo_shows_a_computed_scorecard(reference):
    from django.core.management import call_command

    call_command("load_demo", "--quiet-accounts")
    row = ProviderRating.objects.filter(year=YEAR, org__name="新乡智造数字科技有限公司").first()
    assert row is not None and row.scheme is not None and row.computed_at is not None
    assert row.evidence["government"]["score"] == "85.00"
    assert ProviderComplaint.objects.filter(status=ComplaintStatus.PENDING).count() == 1


def test_a_page_shows_each_rating_with_the_scheme_it_was_computed_with(api, city_admin, busy_provider, make_org):
    """Ratings of one page parse each scheme version once; rows of different versions keep their own dimensions."""
    assert (
        api(city_admin).post("/api/providers/ratings/compute", {"year": YEAR, "org_id": busy_provider.pk}).status_code
        == 200
    )
    newer = make_org("410771", kind="provider", name="新方案服务商")
    ProviderPoolMember.objects.create(org=newer, region=newer.region, provider_type="integrator")
    scheme = {
        "version": "v-page",
        "dimensions": [
            {"key": "projects", "name": "承接项目数量", "weight": 1, "source": "projects"},
            {"key": "government", "name": "主管部门评价", "weight": 1, "source": "manual"},
        ],
        "grades": [{"grade": "合格", "min": 0}],
    }
    assert api(city_admin).post("/api/providers/rating-schemes", scheme).status_code == 201
    body = {"org_id": newer.pk, "year": YEAR, "components": {"government": 70}}
    assert api(city_admin).put("/api/providers/ratings", body).status_code == 200
    rows = {r["org_id"]: r for r in api(city_admin).get("/api/providers/ratings", {"year": YEAR}).json()["items"]}
    assert rows[busy_provider.pk]["scheme_version"] == "2026年版（试行）"
    assert len(rows[busy_provider.pk]["dimensions"]) == 6
    assert rows[newer.pk]["scheme_version"] == "v-page"
    assert [d["key"] for d in rows[newer.pk]["dimensions"]] == ["projects", "government"]

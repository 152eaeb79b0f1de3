"""Self-assessment through the API: start, autosave, submit with commitment, result, scope, query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smedt.assessment.models import AnalysisEntry, Assessment
from smedt.assessment.tests.factories import full_document, level_document, make_submitted
from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import CJK, assert_error, field_message

pytestmark = pytest.mark.django_db

BASE = "/api/assessment"
# session + user, grants (assignments + role permissions), count, page (org, region, indicator set joined)
ASSESSMENT_LIST_QUERIES = 6


def start(api, user, **payload):
    return api(user).post(f"{BASE}/assessments", payload)


@pytest.fixture
def draft_a(api, enterprise_a_user, org_a, indicator_set):
    res = start(api, enterprise_a_user)
    assert res.status_code == 201, res.content
    return res.json()


def test_questionnaire_lists_questions_options_and_scenario_levels(api, enterprise_a_user, indicator_set):
    body = api(enterprise_a_user).get(f"{BASE}/indicator-sets/current").json()
    assert body["version"] == "2024.1"
    questions = [q for d in body["dimensions"] for g in d["groups"] for q in g["questions"]]
    assert len(questions) == 15
    mf02 = next(q for q in questions if q["id"] == "MF-02")
    assert mf02["options"][1] == {"code": "B", "text": "(10%,20%]", "score": "1.5", "exclusive": False}
    assert [f["id"] for f in mf02["evidence_fields"]] == ["production_equipment", "digital_equipment"]
    scenarios = [s for g in body["scenario_dimension"]["groups"] for s in g["scenarios"]]
    assert len(scenarios) == 16
    assert [lv["level"] for lv in scenarios[0]["levels"]] == [1, 2, 3, 4]
    assert [lv["name"] for lv in body["levels"]] == ["四级", "三级", "二级", "一级"]
    assert (
        api(enterprise_a_user).get(f"{BASE}/indicator-sets/{indicator_set.pk}/definition").json()["code"]
        == body["code"]
    )


def test_enterprise_user_starts_its_own_draft_once(api, enterprise_a_user, org_a, indicator_set, draft_a):
    assert draft_a["status"] == "draft"
    assert draft_a["org"]["id"] == org_a.pk
    assert (draft_a["progress_answered"], draft_a["progress_total"]) == (0, 31)
    assert draft_a["industry_division"] == "34"
    assert draft_a["size_band"] == "unknown"
    assert len(draft_a["missing"]) == 31 and CJK.search(draft_a["missing"][0]["message"])
    again = start(api, enterprise_a_user)
    assert again.status_code == 200 and again.json()["id"] == draft_a["id"]
    assert Assessment.objects.count() == 1
    assert AuditRecord.objects.filter(action="assessment.assessment_start").count() == 1


def test_others_cannot_start_an_assessment_for_an_enterprise(
    api, enterprise_b_user, county_a_officer, expert, org_a, indicator_set
):
    assert_error(start(api, enterprise_b_user, org_id=org_a.pk), 403, "permission_denied")
    assert_error(start(api, county_a_officer, org_id=org_a.pk), 403, "permission_denied")
    assert_error(start(api, expert, org_id=org_a.pk), 403, "permission_denied")
    assert not Assessment.objects.exists()


def test_size_band_is_checked(api, enterprise_a_user, org_a, indicator_set):
    res = start(api, enterprise_a_user, size_band="huge")
    assert_error(res, 422, "assessment.invalid_size_band")
    assert start(api, enterprise_a_user, size_band="small").json()["size_band"] == "small"


def test_autosave_merges_sections_and_reports_progress(api, enterprise_a_user, draft_a):
    url = f"{BASE}/assessments/{draft_a['id']}/draft"
    client = api(enterprise_a_user)
    res = client.patch(url, {"answers": {"MF-01": ["B", "C"], "MF-02": "C"}})
    assert res.status_code == 200, res.content
    res = client.patch(url, {"scenarios": {"S01": 2}, "evidence": {"production_equipment": 120}})
    body = res.json()
    assert body["answers"] == {"MF-01": ["B", "C"], "MF-02": "C"}
    assert body["scenarios"] == {"S01": 2}
    assert body["progress_answered"] == 3
    assert "MF-01" not in {m["ref"] for m in body["missing"]}
    body = client.patch(url, {"answers": {"MF-02": None}}).json()
    assert body["answers"] == {"MF-01": ["B", "C"]} and body["progress_answered"] == 2


def test_autosave_refuses_unknown_questions_and_options_and_saves_nothing(api, enterprise_a_user, draft_a):
    url = f"{BASE}/assessments/{draft_a['id']}/draft"
    client = api(enterprise_a_user)
    client.patch(url, {"answers": {"MF-02": "C"}})
    res = client.patch(url, {"answers": {"MF-03": "Z", "XX-99": "A", "MF-04": "B"}, "scenarios": {"S01": 9}})
    body = assert_error(res, 422, "assessment.invalid_answers")
    assert "不存在" in field_message(res, "MF-03")
    assert "不在指标体系" in field_message(res, "XX-99")
    assert "多选题" in field_message(res, "MF-04")
    assert "场景等级应为" in field_message(res, "S01")
    assert len(body["details"]["issues"]) == 4
    stored = Assessment.objects.get(pk=draft_a["id"])
    assert stored.answers == {"MF-02": "C"} and stored.scenarios == {}


def test_submit_incomplete_lists_every_missing_question_in_chinese(api, enterprise_a_user, draft_a):
    api(enterprise_a_user).patch(f"{BASE}/assessments/{draft_a['id']}/draft", {"answers": {"MF-01": ["A"]}})
    res = api(enterprise_a_user).post(f"{BASE}/assessments/{draft_a['id']}/submit", {"commitment": False})
    body = assert_error(res, 422, "assessment.invalid_answers")
    fields = body["details"]["fields"]
    assert fields["MF-02"] == "MF-02 设备数字化：尚未作答"
    assert "尚未选择场景等级" in fields["S16"]
    assert fields["commitment"] == "请阅读并勾选真实性承诺"
    assert "MF-01" not in fields
    assert Assessment.objects.get(pk=draft_a["id"]).status == "draft"
    assert not AnalysisEntry.objects.exists()


def test_submit_requires_the_truthfulness_commitment(api, enterprise_a_user, draft_a, indicator_set):
    client = api(enterprise_a_user)
    client.patch(f"{BASE}/assessments/{draft_a['id']}/draft", full_document(indicator_set))
    res = client.post(f"{BASE}/assessments/{draft_a['id']}/submit", {})
    assert_error(res, 422, "assessment.commitment_required")
    assert "真实性承诺" in field_message(res, "commitment")
    stored = Assessment.objects.get(pk=draft_a["id"])
    assert stored.status == "draft" and stored.result is None and not stored.commitment


def test_submit_freezes_the_result_and_feeds_the_analysis(api, enterprise_a_user, draft_a, indicator_set):
    client = api(enterprise_a_user)
    client.patch(f"{BASE}/assessments/{draft_a['id']}/draft", full_document(indicator_set))
    res = client.post(f"{BASE}/assessments/{draft_a['id']}/submit", {"commitment": True})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == "submitted" and body["level"] == 4 and body["level_name"] == "四级"
    assert Decimal(body["total_score"]) == Decimal(100)
    stored = Assessment.objects.get(pk=draft_a["id"])
    assert stored.commitment and stored.commitment_by == enterprise_a_user and stored.commitment_at
    assert stored.submitted_by == enterprise_a_user
    assert stored.result["level_name"] == "四级"
    entry = AnalysisEntry.objects.get(org_id=stored.org_id)
    assert (entry.source, entry.assessment_id, entry.level) == ("self", stored.pk, 4)
    assert entry.dimension_scores == {"foundation": "50", "management": "30", "results": "20"}
    record = AuditRecord.objects.get(action="assessment.assessment_submit")
    assert record.after["level"] == 4 and record.actor == enterprise_a_user

    result = client.get(f"{BASE}/assessments/{draft_a['id']}/result").json()
    assert result["level_name"] == "四级"
    assert result["trace"][-1]["step"] == "level"
    assert result["distance_to_next_level"]["summary"] == "已达到最高等级四级"

    again = client.post(f"{BASE}/assessments/{draft_a['id']}/submit", {"commitment": True})
    assert_error(again, 409, "invalid_transition")
    assert_error(client.patch(f"{BASE}/assessments/{draft_a['id']}/draft", {"answers": {}}), 409, "invalid_transition")


def test_result_is_404_before_submission(api, enterprise_a_user, draft_a):
    assert_error(
        api(enterprise_a_user).get(f"{BASE}/assessments/{draft_a['id']}/result"), 404, "assessment.result_not_ready"
    )


def test_distance_to_next_level_is_part_of_the_result(api, enterprise_a_user, org_a, indicator_set, totals):
    a = make_submitted(
        org=org_a, indicator_set=indicator_set, doc=level_document(indicator_set, totals, 2), user=enterprise_a_user
    )
    body = api(enterprise_a_user).get(f"{BASE}/assessments/{a.pk}/result").json()
    distance = body["distance_to_next_level"]
    assert (distance["current_level_name"], distance["target_level_name"]) == ("二级", "三级")
    assert distance["summary"].startswith("距三级：")


def test_scope_drafts_stay_with_the_enterprise_and_county_b_sees_nothing_of_a(
    api,
    enterprise_a_user,
    enterprise_b_user,
    county_a_officer,
    county_b_officer,
    city_admin,
    org_a,
    org_b,
    indicator_set,
    draft_a,
):
    def ids(user):
        res = api(user).get(f"{BASE}/assessments", {"page_size": 200})
        assert res.status_code == 200, res.content
        return {a["id"] for a in res.json()["items"]}

    assert ids(enterprise_a_user) == {draft_a["id"]}
    assert ids(county_a_officer) == set()  # a draft is the enterprise's own business
    done_a = make_submitted(
        org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user
    )
    done_b = make_submitted(
        org=org_b, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_b_user
    )
    assert ids(county_a_officer) == {done_a.pk}
    assert ids(county_b_officer) == {done_b.pk}
    assert ids(city_admin) == {done_a.pk, done_b.pk}
    assert ids(enterprise_b_user) == {done_b.pk}
    for user, other in (
        (county_b_officer, done_a.pk),
        (enterprise_b_user, done_a.pk),
        (county_a_officer, draft_a["id"]),
    ):
        assert_error(api(user).get(f"{BASE}/assessments/{other}"), 404, "not_found")
    assert_error(api(county_b_officer).get(f"{BASE}/assessments/{done_a.pk}/report.pdf"), 404, "not_found")
    # government may read but never fill an enterprise's draft
    assert_error(api(county_a_officer).patch(f"{BASE}/assessments/{draft_a['id']}/draft", {}), 404, "not_found")
    assert_error(
        api(enterprise_b_user).post(f"{BASE}/assessments/{draft_a['id']}/submit", {"commitment": True}),
        404,
        "not_found",
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_assessment_list_query_count_does_not_grow_with_rows(
    api, city_admin, make_org, make_user, indicator_set, rows, django_assert_num_queries
):
    doc = full_document(indicator_set, best=False)
    user = make_user("filler")
    for i in range(rows):
        org = make_org("410702" if i % 2 else "410783", name=f"计数企业{i:02d}")
        make_submitted(org=org, indicator_set=indicator_set, doc=doc, user=user)
    client = api(city_admin)
    client.get(f"{BASE}/assessments")

    with django_assert_num_queries(ASSESSMENT_LIST_QUERIES):
        res = client.get(f"{BASE}/assessments", {"page_size": 50, "status": "submitted"})

    body = res.json()
    assert body["total"] == rows == len(body["items"])
    assert {a["level"] for a in body["items"]} == {0}


def test_history_and_compare_per_indicator_and_dimension(api, enterprise_a_user, org_a, indicator_set, totals):
    import datetime as dt

    from django.utils import timezone

    first = make_submitted(
        org=org_a,
        indicator_set=indicator_set,
        doc=level_document(indicator_set, totals, 1),
        user=enterprise_a_user,
        when=timezone.now() - dt.timedelta(days=200),
    )
    second = make_submitted(
        org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user
    )
    client = api(enterprise_a_user)
    history = client.get(f"{BASE}/orgs/{org_a.pk}/history").json()
    assert [h["id"] for h in history["items"]] == [second.pk, first.pk] and history["total"] == 2
    assert {h["source"] for h in history["items"]} == {"self"}
    second_page = client.get(f"{BASE}/orgs/{org_a.pk}/history", {"page": 2, "page_size": 1}).json()
    assert [h["id"] for h in second_page["items"]] == [first.pk]

    body = client.get(f"{BASE}/assessments/compare", {"a": first.pk, "b": second.pk}).json()
    assert body["total"] == {"a": "30", "b": "100", "delta": "70"}
    assert body["level_delta"] == 3
    dims = {d["id"]: d for d in body["dimensions"]}
    assert Decimal(dims["foundation"]["delta"]) == Decimal(50) - Decimal(first.result["dimensions"][0]["score"])
    assert sum(Decimal(d["delta"]) for d in body["dimensions"]) == Decimal(70)
    assert sum(Decimal(i["delta"]) for i in body["indicators"]) == Decimal(70)
    assert len(body["indicators"]) == 15


def test_compare_refuses_out_of_scope_and_drafts(
    api, enterprise_a_user, enterprise_b_user, org_a, org_b, indicator_set, draft_a
):
    done_b = make_submitted(
        org=org_b, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_b_user
    )
    assert_error(
        api(enterprise_a_user).get(f"{BASE}/assessments/compare", {"a": draft_a["id"], "b": done_b.pk}),
        404,
        "not_found",
    )
    done_a = make_submitted(
        org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user
    )
    res = api(enterprise_a_user).get(f"{BASE}/assessments/compare", {"a": draft_a["id"], "b": done_a.pk})
    assert_error(res, 422, "assessment.result_not_ready")


def test_peers_percentile_is_anonymised_and_withheld_for_small_groups(
    api, enterprise_a_user, org_a, make_org, make_user, indicator_set, totals
):
    filler = make_user("filler")
    mine = make_submitted(
        org=org_a,
        indicator_set=indicator_set,
        doc=level_document(indicator_set, totals, 2),
        user=enterprise_a_user,
        size_band="small",
    )  # total 50
    # same county 410702 and same division 34: totals 30, 50, 70, 90 → lower 1, same 1 → (1 + 0.5) / 4 = 37.5 %
    for level in (1, 2, 3, 4):
        org = make_org("410702")
        org.industry_code = "C3411"
        org.save()
        make_submitted(
            org=org,
            indicator_set=indicator_set,
            doc=level_document(indicator_set, totals, level),
            user=filler,
            size_band="medium",
        )
    # another county, another division: counted in the size group only (with one "small" peer → withheld)
    other = make_org("410783")
    make_submitted(
        org=other,
        indicator_set=indicator_set,
        doc=level_document(indicator_set, totals, 0),
        user=filler,
        size_band="small",
    )

    body = api(enterprise_a_user).get(f"{BASE}/assessments/{mine.pk}/peers").json()
    groups = {g["group"]: g for g in body["groups"]}
    assert groups["industry_division"]["peers"] == 4
    assert Decimal(groups["industry_division"]["percentile"]) == Decimal("37.5")
    assert Decimal(groups["industry_division"]["average_total"]) == Decimal(60)
    assert groups["county"]["peers"] == 4 and Decimal(groups["county"]["percentile"]) == Decimal("37.5")
    assert groups["size_band"]["peers"] == 1
    assert groups["size_band"]["percentile"] is None and "不足" in groups["size_band"]["note"]
    assert "name" not in str(body)  # no peer is named


@pytest.mark.parametrize("rows", [1, 30])
def test_history_query_count_does_not_grow_with_rows(
    api, county_a_officer, enterprise_a_user, org_a, indicator_set, rows, django_assert_num_queries
):
    import datetime as dt

    from django.utils import timezone

    doc = full_document(indicator_set, best=False)
    for i in range(rows):
        make_submitted(
            org=org_a,
            indicator_set=indicator_set,
            doc=doc,
            user=enterprise_a_user,
            onsite=bool(i % 3 == 0),
            when=timezone.now() - dt.timedelta(days=i),
        )
    client = api(county_a_officer)
    client.get(f"{BASE}/orgs/{org_a.pk}/history")
    # session + user, grants (2), self page, on-site page, two counts
    with django_assert_num_queries(8):
        res = client.get(f"{BASE}/orgs/{org_a.pk}/history", {"page_size": 50})
    body = res.json()
    assert body["total"] == rows == len(body["items"])
    assert body["items"][0]["source"] == "onsite"
    assert api(county_a_officer).get(f"{BASE}/orgs/{org_a.pk}/history").json()["total"] == rows


def test_history_of_another_county_is_empty(api, county_b_officer, enterprise_a_user, org_a, indicator_set):
    make_submitted(org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user)
    assert api(county_b_officer).get(f"{BASE}/orgs/{org_a.pk}/history").json() == {
        "items": [],
        "total": 0,
        "page": 1,
        "page_size": 20,
        "has_next": False,
        "total_exact": True,
        "next_cursor": None,
    }

"""Impossible figures block a submission; contradictions between figures and options are resolved or
explained first (issue 11, item 4). Nothing is written when a submission is refused."""

from __future__ import annotations

import pytest

from smedt.assessment.models import AnalysisEntry, Assessment
from smedt.assessment.tests.factories import full_document
from smedt.core.tests.helpers import assert_error, field_message

pytestmark = pytest.mark.django_db

BASE = "/api/assessment"


@pytest.fixture
def draft_a(api, enterprise_a_user, org_a, indicator_set):
    res = api(enterprise_a_user).post(f"{BASE}/assessments", {})
    assert res.status_code == 201, res.content
    return res.json()


def _draft(client, draft_a, indicator_set, evidence):
    doc = full_document(indicator_set)  # MF-02 ticked E: (60 %, 100 %]
    doc["evidence"] = evidence
    res = client.patch(f"{BASE}/assessments/{draft_a['id']}/draft", doc)
    assert res.status_code == 200, res.content
    return res.json()


def test_a_share_above_100_percent_blocks_the_submission(api, enterprise_a_user, draft_a, indicator_set):
    client = api(enterprise_a_user)
    detail = _draft(client, draft_a, indicator_set, {"production_equipment": 100, "digital_equipment": 102})
    # the draft already tells what is wrong, question by question
    assert [(f["question_id"], f["kind"], f["ref"]) for f in detail["findings"]] == [
        ("MF-02", "impossible", "digital_equipment")
    ]

    res = client.post(f"{BASE}/assessments/{draft_a['id']}/submit", {"commitment": True})

    assert_error(res, 422, "assessment.invalid_answers")
    msg = field_message(res, "digital_equipment")
    assert "设备数字化率不能超过 100%" in msg and "102" in msg and "100" in msg
    stored = Assessment.objects.get(pk=draft_a["id"])
    assert stored.status == "draft" and stored.result is None and not stored.commitment
    assert not AnalysisEntry.objects.exists()
    # an explanation does not make an impossible figure acceptable
    client.patch(f"{BASE}/assessments/{draft_a['id']}/draft", {"explanations": {"MF-02": "统计口径不同，以台账为准"}})
    assert_error(
        client.post(f"{BASE}/assessments/{draft_a['id']}/submit", {"commitment": True}),
        422,
        "assessment.invalid_answers",
    )


def test_a_negative_count_is_refused_with_its_field(api, enterprise_a_user, draft_a):
    client = api(enterprise_a_user)
    res = client.patch(f"{BASE}/assessments/{draft_a['id']}/draft", {"evidence": {"production_equipment": -3}})
    assert_error(res, 422, "assessment.invalid_answers")
    assert "不能为负数" in field_message(res, "production_equipment")
    assert Assessment.objects.get(pk=draft_a["id"]).evidence == {}


@pytest.mark.parametrize("value", [10**18, "123456789012345678901234567", "1E+22", -(10**16)])
def test_an_absurdly_large_figure_is_a_field_error_not_a_500(api, enterprise_a_user, draft_a, indicator_set, value):
    """Beyond the scoring's 28-digit arithmetic a figure used to crash the submission (500)."""
    client = api(enterprise_a_user)
    doc = full_document(indicator_set)
    doc["evidence"] = {"production_equipment": value, "digital_equipment": 15}
    res = client.patch(f"{BASE}/assessments/{draft_a['id']}/draft", doc)
    assert_error(res, 422, "assessment.invalid_answers")
    assert "超出合理范围" in field_message(res, "production_equipment")
    assert Assessment.objects.get(pk=draft_a["id"]).evidence == {}
    # a draft stored before the check (or written around the API) cannot crash the submission either
    Assessment.objects.filter(pk=draft_a["id"]).update(
        answers=doc["answers"], scenarios=doc["scenarios"], evidence={"production_equipment": str(value)}
    )
    res = client.post(f"{BASE}/assessments/{draft_a['id']}/submit", {"commitment": True})
    assert_error(res, 422, "assessment.invalid_answers")
    assert Assessment.objects.get(pk=draft_a["id"]).status == "draft"


def test_a_contradiction_must_be_explained_before_submitting(api, enterprise_a_user, draft_a, indicator_set):
    client = api(enterprise_a_user)
    # 15 of 100 machines digital is (10 %, 20 %] = option B, but E is ticked
    detail = _draft(client, draft_a, indicator_set, {"production_equipment": 100, "digital_equipment": 15})
    assert [(f["question_id"], f["kind"]) for f in detail["findings"]] == [("MF-02", "contradiction")]

    res = client.post(f"{BASE}/assessments/{draft_a['id']}/submit", {"commitment": True})
    assert_error(res, 422, "assessment.invalid_answers")
    msg = field_message(res, "MF-02")
    assert "与所选选项" in msg and "说明原因" in msg
    assert Assessment.objects.get(pk=draft_a["id"]).status == "draft"

    explanation = "另有 50 台设备年内完成改造，按改造完成后口径填报"
    saved = client.patch(f"{BASE}/assessments/{draft_a['id']}/draft", {"explanations": {"MF-02": explanation}})
    assert saved.json()["explanations"] == {"MF-02": explanation}
    res = client.post(f"{BASE}/assessments/{draft_a['id']}/submit", {"commitment": True})

    assert res.status_code == 200, res.content
    result = Assessment.objects.get(pk=draft_a["id"]).result
    assert result["explanations"] == {"MF-02": explanation}
    assert any(explanation in w["message"] for w in result["warnings"] if w["ref"] == "MF-02")


def test_a_contradiction_resolved_by_changing_the_option_submits(api, enterprise_a_user, draft_a, indicator_set):
    client = api(enterprise_a_user)
    _draft(client, draft_a, indicator_set, {"production_equipment": 100, "digital_equipment": 15})
    detail = client.patch(f"{BASE}/assessments/{draft_a['id']}/draft", {"answers": {"MF-02": "B"}}).json()
    assert detail["findings"] == []
    res = client.post(f"{BASE}/assessments/{draft_a['id']}/submit", {"commitment": True})
    assert res.status_code == 200, res.content


def test_explanations_are_checked(api, enterprise_a_user, draft_a):
    client = api(enterprise_a_user)
    url = f"{BASE}/assessments/{draft_a['id']}/draft"
    assert_error(client.patch(url, {"explanations": {"MF-01": "说明"}}), 422, "assessment.invalid_answers")
    assert_error(client.patch(url, {"explanations": {"MF-02": "长" * 501}}), 422, "assessment.invalid_answers")
    assert client.patch(url, {"explanations": {"MF-02": "有说明"}}).json()["explanations"] == {"MF-02": "有说明"}
    assert client.patch(url, {"explanations": {"MF-02": None}}).json()["explanations"] == {}

"""Campaign rules: eligibility over facts, expert scoring before the city's approval, quota at the result."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smedt.applications.models import Submission
from smedt.core.tests.helpers import assert_error

pytestmark = pytest.mark.django_db


def test_a_rule_over_facts_explains_who_may_not_apply(api, campaign, city_admin, enterprise_a_user, enterprise_b_user):
    res = api(city_admin).patch(
        f"/api/applications/campaigns/{campaign.pk}",
        {
            "eligibility_rule": "enterprise.operating_revenue >= 800",
            "eligibility_text": "上年度营业收入不低于 800 万元",
        },
    )
    assert res.status_code == 200, res.json()
    [row] = api(enterprise_b_user).get("/api/applications/campaigns/open").json()
    assert row["eligible_problem"] == "不符合申报条件：上年度营业收入不低于 800 万元"
    res = api(enterprise_b_user).post(
        f"/api/applications/campaigns/{campaign.pk}/submissions",
        {"template_version_id": campaign.template_version_id, "data": {}},
    )
    assert_error(res, 409, "applications.not_eligible")
    ok = api(enterprise_a_user).post(
        f"/api/applications/campaigns/{campaign.pk}/submissions",
        {"template_version_id": campaign.template_version_id, "data": {}},
    )
    assert ok.status_code == 201
    bad = api(city_admin).patch(f"/api/applications/campaigns/{campaign.pk}", {"eligibility_rule": "import os"})
    assert_error(bad, 422, "applications.invalid_field")


def test_expert_scores_come_before_the_city_approval(
    api, campaign, city_admin, county_a_officer, enterprise_a_user, expert
):
    items = [
        {"key": "effect", "name": "转型成效", "max_score": "60"},
        {"key": "model", "name": "示范价值", "max_score": "40"},
    ]
    res = api(city_admin).patch(
        f"/api/applications/campaigns/{campaign.pk}", {"expert_scoring": True, "score_items": items}
    )
    assert res.status_code == 200, res.json()
    from smedt.applications.tests.test_submission_flow import form_data

    ent = api(enterprise_a_user)
    data = form_data(ent)
    sid = ent.post(
        f"/api/applications/campaigns/{campaign.pk}/submissions",
        {"template_version_id": campaign.template_version_id, "data": data},
    ).json()["id"]
    review_id = ent.post(
        f"/api/applications/submissions/{sid}/submit",
        {"template_version_id": campaign.template_version_id, "data": data},
    ).json()["review_id"]
    api(county_a_officer).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"})
    assert_error(
        api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}),
        409,
        "applications.scores_missing",
    )
    assert Submission.objects.get(pk=sid).status == "reviewing"
    bad = api(expert).post(f"/api/applications/submissions/{sid}/scores", {"marks": {"effect": "61", "model": "30"}})
    assert_error(bad, 422, "applications.invalid_field")
    res = api(expert).post(f"/api/applications/submissions/{sid}/scores", {"marks": {"effect": "55.5", "model": "30"}})
    assert res.status_code == 201 and res.json()["total"] == "85.50"
    assert api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}).status_code == 200
    assert Submission.objects.get(pk=sid).status == "publicity"


def test_quota_is_kept_at_the_result(api, campaign, city_admin, enterprise_a, enterprise_b):
    campaign.quota = 1
    campaign.save(update_fields=["quota"])
    past = timezone.now() - timedelta(minutes=1)
    for org in (enterprise_a, enterprise_b):
        Submission.objects.create(
            campaign=campaign,
            template_version=campaign.template_version,
            org=org,
            region=org.region,
            status="publicity",
            publicity_ends_at=past,
        )
    first, second = Submission.objects.order_by("id")
    assert api(city_admin).post(f"/api/applications/submissions/{first.pk}/finalize").status_code == 200
    assert_error(
        api(city_admin).post(f"/api/applications/submissions/{second.pk}/finalize"), 409, "applications.quota_full"
    )


def test_a_city_only_chain_skips_the_county(api, campaign, city_admin, county_a_officer, enterprise_a_user):
    res = api(city_admin).patch(
        f"/api/applications/campaigns/{campaign.pk}", {"review_chain": "application_review_city"}
    )
    assert res.status_code == 200 and res.json()["review_chain"] == "application_review_city"
    from smedt.applications.tests.test_submission_flow import form_data

    ent = api(enterprise_a_user)
    data = form_data(ent)
    sid = ent.post(
        f"/api/applications/campaigns/{campaign.pk}/submissions",
        {"template_version_id": campaign.template_version_id, "data": data},
    ).json()["id"]
    review_id = ent.post(
        f"/api/applications/submissions/{sid}/submit",
        {"template_version_id": campaign.template_version_id, "data": data},
    ).json()["review_id"]
    assert api(county_a_officer).get("/api/reviews/todo").json()["items"] == []
    assert api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}).status_code == 200
    assert Submission.objects.get(pk=sid).status == "publicity"
    bad = api(city_admin).patch(f"/api/applications/campaigns/{campaign.pk}", {"review_chain": "nope"})
    assert_error(bad, 422, "applications.invalid_field")

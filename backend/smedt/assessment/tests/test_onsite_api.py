"""On-site ratings and expert assignments: who may rate whom, attachments, override in the analysis."""

from __future__ import annotations

import pytest

from smedt.assessment.models import AnalysisEntry, ExpertAssignment, OnsiteRating
from smedt.assessment.tests.factories import full_document, level_document, make_submitted
from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error, field_message, upload

pytestmark = pytest.mark.django_db

BASE = "/api/assessment"
# session + user, grants (assignments + role permissions), count, page (org, region, set, rater joined)
ONSITE_LIST_QUERIES = 6
# session + user, grants, count, page (expert, org, region, assigned_by joined)
ASSIGNMENT_LIST_QUERIES = 6


def create(api, user, org, **extra):
    return api(user).post(f"{BASE}/onsite-ratings", {"org_id": org.pk, **extra})


def test_county_officer_rates_an_enterprise_of_its_county_from_its_self_assessment(
    api, county_a_officer, enterprise_a_user, org_a, indicator_set, totals
):
    own = make_submitted(
        org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user
    )
    res = create(api, county_a_officer, org_a, assessment_id=own.pk)
    assert res.status_code == 201, res.content
    rating = res.json()
    assert rating["answers"] == own.answers and rating["counts_for_acceptance"] is True
    assert rating["rated_by"]["id"] == county_a_officer.pk
    assert AnalysisEntry.objects.get(org=org_a).source == "self"

    # the officer finds two scenarios weaker on site and records the evidence
    url = f"{BASE}/onsite-ratings/{rating['id']}"
    client = api(county_a_officer)
    lower = level_document(indicator_set, totals, 2)
    client.patch(f"{url}/draft", {"answers": lower["answers"], "scenarios": lower["scenarios"]})
    assert_error(client.post(f"{url}/submit"), 422, "assessment.remarks_required")
    client.patch(f"{url}/draft", {"remarks": "现场核实：部分场景未达到自评等级"})
    res = client.post(f"{url}/submit")
    assert res.status_code == 200, res.content
    assert res.json()["level"] == 2

    entry = AnalysisEntry.objects.get(org=org_a)
    assert (entry.source, entry.onsite_rating_id, entry.level) == ("onsite", rating["id"], 2)
    # a later self-assessment does not replace the on-site rating in the analysis
    make_submitted(org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=enterprise_a_user)
    assert AnalysisEntry.objects.get(org=org_a).source == "onsite"
    assert AuditRecord.objects.filter(action="assessment.onsite_rating_submit").count() == 1
    assert api(county_a_officer).get(f"{url}/result").json()["level_name"] == "二级"


def test_who_may_not_rate(api, county_b_officer, enterprise_a_user, expert, org_a, indicator_set):
    for user in (county_b_officer, enterprise_a_user, expert):
        assert_error(create(api, user, org_a), 403, "permission_denied")
    assert not OnsiteRating.objects.exists()


def test_an_expert_rates_only_assigned_enterprises(
    api, city_admin, county_a_officer, county_b_officer, expert, org_a, org_b, indicator_set
):
    assert_error(
        api(county_b_officer).post(f"{BASE}/expert-assignments", {"expert_id": expert.pk, "org_id": org_a.pk}),
        403,
        "permission_denied",
    )
    assert_error(
        api(expert).post(f"{BASE}/expert-assignments", {"expert_id": expert.pk, "org_id": org_a.pk}),
        403,
        "permission_denied",
    )
    res = api(county_a_officer).post(
        f"{BASE}/expert-assignments", {"expert_id": expert.pk, "org_id": org_a.pk, "note": "请现场评定"}
    )
    assert res.status_code == 201, res.content
    assert_error(
        api(city_admin).post(f"{BASE}/expert-assignments", {"expert_id": expert.pk, "org_id": org_a.pk}),
        409,
        "assessment.assignment_exists",
    )
    assert AuditRecord.objects.filter(action="assessment.expert_assign").count() == 1

    own = make_submitted(org=org_a, indicator_set=indicator_set, doc=full_document(indicator_set), user=expert)
    other = make_submitted(org=org_b, indicator_set=indicator_set, doc=full_document(indicator_set), user=expert)
    # the expert reads the assigned enterprise's submitted self-assessment, nothing else
    assert {a["id"] for a in api(expert).get(f"{BASE}/assessments").json()["items"]} == {own.pk}
    assert_error(api(expert).get(f"{BASE}/assessments/{other.pk}"), 404, "not_found")
    assert create(api, expert, org_a, assessment_id=own.pk).status_code == 201
    assert_error(create(api, expert, org_b), 403, "permission_denied")
    # the expert sees their own assignment and rating only
    assert [a["org"]["id"] for a in api(expert).get(f"{BASE}/expert-assignments").json()["items"]] == [org_a.pk]
    assert {r["org"]["id"] for r in api(expert).get(f"{BASE}/onsite-ratings").json()["items"]} == {org_a.pk}
    assert api(county_b_officer).get(f"{BASE}/expert-assignments").json()["total"] == 0

    # withdrawn: the expert can no longer start a rating
    assignment_id = res.json()["id"]
    assert_error(api(county_b_officer).delete(f"{BASE}/expert-assignments/{assignment_id}"), 404, "not_found")
    assert api(county_a_officer).delete(f"{BASE}/expert-assignments/{assignment_id}").status_code == 204
    assert not ExpertAssignment.objects.exists()
    assert_error(create(api, expert, org_a), 403, "permission_denied")


def test_only_experts_can_be_assigned(api, county_a_officer, enterprise_a_user, org_a, indicator_set):
    res = api(county_a_officer).post(
        f"{BASE}/expert-assignments", {"expert_id": enterprise_a_user.pk, "org_id": org_a.pk}
    )
    assert_error(res, 422, "assessment.not_an_expert")
    assert not ExpertAssignment.objects.exists()


def test_attachments_must_be_visible_to_the_rater(
    api, county_a_officer, county_b_officer, enterprise_b_user, org_a, indicator_set
):
    from smedt.core.tests.helpers import PDF_BYTES

    mine = upload(api(county_a_officer), "现场照片.pdf", PDF_BYTES).json()["id"]
    foreign = upload(api(enterprise_b_user), "长垣材料.pdf", PDF_BYTES).json()["id"]
    rating = create(api, county_a_officer, org_a).json()
    url = f"{BASE}/onsite-ratings/{rating['id']}/draft"
    res = api(county_a_officer).patch(url, {"attachments": [mine, foreign], "remarks": "意见"})
    assert_error(res, 422, "assessment.invalid_attachments")
    assert "无权使用" in field_message(res, "attachments")
    assert_error(
        api(county_a_officer).patch(url, {"attachments": ["not-a-uuid"]}), 422, "assessment.invalid_attachments"
    )
    stored = OnsiteRating.objects.get(pk=rating["id"])
    assert stored.attachments == [] and stored.remarks == ""
    assert api(county_a_officer).patch(url, {"attachments": [mine]}).json()["attachments"] == [mine]


def test_only_the_rater_edits_and_drafts_are_not_shown_to_the_enterprise(
    api, county_a_officer, city_admin, enterprise_a_user, org_a, indicator_set
):
    rating = create(api, county_a_officer, org_a).json()
    url = f"{BASE}/onsite-ratings/{rating['id']}"
    assert_error(api(city_admin).patch(f"{url}/draft", {"remarks": "改"}), 403, "assessment.not_the_rater")
    assert_error(api(enterprise_a_user).get(url), 404, "not_found")
    client = api(county_a_officer)
    client.patch(f"{url}/draft", {**full_document(indicator_set), "remarks": "符合"})
    assert client.post(f"{url}/submit").status_code == 200
    assert api(enterprise_a_user).get(url).json()["level"] == 4
    assert_error(client.delete(url), 409, "invalid_transition")


def test_a_draft_rating_can_be_deleted(api, county_a_officer, org_a, indicator_set):
    rating = create(api, county_a_officer, org_a).json()
    assert api(county_a_officer).delete(f"{BASE}/onsite-ratings/{rating['id']}").status_code == 204
    assert not OnsiteRating.objects.exists()
    assert AuditRecord.objects.filter(action="assessment.onsite_rating_delete").exists()


def test_onsite_list_scope(api, county_a_officer, county_b_officer, org_a, org_b, indicator_set):
    in_a = create(api, county_a_officer, org_a).json()["id"]
    in_b = create(api, county_b_officer, org_b).json()["id"]
    assert {r["id"] for r in api(county_a_officer).get(f"{BASE}/onsite-ratings").json()["items"]} == {in_a}
    assert {r["id"] for r in api(county_b_officer).get(f"{BASE}/onsite-ratings").json()["items"]} == {in_b}
    assert_error(api(county_b_officer).get(f"{BASE}/onsite-ratings/{in_a}"), 404, "not_found")


@pytest.mark.parametrize("rows", [1, 30])
def test_onsite_list_query_count_does_not_grow_with_rows(
    api, city_admin, make_org, make_user, indicator_set, rows, django_assert_num_queries
):
    doc = full_document(indicator_set)
    rater = make_user("rater")
    for i in range(rows):
        org = make_org("410702" if i % 2 else "410783")
        make_submitted(org=org, indicator_set=indicator_set, doc=doc, user=rater, onsite=True)
    client = api(city_admin)
    client.get(f"{BASE}/onsite-ratings")
    with django_assert_num_queries(ONSITE_LIST_QUERIES):
        res = client.get(f"{BASE}/onsite-ratings", {"page_size": 50})
    assert res.json()["total"] == rows == len(res.json()["items"])


@pytest.mark.parametrize("rows", [1, 30])
def test_assignment_list_query_count_does_not_grow_with_rows(
    api, city_admin, make_org, make_user, rows, django_assert_num_queries
):
    from smedt.regions.models import Region

    for i in range(rows):
        org = make_org("410702" if i % 2 else "410783")
        ExpertAssignment.objects.create(
            expert=make_user(None, "expert"),
            org=org,
            region=Region.objects.get(code=org.region.code),
            assigned_by=city_admin,
        )
    client = api(city_admin)
    client.get(f"{BASE}/expert-assignments")
    with django_assert_num_queries(ASSIGNMENT_LIST_QUERIES):
        res = client.get(f"{BASE}/expert-assignments", {"page_size": 50})
    assert res.json()["total"] == rows == len(res.json()["items"])

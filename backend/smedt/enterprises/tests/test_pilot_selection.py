"""试点企业遴选 as a campaign of the application engine, end to end through /api/applications: the enterprise
applies in the window (细分行业 narrowed by the campaign) → county → city (optional expert scores) → 公示 with
an objection → finalize → pilot library + notification; plus scope, bad input and the engine additions the
move needed (county-scoped campaign list, the expert's to-score list, the opening notification)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smedt.applications.models import Submission
from smedt.core.testing import run_queued_tasks
from smedt.core.tests.helpers import PDF_BYTES, assert_error, upload
from smedt.enterprises.models import PilotEnterprise
from smedt.enterprises.services.pilot import pilot_can_start_project
from smedt.enterprises.tests.factories import SCORE_ITEMS, make_pilot_campaign, make_submission
from smedt.notify.models import Message

pytestmark = pytest.mark.django_db


def form(client, campaign, **data):
    files = {
        "plan": [upload(client, "方案.pdf", PDF_BYTES).json()["id"]],
        "license": [upload(client, "营业执照.pdf", PDF_BYTES).json()["id"]],
    }
    body = {"sub_industry": "auto_parts", "contact_name": "王经理", "plan_summary": "设备联网与 MES", **files}
    body.update(data)
    return {"template_version_id": campaign.template_version_id, "data": body}


def apply(api, user, campaign, **data):
    client = api(user)
    res = client.post(f"/api/applications/campaigns/{campaign.pk}/submissions", form(client, campaign, **data))
    assert res.status_code == 201, res.json()
    return res.json()


def submit(api, user, campaign, sub_id, **data):
    client = api(user)
    return client.post(f"/api/applications/submissions/{sub_id}/submit", form(client, campaign, **data))


def test_full_pilot_selection_on_the_engine(
    api, enterprise_a, enterprise_a_user, county_a_officer, city_admin, expert, outsider
):
    campaign = make_pilot_campaign(city_admin, expert_scoring=True, min_expert_scores=0, score_items=SCORE_ITEMS)
    detail = api(enterprise_a_user).get(f"/api/applications/campaigns/{campaign.pk}").json()
    options = [o["value"] for o in detail["form"]["sections"][0]["fields"][0]["options"]]
    assert options == ["lifting_equipment", "auto_parts"] and detail["kind_label"] == "试点企业遴选"

    sub = apply(api, enterprise_a_user, campaign)
    res = submit(api, enterprise_a_user, campaign, sub["id"])
    assert res.status_code == 200, res.json()
    review_id = res.json()["review_id"]

    # county first, then the city; an expert may score meanwhile (optional), from their to-score list
    assert_error(api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": ""}), 403, "permission_denied")
    assert api(county_a_officer).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}).status_code == 200
    waiting = api(expert).get("/api/applications/submissions", {"to_score": True, "kind": "pilot"}).json()["items"]
    assert [r["id"] for r in waiting] == [sub["id"]] and waiting[0]["expert_scoring"] is True
    res = api(expert).post(
        f"/api/applications/submissions/{sub['id']}/scores", {"marks": {"basis": "35.5", "plan": "50"}, "opinion": "好"}
    )
    assert res.status_code == 201 and res.json()["total"] == "85.50"
    assert api(expert).get("/api/applications/submissions", {"to_score": True}).json()["items"] == []
    assert api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意入选"}).status_code == 200
    assert Submission.objects.get(pk=sub["id"]).status == "publicity"

    # 公示: public, filtered to the kind, showing the 细分行业 label; an objection is dismissed by the city
    rows = api().get("/api/applications/public/publicity", {"kind": "pilot"}).json()["items"]
    assert [r["id"] for r in rows] == [sub["id"]]
    assert rows[0]["public_fields"] == [{"label": "申报细分行业", "value": "汽车零部件"}]
    assert "王经理" not in str(rows)
    assert api().get("/api/applications/public/publicity", {"kind": "other"}).json()["items"] == []
    res = api(outsider).post(
        f"/api/applications/public/publicity/{sub['id']}/objections", {"content": "该企业申报数据不实，请核查"}
    )
    assert res.status_code == 201, res.json()
    oid = res.json()["id"]
    assert_error(
        api(city_admin).post(f"/api/applications/submissions/{sub['id']}/finalize"),
        409,
        "applications.publicity_not_over",
    )
    Submission.objects.filter(pk=sub["id"]).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    assert_error(
        api(city_admin).post(f"/api/applications/submissions/{sub['id']}/finalize"), 409, "applications.open_objections"
    )
    res = api(city_admin).post(
        f"/api/applications/objections/{oid}/handle", {"upheld": False, "resolution": "经核查属实"}
    )
    assert res.status_code == 200 and res.json()["status"] == "dismissed"

    res = api(city_admin).post(f"/api/applications/submissions/{sub['id']}/finalize")
    assert res.status_code == 200, res.json()
    pilot = PilotEnterprise.objects.get(org=enterprise_a)
    assert pilot.sub_industry == "auto_parts" and pilot.campaign_id == campaign.pk and pilot.submission_id == sub["id"]
    assert pilot_can_start_project(enterprise_a.pk)
    row = api(city_admin).get("/api/enterprises/pilots").json()["items"][0]
    assert row["batch_name"] == campaign.name and row["submission_id"] == sub["id"]
    run_queued_tasks()
    titles = set(Message.objects.filter(recipient=enterprise_a_user).values_list("title", flat=True))
    assert "恭喜，贵企业已入选试点企业库" in titles


def test_the_campaign_narrows_the_sub_industry_and_bad_input_is_a_4xx(api, enterprise_a_user, city_admin):
    campaign = make_pilot_campaign(city_admin)
    client = api(enterprise_a_user)
    res = client.post(
        f"/api/applications/campaigns/{campaign.pk}/submissions", form(client, campaign, sub_industry="new_chemicals")
    )
    body = assert_error(res, 422, "applications.invalid_submission")
    assert "sub_industry" in body["details"]["fields"]
    sub = apply(api, enterprise_a_user, campaign)
    res = submit(api, enterprise_a_user, campaign, sub["id"], license=[])
    assert_error(res, 422, "applications.invalid_submission")
    assert Submission.objects.get(pk=sub["id"]).status == "draft"  # nothing half-written

    # the city may only narrow to options the template has
    bad = api(city_admin).patch(
        f"/api/applications/campaigns/{campaign.pk}", {"field_options": {"sub_industry": ["no_such_option"]}}
    )
    assert_error(bad, 422, "applications.invalid_field")
    bad = api(city_admin).patch(
        f"/api/applications/campaigns/{campaign.pk}", {"field_options": {"contact_name": ["x"]}}
    )
    assert_error(bad, 422, "applications.invalid_field")
    bad = api(city_admin).patch(f"/api/applications/campaigns/{campaign.pk}", {"kind": "no_such_kind"})
    assert_error(bad, 422, "applications.invalid_field")


def test_county_b_sees_none_of_county_a(
    api, city_admin, enterprise_a, enterprise_b, county_a_officer, county_b_officer, enterprise_b_user
):
    campaign = make_pilot_campaign(city_admin)
    a = make_submission(enterprise_a, campaign)
    make_submission(enterprise_b, campaign)

    def names(user):
        items = api(user).get("/api/applications/submissions", {"kind": "pilot"}).json()["items"]
        return {r["org"]["name"] for r in items}

    assert names(county_a_officer) == {"红旗测试企业"}
    assert names(county_b_officer) == {"长垣测试企业"}
    assert names(enterprise_b_user) == {"长垣测试企业"}
    assert names(city_admin) == {"红旗测试企业", "长垣测试企业"}
    for user in (county_b_officer, enterprise_b_user):
        assert_error(api(user).get(f"/api/applications/submissions/{a.pk}"), 404, "not_found")
        assert_error(api(user).get(f"/api/applications/submissions/{a.pk}/pdf"), 404, "not_found")


def test_county_officers_see_the_city_campaigns_read_only(api, city_admin, county_a_officer, enterprise_a_user):
    campaign = make_pilot_campaign(city_admin)
    rows = api(county_a_officer).get("/api/applications/campaigns", {"kind": "pilot"}).json()["items"]
    assert [r["id"] for r in rows] == [campaign.pk]
    assert api(county_a_officer).get(f"/api/applications/campaigns/{campaign.pk}").status_code == 200
    res = api(county_a_officer).post(f"/api/applications/campaigns/{campaign.pk}/close")
    assert res.status_code in (403, 404)
    assert api(county_a_officer).get("/api/applications/campaigns", {"kind": "other"}).json()["items"] == []


def test_opening_a_campaign_tells_the_eligible_organisations(
    city_admin, enterprise_a_user, enterprise_b_user, provider_user
):
    campaign = make_pilot_campaign(city_admin)
    run_queued_tasks()
    title = f"试点企业遴选开始：{campaign.name}"
    assert Message.objects.filter(recipient=enterprise_a_user, title=title).count() == 1
    assert Message.objects.filter(recipient=enterprise_b_user, title=title).count() == 1
    assert not Message.objects.filter(recipient=provider_user, title=title).exists()  # not an enterprise
    from smedt.applications.services.campaigns import campaign_opened_notify

    campaign_opened_notify(campaign.pk)  # run again: nothing new
    assert Message.objects.filter(recipient=enterprise_a_user, title=title).count() == 1


def test_upheld_objection_keeps_the_enterprise_out(api, city_admin, enterprise_a, outsider):
    campaign = make_pilot_campaign(city_admin)
    sub = make_submission(
        enterprise_a, campaign, status="publicity", publicity_ends_at=timezone.now() + timedelta(days=3)
    )
    oid = (
        api(outsider)
        .post(f"/api/applications/public/publicity/{sub.pk}/objections", {"content": "存在重大安全事故未披露"})
        .json()["id"]
    )
    res = api(city_admin).post(f"/api/applications/objections/{oid}/handle", {"upheld": True, "resolution": "属实"})
    assert res.status_code == 200
    sub.refresh_from_db()
    assert sub.status == "rejected" and "异议成立" in sub.decision_note
    assert not PilotEnterprise.objects.exists()
    assert_error(api(city_admin).post(f"/api/applications/submissions/{sub.pk}/finalize"), 409, "invalid_transition")


def test_county_b_export_of_the_city_campaign_holds_only_its_own_rows(
    api, city_admin, enterprise_a, enterprise_b, county_b_officer
):
    from smedt.exports.testing import export_xlsx

    campaign = make_pilot_campaign(city_admin)
    make_submission(enterprise_a, campaign)
    make_submission(enterprise_b, campaign)
    text = str(export_xlsx(api(county_b_officer), "campaign_submissions", {"campaign_id": campaign.pk}))
    assert "长垣测试企业" in text and "红旗测试企业" not in text

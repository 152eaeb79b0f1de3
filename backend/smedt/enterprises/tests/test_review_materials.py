"""The pilot application's (a submission of the pilot campaign) materials in the review drawer: form with
labels, attachments named by what they are for (preview), the profile data at submission; county B can fetch
neither the materials nor the attachments of county A's item."""

from __future__ import annotations

import pytest

from smedt.core.tests.helpers import PDF_BYTES, upload
from smedt.enterprises.tests.factories import make_pilot_campaign

pytestmark = pytest.mark.django_db


def submitted(api, user, city_admin):
    campaign = make_pilot_campaign(city_admin)
    client = api(user)
    file_id = upload(client, "实施方案.pdf", PDF_BYTES).json()["id"]
    license_id = upload(client, "营业执照.pdf", PDF_BYTES).json()["id"]
    other_id = upload(api(user), "其他.pdf", PDF_BYTES).json()["id"]
    body = {
        "template_version_id": campaign.template_version_id,
        "data": {
            "sub_industry": "auto_parts",
            "contact_name": "王经理",
            "plan_summary": "建设 MES 与设备联网",
            "plan": [file_id],
            "license": [license_id],
        },
    }
    res = client.post(f"/api/applications/campaigns/{campaign.pk}/submissions", body)
    assert res.status_code == 201, res.json()
    res = client.post(f"/api/applications/submissions/{res.json()['id']}/submit", body)
    assert res.status_code == 200, res.json()
    return res.json()["review_id"], file_id, other_id


def test_reviewer_sees_form_attachments_and_checks(api, enterprise_a_user, county_a_officer, city_admin):
    review_id, file_id, _ = submitted(api, enterprise_a_user, city_admin)
    body = api(county_a_officer).get(f"/api/reviews/{review_id}/materials").json()
    form = {f["label"]: f["value"] for s in body["sections"] for f in s["fields"]}
    assert form["申报细分行业"] == "汽车零部件"  # the label, not the code
    assert form["数字化转型计划"] == "建设 MES 与设备联网"
    assert body["attachments"][0] == (
        {
            "id": file_id,
            "label": "数字化转型实施方案",
            "name": "实施方案.pdf",
            "size": len(PDF_BYTES),
            "content_type": "application/pdf",
            "preview": "pdf",
        }
    )
    assert [a["label"] for a in body["attachments"]] == ["数字化转型实施方案", "营业执照"]
    res = api(county_a_officer).get(f"/api/reviews/{review_id}/attachments/{file_id}?inline=true")
    assert res.status_code == 200
    assert res["Content-Disposition"].startswith("inline;")
    assert b"".join(res.streaming_content) == PDF_BYTES
    res = api(county_a_officer).get(f"/api/reviews/{review_id}/attachments/{file_id}")
    assert res["Content-Disposition"].startswith("attachment;")


def test_only_listed_attachments_of_visible_items(
    api, enterprise_a_user, county_a_officer, county_b_officer, city_admin
):
    review_id, file_id, other_id = submitted(api, enterprise_a_user, city_admin)
    # an attachment the application does not list is not reachable through the review
    res = api(county_a_officer).get(f"/api/reviews/{review_id}/attachments/{other_id}")
    assert res.status_code == 404
    # county B sees neither the materials nor the attachment
    assert api(county_b_officer).get(f"/api/reviews/{review_id}/materials").status_code == 404
    res = api(county_b_officer).get(f"/api/reviews/{review_id}/attachments/{file_id}")
    assert res.status_code == 404

"""专项申报 on the engine, through the API: apply with live findings → submit (server-side checks) →
county → city (pre-review shown, override with a reason) → 公示 with an objection → result on the portal.
Plus every refusal the issue names: closed campaign, stale version, missing evidence, division by zero, 2 MB."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smedt.applications.models import IndicatorOverride, Submission, TemplateVersion
from smedt.applications.services.templates import template_version_publish, template_version_save
from smedt.applications.tests.forms import award_form
from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import PDF_BYTES, assert_error, upload
from smedt.notify.models import Message

pytestmark = pytest.mark.django_db


def form_data(client, *, revenue="1200", rd="60", with_cert=True):
    cert = [upload(client, "专利证书.pdf", PDF_BYTES).json()["id"]] if with_cert else []
    return {"contact": "张三", "revenue": revenue, "rd": rd, "patents": [{"title": "一种数控装置", "cert": cert}]}


def test_full_flow(api, campaign, enterprise_a_user, county_a_officer, city_admin, outsider):
    ent = api(enterprise_a_user)
    version_id = campaign.template_version_id

    # the open campaign is listed with the enterprise's eligibility; the form is pre-filled from 一企一档
    [row] = ent.get("/api/applications/campaigns/open").json()
    assert row["id"] == campaign.pk and row["eligible_problem"] == ""
    prefill = ent.get(f"/api/applications/campaigns/{campaign.pk}/prefill").json()
    assert prefill["values"]["revenue"] == "1000.00"
    assert prefill["provenance"]["revenue"]["year"] == 2025

    # live check while typing: a revenue differing from the fact base is a finding; nothing is saved
    data = form_data(ent)
    live = ent.post(
        f"/api/applications/campaigns/{campaign.pk}/validate", {"template_version_id": version_id, "data": data}
    )
    assert live.status_code == 200, live.json()
    [finding] = live.json()["findings"]
    assert finding["field"] == "revenue" and finding["backend"] == "1000.00" and "20.00%" in finding["message"]
    assert live.json()["computed"]["rd_ratio"] == "5.00" and live.json()["score"] == "15.00"
    assert Submission.objects.count() == 0

    # draft autosave, then submit
    res = ent.post(
        f"/api/applications/campaigns/{campaign.pk}/submissions",
        {"template_version_id": version_id, "data": {"contact": "张"}},
    )
    assert res.status_code == 201, res.json()
    sid = res.json()["id"]
    assert res.json()["status"] == "draft"
    res = ent.patch(f"/api/applications/submissions/{sid}", {"template_version_id": version_id, "data": data})
    assert res.status_code == 200 and res.json()["findings_count"] == 1
    res = ent.post(f"/api/applications/submissions/{sid}/submit", {"template_version_id": version_id, "data": data})
    assert res.status_code == 200, res.json()
    sub = res.json()
    assert sub["status"] == "reviewing" and sub["prereview_score"] == "15.00" and sub["review_id"]

    # county sees it with the pre-review score and findings; county B does not
    rows = api(county_a_officer).get("/api/applications/submissions", {"ordering": "-prereview_score"}).json()["items"]
    assert [(r["id"], r["prereview_score"], r["findings_count"]) for r in rows] == [(sid, "15.00", 1)]
    detail = api(county_a_officer).get(f"/api/applications/submissions/{sid}").json()
    assert detail["findings"][0]["entered"] == "1200" and detail["indicators"][0]["explanation"]
    assert (
        api(county_a_officer).post(f"/api/reviews/{sub['review_id']}/approve", {"opinion": "同意"}).status_code == 200
    )

    # the city overrides an indicator only with a reason, audited
    bad = api(city_admin).post(
        f"/api/applications/submissions/{sid}/overrides", {"indicator_key": "ip", "points": "2", "reason": ""}
    )
    assert_error(bad, 422, "applications.override_reason_required")
    res = api(city_admin).post(
        f"/api/applications/submissions/{sid}/overrides",
        {"indicator_key": "ip", "points": "2", "reason": "证书已过期一件"},
    )
    assert res.status_code == 200 and res.json()["prereview_score"] == "12.00"
    assert IndicatorOverride.objects.get().reason == "证书已过期一件"
    assert AuditRecord.objects.filter(action="applications.indicator_override").exists()
    assert api(city_admin).post(f"/api/reviews/{sub['review_id']}/approve", {"opinion": "同意"}).status_code == 200

    # 公示: public notice, an objection handled, then the result on the portal
    notice = api().get("/api/applications/public/publicity").json()["items"]
    assert [n["id"] for n in notice] == [sid]
    res = api(outsider).post(f"/api/applications/public/publicity/{sid}/objections", {"content": "该企业专利数据不实"})
    assert res.status_code == 201
    objection = api(city_admin).get("/api/applications/objections").json()["items"][0]
    assert_error(
        api(city_admin).post(f"/api/applications/submissions/{sid}/finalize"), 409, "applications.publicity_not_over"
    )
    api(city_admin).post(
        f"/api/applications/objections/{objection['id']}/handle", {"upheld": False, "resolution": "经核实专利有效"}
    )
    Submission.objects.filter(pk=sid).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    res = api(city_admin).post(f"/api/applications/submissions/{sid}/finalize")
    assert res.status_code == 200 and res.json()["status"] == "approved"
    results = api().get("/api/applications/public/results").json()["items"]
    assert [(r["org_name"], r["batch_name"]) for r in results] == [("红旗测试企业", campaign.name)]
    assert Message.objects.filter(recipient=enterprise_a_user, title__contains="已入选").exists()

    # export (labels) and PDF
    from smedt.exports.testing import export_xlsx

    rows = export_xlsx(api(city_admin), "campaign_submissions", {"campaign_id": campaign.pk})
    header = list(rows[0])
    assert [r[0] for r in rows[1:]] == ["红旗测试企业"]
    assert "上年度营业收入（万元）" in header and "发明专利" in header and "指标：研发投入强度（得分）" in header


def test_submission_pdf_embeds_a_cjk_font(api, campaign, enterprise_a_user):
    ent = api(enterprise_a_user)
    res = ent.post(
        f"/api/applications/campaigns/{campaign.pk}/submissions",
        {"template_version_id": campaign.template_version_id, "data": form_data(ent)},
    )
    pdf = ent.get(f"/api/applications/submissions/{res.json()['id']}/pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "申报书" in text and "红旗测试企业" in text and "研发投入强度" in text
    fonts = {
        str(f.get_object().get("/BaseFont"))
        for p in reader.pages
        for f in (p["/Resources"].get_object().get("/Font") or {}).values()
    }
    assert any("CJK" in name for name in fonts), fonts


def test_bad_input_is_a_clear_4xx_and_writes_nothing(api, campaign, enterprise_a_user, city_admin):
    ent = api(enterprise_a_user)
    vid = campaign.template_version_id
    url = f"/api/applications/campaigns/{campaign.pk}/submissions"
    sid = ent.post(url, {"template_version_id": vid, "data": {}}).json()["id"]
    before = Submission.objects.get(pk=sid).updated_at
    submit = f"/api/applications/submissions/{sid}/submit"

    # a formula dividing by zero
    body = assert_error(
        ent.post(submit, {"template_version_id": vid, "data": form_data(ent, revenue="0", rd="0")}),
        422,
        "applications.invalid_submission",
    )
    assert "除数为零" in body["details"]["fields"]["rd_ratio"]
    # a missing evidence file
    body = assert_error(
        ent.post(submit, {"template_version_id": vid, "data": form_data(ent, with_cert=False)}),
        422,
        "applications.invalid_submission",
    )
    assert "专利证书" in body["message"] and "ip" in body["details"]["fields"]
    # a 2 MB text field
    huge = {**form_data(ent), "summary": "字" * (2 * 1024 * 1024 // 3)}
    body = assert_error(
        ent.post(submit, {"template_version_id": vid, "data": huge}), 422, "applications.invalid_submission"
    )
    assert "不能超过 2000 个字" in body["details"]["fields"]["summary"]
    # a stale template version: the city published a new one and moved the campaign onto it
    draft = template_version_save(actor=city_admin, template=campaign.template_version.template, schema=award_form())
    template_version_publish(actor=city_admin, version=draft)
    assert (
        api(city_admin)
        .patch(f"/api/applications/campaigns/{campaign.pk}", {"template_version_id": draft.pk})
        .status_code
        == 200
    )
    body = assert_error(
        ent.post(submit, {"template_version_id": vid, "data": form_data(ent)}), 409, "applications.stale_template"
    )
    assert body["details"]["current_version_id"] == draft.pk
    # a closed campaign
    api(city_admin).post(f"/api/applications/campaigns/{campaign.pk}/close")
    assert_error(
        ent.post(submit, {"template_version_id": draft.pk, "data": form_data(ent)}), 409, "applications.campaign_closed"
    )

    fresh = Submission.objects.get(pk=sid)
    assert fresh.status == "draft" and fresh.updated_at == before and fresh.review_id is None
    assert fresh.template_version_id == vid  # the draft keeps the version it was filled against


def test_published_versions_are_frozen(api, campaign, city_admin):
    template = campaign.template_version.template
    url = f"/api/applications/templates/{template.pk}"
    changed = award_form()
    changed["sections"][0]["title"] = "企业基本情况"
    res = api(city_admin).put(url, {"form": changed})
    assert res.status_code == 200
    versions = res.json()["versions"]
    assert [(v["version"], v["status"]) for v in versions] == [(2, "draft"), (1, "published")]
    assert TemplateVersion.objects.get(pk=campaign.template_version_id).schema["sections"][0]["title"] == "基本情况"
    v1 = versions[1]["id"]
    assert_error(api(city_admin).post(f"{url}/versions/{v1}/publish"), 409, "applications.version_frozen")
    bad = api(city_admin).put(url, {"form": {"sections": [{"title": "", "fields": [{"key": "X", "kind": "rocket"}]}]}})
    body = assert_error(bad, 422, "applications.invalid_template")
    assert "sections[0].title" in body["details"]["fields"]


def test_scope(
    api, campaign, enterprise_a_user, enterprise_b_user, county_a_officer, county_b_officer, city_admin, provider_user
):
    subs = {}
    for user in (enterprise_a_user, enterprise_b_user):
        client = api(user)
        res = client.post(
            f"/api/applications/campaigns/{campaign.pk}/submissions",
            {"template_version_id": campaign.template_version_id, "data": form_data(client)},
        )
        subs[user.username] = res.json()["id"]
        client.post(
            f"/api/applications/submissions/{res.json()['id']}/submit",
            {"template_version_id": campaign.template_version_id, "data": form_data(client)},
        )

    def ids(user):
        return sorted(r["id"] for r in api(user).get("/api/applications/submissions").json()["items"])

    a, b = subs["enterprise_a_user"], subs["enterprise_b_user"]
    assert ids(enterprise_a_user) == [a] and ids(enterprise_b_user) == [b]
    assert ids(county_a_officer) == [a] and ids(county_b_officer) == [b]
    assert ids(city_admin) == sorted([a, b])
    assert api(enterprise_b_user).get(f"/api/applications/submissions/{a}").status_code == 404
    assert api(county_b_officer).get(f"/api/applications/submissions/{a}").status_code == 404
    assert_error(api(enterprise_b_user).patch(f"/api/applications/submissions/{a}", {"data": {}}), 404, "not_found")
    assert_error(
        api(county_b_officer).post(
            f"/api/applications/submissions/{a}/overrides", {"indicator_key": "ip", "points": "1", "reason": "理由充分"}
        ),
        404,
        "not_found",
    )
    # an enterprise-only campaign does not exist for a provider
    res = api(provider_user).post(
        f"/api/applications/campaigns/{campaign.pk}/submissions",
        {"template_version_id": campaign.template_version_id, "data": {}},
    )
    assert_error(res, 404, "not_found")
    assert api(provider_user).get("/api/applications/campaigns/open").json() == []
    # enterprises cannot design templates or open campaigns
    assert_error(
        api(enterprise_a_user).post("/api/applications/templates", {"name": "x模板", "form": award_form()}),
        403,
        "permission_denied",
    )
    assert api(enterprise_a_user).get("/api/applications/campaigns").json()["items"] == []


def test_submission_list_query_count_is_pinned(
    api, campaign, city_admin, make_org, make_user, django_assert_max_num_queries
):
    from smedt.applications.tests.conftest import give_revenue

    def add(n):
        for _ in range(n):
            org = make_org()
            give_revenue(org)
            user = make_user(role="enterprise_user", org=org)
            client = api(user)
            client.post(
                f"/api/applications/campaigns/{campaign.pk}/submissions",
                {"template_version_id": campaign.template_version_id, "data": {}},
            )

    client = api(city_admin)
    add(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/applications/submissions").json()["items"]) == 1
    add(29)
    with CaptureQueriesContext(connection) as thirty:
        assert len(client.get("/api/applications/submissions", {"page_size": 50}).json()["items"]) == 30
    assert len(one) == len(thirty)


def test_reminders_before_close_are_sent_once(api, campaign, enterprise_a_user):
    from smedt.applications.services.campaigns import campaign_reminders_send

    ent = api(enterprise_a_user)
    ent.post(
        f"/api/applications/campaigns/{campaign.pk}/submissions",
        {"template_version_id": campaign.template_version_id, "data": {}},
    )
    assert campaign_reminders_send() == 0  # 10 days left, reminders 3 days before
    type(campaign).objects.filter(pk=campaign.pk).update(closes_at=timezone.now() + timedelta(days=2))
    assert campaign_reminders_send() == 1
    assert campaign_reminders_send() == 0
    assert Message.objects.filter(recipient=enterprise_a_user, title__startswith="申报即将截止").count() == 1

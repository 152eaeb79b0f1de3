"""试点企业遴选 end to end through the API: apply → county → city (expert scores shown) → publicity →
objection handled → library; plus returns, scope and illegal transitions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smedt.audit.models import AuditRecord
from smedt.core.testing import run_queued_tasks
from smedt.core.tests.helpers import PDF_BYTES, assert_error, upload
from smedt.enterprises.models import PilotApplication, PilotEnterprise
from smedt.enterprises.services.pilot import pilot_can_start_project
from smedt.enterprises.tests.factories import make_application, make_batch, make_sheet
from smedt.notify.models import Message

pytestmark = pytest.mark.django_db


def apply(api, user, batch, *, with_plan=True):
    client = api(user)
    attachments = {"plan": upload(client, "方案.pdf", PDF_BYTES).json()["id"]} if with_plan else {}
    res = client.post(
        "/api/enterprises/pilot-applications",
        {"batch_id": batch.pk, "sub_industry": "auto_parts", "attachments": attachments},
    )
    assert res.status_code == 201, res.json()
    return res.json()


def end_publicity(app_id):
    PilotApplication.objects.filter(pk=app_id).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))


def test_city_admin_opens_a_batch(api, city_admin, county_a_officer):
    payload = {
        "name": "2026年第一批",
        "sub_industries": ["auto_parts"],
        "quota": 5,
        "deadline": (timezone.now() + timedelta(days=9)).isoformat(),
        "required_attachments": [{"key": "plan", "name": "实施方案"}],
    }
    res = api(city_admin).post("/api/enterprises/batches", payload)
    assert res.status_code == 201, res.json()
    assert res.json()["region"]["code"] == "410700" and res.json()["status"] == "open"
    assert_error(api(county_a_officer).post("/api/enterprises/batches", payload), 403, "permission_denied")
    bad = api(city_admin).post("/api/enterprises/batches", {**payload, "deadline": "2020-01-01T00:00:00Z"})
    assert_error(bad, 422, "enterprises.invalid_field")


def test_full_selection_workflow(api, enterprise_a, enterprise_a_user, county_a_officer, city_admin, expert, outsider):
    batch = make_batch(score_sheet=make_sheet())
    api(enterprise_a_user).patch(
        f"/api/enterprises/profiles/{enterprise_a.pk}", {"legal_representative": "张三", "industry_code": "C3670"}
    )
    app = apply(api, enterprise_a_user, batch)
    assert app["status"] == "draft" and app["snapshot"]["legal_representative"] == "张三"  # pre-filled from the record
    app = api(enterprise_a_user).post(f"/api/enterprises/pilot-applications/{app['id']}/submit").json()
    assert app["status"] == "reviewing" and app["review_id"]
    review_id = app["review_id"]

    # the city cannot decide before the county
    assert_error(api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": ""}), 403, "permission_denied")
    assert [r["id"] for r in api(county_a_officer).get("/api/reviews/todo").json()["items"]] == [review_id]
    assert api(county_a_officer).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}).status_code == 200
    assert [r["id"] for r in api(city_admin).get("/api/reviews/todo").json()["items"]] == [review_id]
    review = api(city_admin).get(f"/api/reviews/{review_id}").json()
    assert review["status"] == "pending", review

    # an expert scores on the batch's sheet; the city reviewer sees the scores
    bad = api(expert).post(
        f"/api/enterprises/pilot-applications/{app['id']}/scores", {"marks": {"basis": "41", "plan": "50"}}
    )
    assert_error(bad, 422, "enterprises.invalid_score")
    res = api(expert).post(
        f"/api/enterprises/pilot-applications/{app['id']}/scores",
        {"marks": {"basis": "35.5", "plan": "50"}, "opinion": "基础较好"},
    )
    assert res.status_code == 201, res.json()
    assert res.json()["total"] == "85.50"
    assert_error(
        api(expert).post(
            f"/api/enterprises/pilot-applications/{app['id']}/scores", {"marks": {"basis": "1", "plan": "1"}}
        ),
        409,
        "enterprises.already_scored",
    )
    detail = api(city_admin).get(f"/api/enterprises/pilot-applications/{app['id']}").json()
    assert detail["score_average"] == "85.50" and detail["scores"][0]["expert_name"] == "expert"

    assert api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意入选"}).status_code == 200
    detail = api(city_admin).get(f"/api/enterprises/pilot-applications/{app['id']}").json()
    assert detail["status"] == "publicity" and detail["publicity_ends_at"]

    # the publicity is a public notice (anonymous too); anyone signed in may object; the city handles it
    assert [p["id"] for p in api(outsider).get("/api/enterprises/publicity").json()["items"]] == [app["id"]]
    assert [p["id"] for p in api().get("/api/enterprises/publicity").json()["items"]] == [app["id"]]
    assert_error(
        api().post(f"/api/enterprises/publicity/{app['id']}/objections", {"content": "匿名提出的异议内容"}),
        401,
        "not_authenticated",
    )
    res = api(outsider).post(
        f"/api/enterprises/publicity/{app['id']}/objections", {"content": "该企业申报数据不实，请核查"}
    )
    assert res.status_code == 201, res.json()
    objection_id = res.json()["id"]
    # finalize refuses while publicity runs, and while an objection is open
    assert_error(
        api(city_admin).post(f"/api/enterprises/pilot-applications/{app['id']}/finalize"),
        409,
        "enterprises.publicity_not_over",
    )
    end_publicity(app["id"])
    assert_error(
        api(city_admin).post(f"/api/enterprises/pilot-applications/{app['id']}/finalize"),
        409,
        "enterprises.open_objections",
    )
    assert_error(
        api(county_a_officer).post(
            f"/api/enterprises/objections/{objection_id}/handle", {"upheld": False, "resolution": "经核查属实"}
        ),
        404,
        "not_found",
    )
    res = api(city_admin).post(
        f"/api/enterprises/objections/{objection_id}/handle",
        {"upheld": False, "resolution": "经核查数据属实，异议不成立"},
    )
    assert res.status_code == 200 and res.json()["status"] == "dismissed"

    res = api(city_admin).post(f"/api/enterprises/pilot-applications/{app['id']}/finalize")
    assert res.status_code == 200, res.json()
    assert res.json()["org_name"] == "红旗测试企业" and res.json()["status"] == "active"
    assert pilot_can_start_project(enterprise_a.pk)
    assert api(city_admin).get("/api/enterprises/pilots").json()["total"] == 1

    run_queued_tasks()
    titles = set(Message.objects.filter(recipient=enterprise_a_user).values_list("title", flat=True))
    assert "恭喜，贵企业已入选试点企业库" in titles
    assert Message.objects.filter(recipient=outsider, title__startswith="您提出的公示异议已处理").exists()
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {
        "enterprises.application_submit",
        "enterprises.application_review_approved",
        "enterprises.score_submit",
        "enterprises.objection_file",
        "enterprises.objection_handle",
        "enterprises.application_finalize",
    } <= actions


def test_upheld_objection_keeps_the_enterprise_out(api, enterprise_a, city_admin, outsider):
    app = make_application(enterprise_a, make_batch(), status="publicity")
    PilotApplication.objects.filter(pk=app.pk).update(publicity_ends_at=timezone.now() + timedelta(days=3))
    oid = (
        api(outsider)
        .post(f"/api/enterprises/publicity/{app.pk}/objections", {"content": "存在重大安全事故未披露"})
        .json()["id"]
    )
    res = api(city_admin).post(
        f"/api/enterprises/objections/{oid}/handle", {"upheld": True, "resolution": "经核查属实"}
    )
    assert res.status_code == 200
    app.refresh_from_db()
    assert app.status == "rejected" and "异议成立" in app.decision_note
    assert not PilotEnterprise.objects.exists()
    assert_error(
        api(city_admin).post(f"/api/enterprises/pilot-applications/{app.pk}/finalize"), 409, "invalid_transition"
    )


def test_missing_required_attachment_blocks_submission(api, enterprise_a_user):
    batch = make_batch()
    app = apply(api, enterprise_a_user, batch, with_plan=False)
    res = api(enterprise_a_user).post(f"/api/enterprises/pilot-applications/{app['id']}/submit")
    body = assert_error(res, 422, "enterprises.missing_attachment")
    assert "数字化转型实施方案" in body["message"]
    assert PilotApplication.objects.get().status == "draft"


def test_return_and_resubmit(api, enterprise_a_user, county_a_officer):
    app = apply(api, enterprise_a_user, make_batch())
    review_id = (
        api(enterprise_a_user).post(f"/api/enterprises/pilot-applications/{app['id']}/submit").json()["review_id"]
    )
    api(county_a_officer).post(f"/api/reviews/{review_id}/return", {"opinion": "请补充方案"})
    assert PilotApplication.objects.get().status == "returned"
    res = api(enterprise_a_user).patch(f"/api/enterprises/pilot-applications/{app['id']}", {"plan_summary": "已补充"})
    assert res.status_code == 200
    res = api(enterprise_a_user).post(f"/api/enterprises/pilot-applications/{app['id']}/resubmit", {"note": "已补充"})
    assert res.status_code == 200 and res.json()["status"] == "reviewing"


def test_duplicate_and_closed_batch(api, enterprise_a_user):
    batch = make_batch()
    apply(api, enterprise_a_user, batch)
    res = api(enterprise_a_user).post(
        "/api/enterprises/pilot-applications", {"batch_id": batch.pk, "sub_industry": "auto_parts"}
    )
    assert_error(res, 409, "enterprises.duplicate_application")
    closed = make_batch(deadline=timezone.now() - timedelta(days=1))
    res = api(enterprise_a_user).post(
        "/api/enterprises/pilot-applications", {"batch_id": closed.pk, "sub_industry": "auto_parts"}
    )
    assert_error(res, 409, "enterprises.batch_closed")


def test_illegal_transition_names_the_allowed_actions(api, enterprise_a, enterprise_a_user):
    app = make_application(enterprise_a, make_batch(), status="approved")
    body = assert_error(
        api(enterprise_a_user).post(f"/api/enterprises/pilot-applications/{app.pk}/withdraw"), 409, "invalid_transition"
    )
    assert body["details"]["allowed"] == []
    app2 = make_application(enterprise_a, make_batch(), status="publicity")
    body = assert_error(
        api(enterprise_a_user).post(f"/api/enterprises/pilot-applications/{app2.pk}/withdraw"),
        409,
        "invalid_transition",
    )
    assert body["details"]["allowed"] == ["公示期满入库", "异议成立撤销"]


def test_county_b_sees_none_of_county_a(
    api, enterprise_a, enterprise_b, county_a_officer, county_b_officer, enterprise_b_user
):
    batch = make_batch()
    a = make_application(enterprise_a, batch)
    make_application(enterprise_b, batch)
    ids = lambda user: {r["org_name"] for r in api(user).get("/api/enterprises/pilot-applications").json()["items"]}  # noqa: E731
    assert ids(county_a_officer) == {"红旗测试企业"}
    assert ids(county_b_officer) == {"长垣测试企业"}
    assert ids(enterprise_b_user) == {"长垣测试企业"}
    for user in (county_b_officer, enterprise_b_user):
        assert_error(api(user).get(f"/api/enterprises/pilot-applications/{a.pk}"), 404, "not_found")
        assert_error(
            api(user).patch(f"/api/enterprises/pilot-applications/{a.pk}", {"plan_summary": "x"}), 404, "not_found"
        )


def test_prefill_comes_from_the_record(api, enterprise_a, enterprise_a_user, enterprise_b, city_admin):
    api(enterprise_a_user).patch(f"/api/enterprises/profiles/{enterprise_a.pk}", {"legal_representative": "张三"})
    api(enterprise_a_user).put(
        f"/api/enterprises/profiles/{enterprise_a.pk}/figures/2025", {"employees": 50, "operating_revenue": "800"}
    )
    snap = api(enterprise_a_user).get("/api/enterprises/pilot-applications/prefill").json()["snapshot"]
    assert snap["legal_representative"] == "张三" and snap["latest_year"]["employees"] == 50
    assert_error(
        api(enterprise_a_user).get("/api/enterprises/pilot-applications/prefill", {"org_id": enterprise_b.pk}),
        404,
        "not_found",
    )
    assert_error(api(city_admin).get("/api/enterprises/pilot-applications/prefill"), 404, "not_found")


def test_objection_ledger_is_scoped_to_the_city(api, enterprise_a, city_admin, county_a_officer, outsider):
    app = make_application(enterprise_a, make_batch(), status="publicity")
    PilotApplication.objects.filter(pk=app.pk).update(publicity_ends_at=timezone.now() + timedelta(days=3))
    api(outsider).post(f"/api/enterprises/publicity/{app.pk}/objections", {"content": "数据存在问题请核查"})
    rows = api(city_admin).get("/api/enterprises/objections", {"status": "open"}).json()["items"]
    assert [r["org_name"] for r in rows] == ["红旗测试企业"]
    assert api(county_a_officer).get("/api/enterprises/objections").json()["total"] == 0
    assert api(outsider).get("/api/enterprises/objections").json()["total"] == 0
    # too short, and after publicity: refused
    assert_error(
        api(outsider).post(f"/api/enterprises/publicity/{app.pk}/objections", {"content": "差"}),
        422,
        "enterprises.invalid_field",
    )
    PilotApplication.objects.filter(pk=app.pk).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    assert_error(
        api(outsider).post(f"/api/enterprises/publicity/{app.pk}/objections", {"content": "数据存在问题请核查"}),
        409,
        "enterprises.not_in_publicity",
    )


def test_score_sheets_are_versioned_and_city_only(api, city_admin, county_a_officer):
    items = [
        {"key": "basis", "name": "数字化基础", "max_score": "40"},
        {"key": "plan", "name": "实施方案", "max_score": "60"},
    ]
    first = api(city_admin).post(
        "/api/enterprises/score-sheets", {"code": "pilot", "name": "试点评分表", "items": items}
    )
    assert first.status_code == 201, first.json()
    second = api(city_admin).post(
        "/api/enterprises/score-sheets", {"code": "pilot", "name": "试点评分表", "items": items[:1]}
    )
    assert (first.json()["version"], second.json()["version"]) == (1, 2)
    dup = [items[0], items[0]]
    assert_error(
        api(city_admin).post("/api/enterprises/score-sheets", {"code": "pilot", "name": "x", "items": dup}),
        422,
        "enterprises.invalid_score",
    )
    assert_error(
        api(county_a_officer).post("/api/enterprises/score-sheets", {"code": "p", "name": "x", "items": items}),
        403,
        "permission_denied",
    )

"""Announcements: editing, review and publishing (now and scheduled), scope, pin, withdraw, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error, field_message
from smedt.portal import workflow as wf
from smedt.portal.models import Announcement, SearchDocument
from smedt.portal.services.announcements import announcement_publish_due
from smedt.reviews.models import ReviewRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_setup")]


def _create(api, user, **kw):
    body = {
        "category": "policy",
        "title": "关于开展数字化转型的通知",
        "region_code": "410702",
        "body": "<p>内容</p>",
        **kw,
    }
    return api(user).post("/api/portal/announcements", body)


def test_county_officer_drafts_submits_and_county_review_publishes(api, county_a_officer, make_user):
    res = _create(
        api, county_a_officer, body='<p onclick="x()">正文<script>alert(1)</script></p>', tags=["政策", "补贴"]
    )
    assert res.status_code == 201, res.content
    data = res.json()
    assert data["status"] == wf.DRAFT
    assert data["body"] == "<p>正文</p>"
    a_id = data["id"]
    assert _create(api, county_a_officer).status_code == 201

    res = api(county_a_officer).post(f"/api/portal/announcements/{a_id}/submit")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == wf.IN_REVIEW
    review = ReviewRequest.objects.get(object_id=str(a_id), process_key="announcement_publication_county")
    assert review.region.code == "410702"

    reviewer = make_user("county_a_reviewer", "county_officer", "410702")
    res = api(reviewer).post(f"/api/reviews/{review.pk}/approve", {"opinion": "同意"})
    assert res.status_code == 200, res.content
    a = Announcement.objects.get(pk=a_id)
    assert a.status == wf.PUBLISHED and a.published_at is not None
    assert SearchDocument.objects.filter(kind="announcement", object_id=a_id).exists()
    actions = set(
        AuditRecord.objects.filter(target_id=str(a_id), target_type="portal.announcement").values_list(
            "action", flat=True
        )
    )
    assert {"portal.announcement_create", "portal.announcement_submit", "portal.announcement_approve"} <= actions


def test_city_content_goes_to_city_review(api, city_admin, county_a_officer, colleague):
    res = _create(api, city_admin, region_code="410700")
    a_id = res.json()["id"]
    api(city_admin).post(f"/api/portal/announcements/{a_id}/submit")
    review = ReviewRequest.objects.get(object_id=str(a_id))
    assert review.process_key == "announcement_publication"
    # a county officer cannot decide the city step
    assert api(county_a_officer).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""}).status_code in (403, 404)
    assert Announcement.objects.get(pk=a_id).status == wf.IN_REVIEW
    # nor the author (separation of duties): another city reviewer decides
    assert_error(
        api(city_admin).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""}), 403, "reviews.own_submission"
    )
    assert Announcement.objects.get(pk=a_id).status == wf.IN_REVIEW
    assert api(colleague("410700")).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""}).status_code == 200
    assert Announcement.objects.get(pk=a_id).status == wf.PUBLISHED


def test_reviewer_without_portal_review_code_is_refused_and_nothing_changes(api, county_a_officer, make_user):
    from smedt.core.tests.helpers import assign, make_role

    a_id = _create(api, county_a_officer).json()["id"]
    api(county_a_officer).post(f"/api/portal/announcements/{a_id}/submit")
    review = ReviewRequest.objects.get(object_id=str(a_id))
    plain_reviewer = make_user("plain_reviewer")
    assign(
        plain_reviewer,
        make_role("county_reviews_only", ["reviews.review_county", "reviews.view_review"]),
        region="410702",
    )
    res = api(plain_reviewer).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""})
    assert_error(res, 403, "permission_denied")
    review.refresh_from_db()
    assert review.status == "pending"
    assert Announcement.objects.get(pk=a_id).status == wf.IN_REVIEW


def test_return_sends_back_to_draft_and_author_can_edit(api, county_a_officer, city_admin, make_user):
    a_id = _create(api, county_a_officer).json()["id"]
    api(county_a_officer).post(f"/api/portal/announcements/{a_id}/submit")
    review = ReviewRequest.objects.get(object_id=str(a_id))
    # county content is reviewed by the county, not the city
    assert api(city_admin).post(f"/api/reviews/{review.pk}/return", {"opinion": "x"}).status_code in (403, 404)
    reviewer = make_user("county_a_reviewer", "county_officer", "410702")
    res = api(reviewer).post(f"/api/reviews/{review.pk}/return", {"opinion": "请补充附件"})
    assert res.status_code == 200, res.content
    assert Announcement.objects.get(pk=a_id).status == wf.DRAFT
    res = api(county_a_officer).patch(f"/api/portal/announcements/{a_id}", {"title": "修改后的标题"})
    assert res.status_code == 200 and res.json()["title"] == "修改后的标题"


def test_county_b_cannot_see_edit_or_publish_county_a_content(api, county_a_officer, county_b_officer):
    a_id = _create(api, county_a_officer).json()["id"]
    assert_error(api(county_b_officer).get(f"/api/portal/announcements/{a_id}"), 404, "not_found")
    assert_error(api(county_b_officer).patch(f"/api/portal/announcements/{a_id}", {"title": "篡改"}), 404, "not_found")
    assert_error(api(county_b_officer).post(f"/api/portal/announcements/{a_id}/submit"), 404, "not_found")
    # nor create content for county A, nor for the city
    assert_error(_create(api, county_b_officer, region_code="410702"), 403, "permission_denied")
    assert_error(_create(api, county_b_officer, region_code="410700"), 403, "permission_denied")
    # nor move own content into county A
    b_id = _create(api, county_b_officer, region_code="410783").json()["id"]
    assert_error(
        api(county_b_officer).patch(f"/api/portal/announcements/{b_id}", {"region_code": "410702"}),
        403,
        "permission_denied",
    )
    assert Announcement.objects.get(pk=a_id).title == "关于开展数字化转型的通知"
    ids = {r["id"] for r in api(county_b_officer).get("/api/portal/announcements").json()["items"]}
    assert ids == {b_id}


def test_county_b_cannot_approve_county_a_review(api, county_a_officer, county_b_officer):
    a_id = _create(api, county_a_officer).json()["id"]
    api(county_a_officer).post(f"/api/portal/announcements/{a_id}/submit")
    review = ReviewRequest.objects.get(object_id=str(a_id))
    res = api(county_b_officer).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""})
    assert res.status_code in (403, 404)
    assert Announcement.objects.get(pk=a_id).status == wf.IN_REVIEW


@pytest.mark.parametrize("who", ["enterprise_a_user", "provider_user", "outsider"])
def test_non_officers_cannot_manage_content(api, request, who):
    user = request.getfixturevalue(who)
    assert_error(_create(api, user), 403, "permission_denied")
    assert api(user).get("/api/portal/announcements").json()["items"] == []


def test_bad_input_is_chinese_422_and_writes_nothing(api, county_a_officer):
    res = _create(api, county_a_officer, category="nonexistent")
    assert_error(res, 422, "portal.invalid_category")
    field_message(res, "category")
    res = _create(api, county_a_officer, region_code="410000")
    assert_error(res, 422, "portal.invalid_region")
    res = _create(api, county_a_officer, title="   ")
    assert_error(res, 422, "portal.title_required")
    res = _create(api, county_a_officer, cover_id="00000000-0000-0000-0000-000000000001")
    assert_error(res, 422, "portal.invalid_attachment")
    assert Announcement.objects.count() == 0
    assert not AuditRecord.objects.filter(action__startswith="portal.").exists()


def test_only_drafts_are_editable_and_illegal_moves_are_409(api, city_admin, make_announcement):
    a = make_announcement(author=city_admin)
    body = assert_error(
        api(city_admin).patch(f"/api/portal/announcements/{a.pk}", {"title": "x"}), 409, "portal.not_editable"
    )
    assert "草稿" in body["message"]
    body = assert_error(api(city_admin).post(f"/api/portal/announcements/{a.pk}/redraft"), 409, "invalid_transition")
    assert body["details"]["allowed"] == ["撤下"]


def test_scheduled_publishing_is_idempotent(api, city_admin, make_announcement):
    later = timezone.now() + timedelta(hours=2)
    a = make_announcement(author=city_admin, publish_at=later)
    assert a.status == wf.SCHEDULED
    assert not SearchDocument.objects.filter(object_id=a.pk).exists()
    assert api().get(f"/api/portal/public/announcements/{a.pk}").status_code == 404
    assert announcement_publish_due(now=timezone.now()) == 0
    assert announcement_publish_due(now=later + timedelta(seconds=1)) == 1
    assert announcement_publish_due(now=later + timedelta(seconds=2)) == 0  # second run: nothing to do
    a.refresh_from_db()
    assert a.status == wf.PUBLISHED and a.published_at == later
    assert SearchDocument.objects.filter(kind="announcement", object_id=a.pk).exists()
    assert api().get(f"/api/portal/public/announcements/{a.pk}").status_code == 200
    assert AuditRecord.objects.filter(action="portal.announcement_publish_due", target_id=str(a.pk)).count() == 1


def test_withdrawn_scheduled_item_is_not_published(city_admin, make_announcement):
    from smedt.portal.services.announcements import announcement_withdraw

    later = timezone.now() + timedelta(hours=1)
    a = make_announcement(author=city_admin, publish_at=later)
    announcement_withdraw(actor=city_admin, announcement=a)
    assert announcement_publish_due(now=later + timedelta(minutes=1)) == 0
    a.refresh_from_db()
    assert a.status == wf.WITHDRAWN


def test_periodic_job_is_registered():
    from smedt.taskqueue.scheduler import jobs_discover

    assert "portal.publish_due_announcements" in {j.name for j in jobs_discover()}


def test_withdraw_removes_from_public_and_index(api, city_admin, make_announcement):
    a = make_announcement(author=city_admin)
    assert api().get(f"/api/portal/public/announcements/{a.pk}").status_code == 200
    res = api(city_admin).post(f"/api/portal/announcements/{a.pk}/withdraw")
    assert res.status_code == 200 and res.json()["status"] == wf.WITHDRAWN
    assert_error(api().get(f"/api/portal/public/announcements/{a.pk}"), 404, "not_found")
    assert not SearchDocument.objects.filter(object_id=a.pk, kind="announcement").exists()
    assert api(city_admin).post(f"/api/portal/announcements/{a.pk}/redraft").json()["status"] == wf.DRAFT


def test_pin_puts_item_first_on_public_list(api, city_admin, county_b_officer, make_announcement):
    old = make_announcement(title="较早的政策", author=city_admin)
    make_announcement(title="较新的政策", author=city_admin)
    assert_error(
        api(county_b_officer).post(f"/api/portal/announcements/{old.pk}/pin", {"pinned": True}), 404, "not_found"
    )
    draft = make_announcement(title="草稿", author=city_admin, publish=False)
    assert_error(
        api(city_admin).post(f"/api/portal/announcements/{draft.pk}/pin", {"pinned": True}), 409, "portal.not_published"
    )
    assert api(city_admin).post(f"/api/portal/announcements/{old.pk}/pin", {"pinned": True}).json()["pinned"] is True
    titles = [r["title"] for r in api().get("/api/portal/public/announcements", {"category": "policy"}).json()["items"]]
    assert titles == ["较早的政策", "较新的政策"]


def test_recall_takes_submission_back(api, county_a_officer):
    a_id = _create(api, county_a_officer).json()["id"]
    api(county_a_officer).post(f"/api/portal/announcements/{a_id}/submit")
    res = api(county_a_officer).post(f"/api/portal/announcements/{a_id}/recall")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == wf.DRAFT
    assert ReviewRequest.objects.get(object_id=str(a_id)).status == "withdrawn"


# --- through the API: the county officer and their own announcement (the reported case) ---------------


def test_county_officer_cannot_approve_the_announcement_they_submitted(api, county_a_officer, make_user):
    body = {"category": "policy", "title": "关于开展数字化转型的通知", "region_code": "410702", "body": "<p>内容</p>"}
    a_id = api(county_a_officer).post("/api/portal/announcements", body).json()["id"]
    assert api(county_a_officer).post(f"/api/portal/announcements/{a_id}/submit").status_code == 200
    review = ReviewRequest.objects.get(object_id=str(a_id), process_key="announcement_publication_county")

    # not in their to-do, no decision buttons, and a direct call is refused with nothing changed
    todo = api(county_a_officer).get("/api/reviews/todo").json()
    assert review.pk not in [r["id"] for r in todo["items"]]
    detail = api(county_a_officer).get(f"/api/reviews/{review.pk}").json()
    assert (detail["can_decide"], detail["allowed_actions"]) == (False, [])
    for decision in ("approve", "reject", "return"):
        res = api(county_a_officer).post(f"/api/reviews/{review.pk}/{decision}", {"opinion": "自己审"})
        body = assert_error(res, 403, "reviews.own_submission")
        assert "本人提交" in body["message"]
    review.refresh_from_db()
    assert review.status == "pending"
    assert Announcement.objects.get(pk=a_id).status == wf.IN_REVIEW

    # a colleague of the same county decides
    colleague = make_user("county_a_colleague", "county_officer", "410702")
    assert review.pk in [r["id"] for r in api(colleague).get("/api/reviews/todo").json()["items"]]
    assert api(colleague).get(f"/api/reviews/{review.pk}").json()["can_decide"] is True
    assert api(colleague).post(f"/api/reviews/{review.pk}/approve", {"opinion": "同意"}).status_code == 200
    assert Announcement.objects.get(pk=a_id).status == wf.PUBLISHED

"""The organization registration review, end to end through the API: county verifies its own."""

from __future__ import annotations

import pytest

from smedt.core.testing import run_queued_tasks
from smedt.core.tests.helpers import solve_captcha
from smedt.notify.models import Message
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import Organization
from smedt.reviews.models import ReviewRequest

pytestmark = pytest.mark.django_db


def register(api, *, region="410702", code=None, username="newco"):
    payload = {
        "org_name": "红旗新注册企业",
        "credit_code": code or make_valid("91410702MA0000100"),
        "kind": "enterprise",
        "region_code": region,
        "contact_name": "王",
        "contact_phone": "13811112222",
        "username": username,
        "password": "Qiye@2026pass",
    }
    client = api()
    payload.update(captcha_id=solve_captcha(client), captcha_answer="ABCD")
    return client.post("/api/orgs/register", payload)


def run_notifications():
    run_queued_tasks()


def test_register_creates_pending_org_user_and_review(api, reference):
    res = register(api)
    assert res.status_code == 201, res.json()
    org = Organization.objects.get(pk=res.json()["org_id"])
    assert org.status == "pending"
    review = ReviewRequest.objects.get(object_id=str(org.pk))
    assert review.status == "pending" and review.region.code == "410702"
    assert [a.action for a in review.actions.all()] == ["submit"]


def test_bad_credit_code_is_refused_with_a_clear_message_and_nothing_written(api, reference):
    res = register(api, code="91410702MA00001000")
    assert res.status_code == 422
    body = res.json()
    assert body["code"] == "orgs.invalid_credit_code"
    assert "校验位" in body["message"]
    assert body["details"]["fields"]["credit_code"]
    assert not Organization.objects.exists()
    assert not ReviewRequest.objects.exists()


def test_weak_password_rolls_back_the_organization_too(api, reference):
    client = api()
    payload_res = client.post(
        "/api/orgs/register",
        {
            "org_name": "半途企业",
            "credit_code": make_valid("91410702MA0000200"),
            "kind": "enterprise",
            "region_code": "410702",
            "contact_name": "王",
            "contact_phone": "13811112222",
            "username": "halfway",
            "password": "short",
            "captcha_id": solve_captcha(client),
            "captcha_answer": "ABCD",
        },
    )
    assert payload_res.status_code == 422
    assert payload_res.json()["code"] == "accounts.weak_password"
    assert not Organization.objects.filter(name="半途企业").exists()


def test_county_a_approves_and_the_applicant_is_told(api, reference, county_a_officer, county_b_officer):
    org_id = register(api).json()["org_id"]
    review = ReviewRequest.objects.get(object_id=str(org_id))
    run_notifications()
    # the county A reviewer was told there is something to review; county B was not
    assert Message.objects.filter(recipient=county_a_officer, title__startswith="待审核").count() == 1
    assert not Message.objects.filter(recipient=county_b_officer).exists()

    todo_a = api(county_a_officer).get("/api/reviews/todo").json()
    assert [r["id"] for r in todo_a["items"]] == [review.pk]
    assert api(county_b_officer).get("/api/reviews/todo").json()["total"] == 0
    # county B cannot read it nor decide it: 404 as if it did not exist
    assert api(county_b_officer).get(f"/api/reviews/{review.pk}").status_code == 404
    assert api(county_b_officer).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""}).status_code == 404

    res = api(county_a_officer).post(f"/api/reviews/{review.pk}/approve", {"opinion": "材料齐全"})
    assert res.status_code == 200, res.json()
    detail = res.json()
    assert detail["status"] == "approved"
    assert [t["action"] for t in detail["timeline"]] == ["submit", "approve"]
    assert detail["timeline"][1]["opinion"] == "材料齐全"
    assert detail["timeline"][1]["actor_name"] == "county_a_officer"
    assert Organization.objects.get(pk=org_id).status == "active"

    run_notifications()
    applicant = Message.objects.get(recipient__username="newco", category="review", title__startswith="审核结果")
    assert "通过" in applicant.title and "材料齐全" in applicant.body
    # the applicant sees the timeline of their own request
    from smedt.accounts.models import User

    newco = User.objects.get(username="newco")
    mine = api(newco).get("/api/reviews/mine").json()
    assert mine["items"][0]["status"] == "approved"


def test_notification_task_is_idempotent(api, reference, county_a_officer):
    """Delivery is at-least-once: running the same task twice must not send twice."""
    from smedt.reviews.services.notifications import review_action_notify

    register(api)
    run_notifications()
    action = ReviewRequest.objects.get().actions.get()
    assert review_action_notify(action_id=action.pk) == 0
    assert Message.objects.filter(recipient=county_a_officer).count() == 1


def test_return_requires_an_opinion_then_resubmit_goes_back_to_the_county(api, reference, county_a_officer):
    org_id = register(api).json()["org_id"]
    review = ReviewRequest.objects.get(object_id=str(org_id))
    res = api(county_a_officer).post(f"/api/reviews/{review.pk}/return", {"opinion": "  "})
    assert res.status_code == 422 and res.json()["code"] == "reviews.opinion_required"

    res = api(county_a_officer).post(f"/api/reviews/{review.pk}/return", {"opinion": "联系人电话有误"})
    assert res.json()["status"] == "returned"
    assert Organization.objects.get(pk=org_id).status == "returned"

    # deciding again on a returned item is an illegal transition: 409 naming what is allowed
    again = api(county_a_officer).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""})
    assert again.status_code in (404, 409)

    from smedt.accounts.models import User

    newco = User.objects.get(username="newco")
    res = api(newco).post(f"/api/orgs/{org_id}/resubmit", {"contact_phone": "13911112222"})
    assert res.status_code == 200, res.json()
    review.refresh_from_db()
    assert review.status == "pending" and review.round == 2 and review.current_step == 0
    assert Organization.objects.get(pk=org_id).status == "pending"
    actions = [a.action for a in review.actions.order_by("id")]
    assert actions == ["submit", "return", "resubmit"]


def test_reject_finishes_and_cannot_be_decided_again(api, reference, county_a_officer):
    org_id = register(api).json()["org_id"]
    review = ReviewRequest.objects.get(object_id=str(org_id))
    assert (
        api(county_a_officer).post(f"/api/reviews/{review.pk}/reject", {"opinion": "非本辖区企业"}).status_code == 200
    )
    assert Organization.objects.get(pk=org_id).status == "rejected"
    res = api(county_a_officer).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""})
    # no longer in the reviewer's to-do, but the reviewer still sees it (they decided it)
    assert res.status_code == 409
    assert res.json()["code"] == "invalid_transition"


def test_enterprise_cannot_approve_its_own_registration(api, reference):
    org_id = register(api).json()["org_id"]
    review = ReviewRequest.objects.get(object_id=str(org_id))
    from smedt.accounts.models import User

    newco = User.objects.get(username="newco")
    res = api(newco).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""})
    assert res.status_code == 403
    assert ReviewRequest.objects.get(pk=review.pk).status == "pending"


def test_city_admin_has_no_county_step_todo_but_can_view(api, reference, city_admin):
    org_id = register(api).json()["org_id"]
    review = ReviewRequest.objects.get(object_id=str(org_id))
    assert api(city_admin).get("/api/reviews/todo").json()["total"] == 0
    assert api(city_admin).get(f"/api/reviews/{review.pk}").status_code == 200


def test_duplicate_open_review_is_refused(api, reference, county_a_officer):
    from smedt.core.errors import Conflict
    from smedt.reviews.services.requests import review_submit

    org_id = register(api).json()["org_id"]
    org = Organization.objects.get(pk=org_id)
    with pytest.raises(Conflict):
        review_submit(
            process_key="org_verification", target=org, title="again", region=org.region, org=org, submitted_by=None
        )

"""Supply–demand: needs and offers, city review, matching, contact by message, closing, statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error, field_message
from smedt.notify.models import Message
from smedt.portal import workflow as wf
from smedt.portal.models import Need, NeedContact, Offer, SearchDocument
from smedt.reviews.models import ReviewRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_setup")]


def _need(org, **kw):
    return {
        "org_id": org.pk,
        "title": "生产排程数字化",
        "problem": "订单多品种小批量，手工排产效率低",
        "scenario_code": "S05",
        "sub_industry": "auto_parts",
        "budget_min": "100000",
        "budget_max": "300000.00",
        "deadline": str(timezone.localdate() + timedelta(days=30)),
        **kw,
    }


def test_enterprise_posts_need_city_reviews_and_it_is_public(api, enterprise_a_user, enterprise_a, city_admin):
    res = api(enterprise_a_user).post("/api/portal/needs", _need(enterprise_a))
    assert res.status_code == 201, res.content
    need_id = res.json()["id"]
    assert res.json()["scenario"] == {"code": "S05", "name": "计划排程"}
    assert api().get(f"/api/portal/public/needs/{need_id}").status_code == 404
    assert api(enterprise_a_user).post(f"/api/portal/needs/{need_id}/submit").json()["status"] == wf.IN_REVIEW
    review = ReviewRequest.objects.get(object_id=str(need_id), process_key="supply_demand_publication")
    assert api(city_admin).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""}).status_code == 200
    assert Need.objects.get(pk=need_id).status == wf.PUBLISHED
    assert SearchDocument.objects.filter(kind="need", object_id=need_id).exists()
    assert api().get(f"/api/portal/public/needs/{need_id}").status_code == 200


def test_need_validation(api, enterprise_a_user, enterprise_a):
    cases = [
        ({"budget_min": "500", "budget_max": "100"}, "portal.invalid_budget", "budget_max"),
        ({"scenario_code": "S77"}, "portal.invalid_scenario", "scenario_code"),
        ({"deadline": "2020-01-01"}, "portal.invalid_deadline", "deadline"),
        ({"problem": "  "}, "portal.problem_required", "problem"),
    ]
    for change, code, field in cases:
        res = api(enterprise_a_user).post("/api/portal/needs", _need(enterprise_a, **change))
        assert_error(res, 422, code)
        field_message(res, field)
    assert Need.objects.count() == 0


def test_need_scope(
    api, enterprise_a_user, enterprise_b_user, enterprise_a, enterprise_b, provider_user, county_b_officer, make_need
):
    n = make_need(publish=False)
    assert_error(api(enterprise_b_user).post("/api/portal/needs", _need(enterprise_a)), 403, "permission_denied")
    assert_error(api(provider_user).post("/api/portal/needs", _need(enterprise_a)), 403, "permission_denied")
    assert_error(api(enterprise_b_user).get(f"/api/portal/needs/{n.pk}"), 404, "not_found")
    assert_error(api(enterprise_b_user).post(f"/api/portal/needs/{n.pk}/submit"), 404, "not_found")
    assert api(enterprise_b_user).get("/api/portal/needs").json()["items"] == []
    assert api(county_b_officer).get("/api/portal/needs").json()["items"] == []
    assert [r["id"] for r in api(enterprise_a_user).get("/api/portal/needs").json()["items"]] == [n.pk]


def test_provider_posts_offer_with_product_and_matches_rank(
    api, provider_user, provider_org, city_admin, make_need, make_offer
):
    res = api(provider_user).post(
        "/api/portal/offers",
        {
            "org_id": provider_org.pk,
            "title": "排产优化SaaS",
            "description": "面向离散制造的排程",
            "scenario_codes": ["S05"],
            "sub_industries": ["auto_parts"],
            "product_id": 7,
            "product_name": "排产云",
        },
    )
    assert res.status_code == 201, res.content
    best_id = res.json()["id"]
    api(provider_user).post(f"/api/portal/offers/{best_id}/submit")
    review = ReviewRequest.objects.get(object_id=str(best_id), process_key="supply_demand_offer_publication")
    api(city_admin).post(f"/api/reviews/{review.pk}/approve", {"opinion": ""})
    assert Offer.objects.get(pk=best_id).status == wf.PUBLISHED

    generic = make_offer(title="通用排程", scenario_codes=["S05"])
    industry_only = make_offer(title="汽配质量", scenario_codes=["S09"], sub_industries=["auto_parts"])
    make_offer(title="无关", scenario_codes=["S01"], sub_industries=["new_chemicals"])
    make_offer(title="未发布", scenario_codes=["S05"], sub_industries=["auto_parts"], publish=False)
    need = make_need(sub_industry="auto_parts")
    res = api().get(f"/api/portal/public/needs/{need.pk}")
    assert res.status_code == 200
    matches = res.json()["matches"]
    assert [m["offer"]["id"] for m in matches] == [best_id, generic.pk, industry_only.pk]
    assert matches[0]["reasons"] == ["scenario", "sub_industry"]
    assert matches[0]["offer"]["product_id"] == 7


def test_provider_contacts_enterprise_by_message(
    api, provider_user, provider_org, enterprise_a_user, enterprise_b_user, make_need, make_user, enterprise_a
):
    colleague = make_user("enterprise_a_colleague", "enterprise_user", org=enterprise_a)
    need = make_need()
    res = api(provider_user).post(
        f"/api/portal/needs/{need.pk}/contact", {"provider_id": provider_org.pk, "message": "我们有成熟的排产方案"}
    )
    assert res.status_code == 201, res.content
    msgs = Message.objects.filter(category="portal")
    assert set(msgs.values_list("recipient_id", flat=True)) == {enterprise_a_user.pk, colleague.pk}
    assert "测试服务商" in msgs.first().title
    assert not msgs.filter(recipient_id=enterprise_b_user.pk).exists()
    assert AuditRecord.objects.filter(action="portal.need_contact", target_id=str(need.pk)).exists()
    # an enterprise cannot pretend to be a provider; nor contact for an org it does not belong to
    assert_error(
        api(enterprise_b_user).post(
            f"/api/portal/needs/{need.pk}/contact", {"provider_id": provider_org.pk, "message": "x"}
        ),
        403,
        "permission_denied",
    )
    unpublished = make_need(title="草稿需求", publish=False)
    assert_error(
        api(provider_user).post(
            f"/api/portal/needs/{unpublished.pk}/contact", {"provider_id": provider_org.pk, "message": "x"}
        ),
        404,
        "not_found",
    )


def test_close_with_outcome_by_enterprise_or_contacting_provider(
    api, provider_user, provider_org, enterprise_a_user, enterprise_b_user, make_need
):
    need = make_need()
    other = make_need(title="第二个需求")
    # a provider that has not contacted the need may not close it; nor another enterprise
    assert_error(
        api(provider_user).post(f"/api/portal/needs/{need.pk}/close", {"outcome": "matched"}), 403, "permission_denied"
    )
    assert_error(
        api(enterprise_b_user).post(f"/api/portal/needs/{need.pk}/close", {"outcome": "matched"}),
        403,
        "permission_denied",
    )
    api(provider_user).post(f"/api/portal/needs/{need.pk}/contact", {"provider_id": provider_org.pk, "message": "联系"})
    assert_error(
        api(provider_user).post(f"/api/portal/needs/{need.pk}/close", {"outcome": "maybe"}),
        422,
        "portal.invalid_outcome",
    )
    res = api(provider_user).post(f"/api/portal/needs/{need.pk}/close", {"outcome": "matched", "note": "已签约"})
    assert res.status_code == 200, res.content
    assert res.json()["outcome"] == "matched"
    assert not SearchDocument.objects.filter(kind="need", object_id=need.pk).exists()
    assert_error(
        api(enterprise_a_user).post(f"/api/portal/needs/{need.pk}/close", {"outcome": "matched"}),
        409,
        "invalid_transition",
    )
    assert (
        api(enterprise_a_user).post(f"/api/portal/needs/{other.pk}/close", {"outcome": "cancelled"}).status_code == 200
    )
    assert NeedContact.objects.count() == 1


def test_statistics_by_outcome_and_scenario_in_scope(api, city_admin, county_b_officer, enterprise_a_user, make_need):
    from smedt.portal.services.supply_demand import need_close

    a = make_need(scenario_code="S05")
    b = make_need(scenario_code="S05", title="二")
    make_need(scenario_code="S09", title="三")
    make_need(scenario_code="S09", title="草稿", publish=False)
    need_close(actor=enterprise_a_user, need=a, outcome="matched")
    need_close(actor=enterprise_a_user, need=b, outcome="not_matched")
    res = api(city_admin).get("/api/portal/supply-demand/statistics")
    assert res.status_code == 200, res.content
    data = res.json()
    assert data["total"] == 3
    assert {r["outcome"]: r["count"] for r in data["by_outcome"]} == {"matched": 1, "not_matched": 1, "cancelled": 0}
    s05 = next(r for r in data["by_scenario"] if r["scenario_code"] == "S05")
    assert s05 == {
        "scenario_code": "S05",
        "scenario_name": "计划排程",
        "total": 2,
        "outcomes": {"matched": 1, "not_matched": 1},
    }
    assert api(city_admin).get("/api/portal/supply-demand/statistics", {"region_code": "410783"}).json()["total"] == 0
    assert api(city_admin).get("/api/portal/supply-demand/statistics", {"region_code": "410702"}).json()["total"] == 3
    assert_error(api(county_b_officer).get("/api/portal/supply-demand/statistics"), 403, "permission_denied")
    assert_error(api(enterprise_a_user).get("/api/portal/supply-demand/statistics"), 403, "permission_denied")


def test_offer_scope_other_provider_sees_none(api, make_offer, make_org, make_user, provider_user, county_b_officer):
    from smedt.orgs.models import OrgKind

    o = make_offer(publish=False)
    other_org = make_org("410783", kind=OrgKind.PROVIDER, name="另一服务商")
    other = make_user("other_provider", "provider_user", org=other_org)
    assert api(other).get("/api/portal/offers").json()["items"] == []
    assert_error(api(other).get(f"/api/portal/offers/{o.pk}"), 404, "not_found")
    assert_error(api(other).patch(f"/api/portal/offers/{o.pk}", {"title": "x"}), 404, "not_found")
    assert api(county_b_officer).get("/api/portal/offers").json()["items"] == []
    assert [r["id"] for r in api(provider_user).get("/api/portal/offers").json()["items"]] == [o.pk]
    res = api(provider_user).patch(f"/api/portal/offers/{o.pk}", {"sub_industries": ["shipbuilding"]})
    assert_error(res, 422, "portal.invalid_sub_industry")
    assert Offer.objects.get(pk=o.pk).sub_industries == []


def test_recall_from_review_back_to_draft(
    api, enterprise_a_user, enterprise_b_user, make_need, make_user, enterprise_a
):
    n = make_need(publish=False)
    api(enterprise_a_user).post(f"/api/portal/needs/{n.pk}/submit")
    assert_error(api(enterprise_b_user).post(f"/api/portal/needs/{n.pk}/recall"), 404, "not_found")
    colleague = make_user("colleague", "enterprise_user", org=enterprise_a)
    res = api(colleague).post(f"/api/portal/needs/{n.pk}/recall")
    assert res.status_code == 200, res.content
    assert res.json()["status"] == wf.DRAFT
    assert ReviewRequest.objects.get(object_id=str(n.pk), process_key="supply_demand_publication").status == "withdrawn"
    assert_error(api(enterprise_a_user).post(f"/api/portal/needs/{n.pk}/recall"), 409, "invalid_transition")
    # edit and submit again: a new review opens
    assert api(enterprise_a_user).patch(f"/api/portal/needs/{n.pk}", {"title": "改后"}).status_code == 200
    assert api(enterprise_a_user).post(f"/api/portal/needs/{n.pk}/submit").status_code == 200
    assert ReviewRequest.objects.filter(object_id=str(n.pk), status="pending").count() == 1

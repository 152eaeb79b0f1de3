"""服务商遴选 as a campaign of the application engine: a provider applies on the shipped template, experts score,
the city approves, 公示 with an objection, finalize → the provider pool (re-activated) with a notification;
scope, bad input and the provider-pool filter of the engine's lists."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from smedt.applications.models import Campaign, Submission
from smedt.applications.services.campaigns import campaign_create, campaign_open
from smedt.applications.services.templates import template_create, template_version_publish
from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import PDF_BYTES, assert_error, upload
from smedt.notify.models import Message
from smedt.orgs.models import OrgKind
from smedt.providers.models import PoolStatus, ProviderPoolMember
from smedt.providers.selection import CAMPAIGN_DEFAULTS, POOL_HANDLER, PROVIDER_KIND, provider_template
from smedt.providers.services import provider_in_pool

pytestmark = pytest.mark.django_db

ITEMS = [
    {"key": "ability", "name": "技术能力", "max_score": "60"},
    {"key": "cases", "name": "服务案例", "max_score": "40"},
]


@pytest.fixture
def selection(city_admin: Any) -> Any:
    doc = provider_template()
    version = template_create(actor=city_admin, name=doc["name"], schema=doc["form"])
    template_version_publish(actor=city_admin, version=version)
    now = timezone.now()
    c = campaign_create(
        actor=city_admin,
        values={
            **CAMPAIGN_DEFAULTS,
            "name": "2026年数字化服务商遴选",
            "template_version_id": version.pk,
            "opens_at": now - timedelta(hours=1),
            "closes_at": now + timedelta(days=10),
            "quota": 10,
            "score_items": ITEMS,
        },
    )
    return campaign_open(actor=city_admin, campaign=c)


def form(att: str, **kw: Any) -> dict[str, Any]:
    return {
        "provider_type": "integrator",
        "sub_industries": ["auto_parts"],
        "qualifications": "CMMI3",
        "staff_count": 80,
        "tech_staff_count": 50,
        "past_cases": [{"name": "某汽配 MES", "customer": "某公司", "year": "2024", "summary": ""}],
        "attachments": [att],
        **kw,
    }


def apply(client: Any, selection: Any, data: dict[str, Any]) -> Any:
    v = selection.template_version_id
    res = client.post(
        f"/api/applications/campaigns/{selection.pk}/submissions", {"template_version_id": v, "data": data}
    )
    assert res.status_code == 201, res.json()
    return res.json()["id"]


def test_provider_selection_end_to_end(
    api, selection, provider_org, provider_user, expert, city_admin, enterprise_a_user
):
    # a former member (exited) is re-activated by the selection
    ProviderPoolMember.objects.create(
        org=provider_org, region=provider_org.region, provider_type="consulting", status=PoolStatus.EXITED
    )
    assert not provider_in_pool(provider_org.pk)
    p = api(provider_user)
    [row] = p.get("/api/applications/campaigns/open").json()
    assert row["id"] == selection.pk and row["eligible_problem"] == ""
    att = upload(p, "资质.pdf", PDF_BYTES).json()["id"]
    sid = apply(p, selection, form(att))
    # the engine's 工作台 lists the draft under the kind's label (no provider copy of it)
    todos = p.get("/api/workspace/summary").json()["todos"]
    assert [t["link"] for t in todos if t["kind"] == "服务商遴选"] == [f"/applications/submissions/{sid}"]
    v = selection.template_version_id
    res = p.post(f"/api/applications/submissions/{sid}/submit", {"template_version_id": v, "data": form(att)})
    assert res.status_code == 200, res.json()
    review_id = res.json()["review_id"]

    # the city chain: the city cannot approve before the expert scores
    assert_error(
        api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}),
        409,
        "applications.scores_missing",
    )
    rows = api(expert).get("/api/applications/submissions", {"kind": PROVIDER_KIND}).json()["items"]
    assert api(expert).get("/api/applications/submissions", {"kind": "pilot"}).json()["items"] == []
    assert [r["id"] for r in rows] == [sid]
    res = api(expert).post(f"/api/applications/submissions/{sid}/scores", {"marks": {"ability": "52", "cases": "30.5"}})
    assert res.status_code == 201, res.json()
    assert res.json()["total"] == "82.50"
    assert api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}).status_code == 200
    assert Submission.objects.get(pk=sid).status == "publicity"

    # the public notice of provider selections shows the declared type and 细分行业 as labels
    notice = api().get("/api/applications/public/publicity", {"kind": PROVIDER_KIND}).json()["items"]
    assert [n["id"] for n in notice] == [sid] and notice[0]["kind"] == PROVIDER_KIND
    shown = {f["label"]: f["value"] for f in notice[0]["public_fields"]}
    assert shown["服务商类型"] != "integrator" and shown["服务细分行业"] == "汽车零部件"
    assert api().get("/api/applications/public/publicity", {"kind": "pilot"}).json()["items"] == []

    # an enterprise objects; the city dismisses it; after publicity the provider enters the pool
    res = api(enterprise_a_user).post(
        f"/api/applications/public/publicity/{sid}/objections", {"content": "该服务商案例不实，请核查"}
    )
    assert res.status_code == 201, res.json()
    [obj] = api(city_admin).get("/api/applications/objections", {"submission_id": sid}).json()["items"]
    assert_error(
        api(city_admin).post(f"/api/applications/submissions/{sid}/finalize"), 409, "applications.publicity_not_over"
    )
    res = api(city_admin).post(
        f"/api/applications/objections/{obj['id']}/handle", {"upheld": False, "resolution": "经核实案例属实"}
    )
    assert res.status_code == 200, res.json()
    Submission.objects.filter(pk=sid).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    res = api(city_admin).post(f"/api/applications/submissions/{sid}/finalize")
    assert res.status_code == 200 and res.json()["status"] == "approved"
    member = ProviderPoolMember.objects.get(org=provider_org)
    assert member.status == PoolStatus.ACTIVE and member.submission_id == sid
    assert member.provider_type == "integrator" and member.sub_industries == ["auto_parts"]
    assert provider_in_pool(provider_org.pk)
    assert Message.objects.filter(recipient=provider_user, title="贵单位已入选数字化服务商库").exists()
    assert AuditRecord.objects.filter(action="providers.pool_enter").exists()


def test_upheld_objection_revokes_and_keeps_the_provider_out(
    api, selection, provider_org, provider_user, expert, city_admin, outsider
):
    p = api(provider_user)
    att = upload(p, "资质.pdf", PDF_BYTES).json()["id"]
    sid = apply(p, selection, form(att))
    res = p.post(
        f"/api/applications/submissions/{sid}/submit",
        {"template_version_id": selection.template_version_id, "data": form(att)},
    )
    review_id = res.json()["review_id"]
    api(expert).post(f"/api/applications/submissions/{sid}/scores", {"marks": {"ability": "50", "cases": "30"}})
    api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"})
    api(outsider).post(f"/api/applications/public/publicity/{sid}/objections", {"content": "资质证书已过期失效"})
    [obj] = api(city_admin).get("/api/applications/objections", {"submission_id": sid}).json()["items"]
    res = api(city_admin).post(
        f"/api/applications/objections/{obj['id']}/handle", {"upheld": True, "resolution": "资质已过期"}
    )
    assert res.status_code == 200, res.json()
    assert Submission.objects.get(pk=sid).status == "rejected"
    assert not ProviderPoolMember.objects.filter(org=provider_org).exists()


def test_one_provider_cannot_see_or_change_anothers_submission(api, selection, provider_user, make_org, make_user):
    other_org = make_org("410702", kind=OrgKind.PROVIDER, name="另一服务商")
    other = make_user("provider_b", "provider_user", org=other_org)
    p = api(provider_user)
    att = upload(p, "资质.pdf", PDF_BYTES).json()["id"]
    sid = apply(p, selection, form(att))
    o = api(other)
    assert o.get(f"/api/applications/submissions/{sid}").status_code == 404
    assert_error(
        o.patch(
            f"/api/applications/submissions/{sid}", {"template_version_id": selection.template_version_id, "data": {}}
        ),
        404,
        "not_found",
    )
    assert_error(o.post(f"/api/applications/submissions/{sid}/withdraw"), 404, "not_found")
    assert o.get("/api/applications/submissions").json()["items"] == []
    # nor use its attachment
    res = o.post(
        f"/api/applications/campaigns/{selection.pk}/submissions",
        {"template_version_id": selection.template_version_id, "data": form(att)},
    )
    assert_error(res, 422, "applications.invalid_submission")


def test_bad_input_is_a_clear_4xx_and_writes_nothing(api, selection, provider_user, enterprise_a_user):
    p = api(provider_user)
    att = upload(p, "资质.pdf", PDF_BYTES).json()["id"]
    v = selection.template_version_id
    url = f"/api/applications/campaigns/{selection.pk}/submissions"
    # an enterprise may not apply to a provider selection
    assert api(enterprise_a_user).get("/api/applications/campaigns/open").json() == []
    res = api(enterprise_a_user).post(url, {"template_version_id": v, "data": {}})
    assert res.status_code in (404, 409) and res.status_code != 500
    # more technical staff than staff, an unknown type, a negative head count
    body = assert_error(
        p.post(url, {"template_version_id": v, "data": form(att, tech_staff_count=90)}),
        422,
        "applications.invalid_submission",
    )
    assert "技术人员不能多于员工人数" in body["details"]["fields"]["tech_staff_count"]
    body = assert_error(
        p.post(url, {"template_version_id": v, "data": form(att, provider_type="rocket")}),
        422,
        "applications.invalid_submission",
    )
    assert "provider_type" in body["details"]["fields"]
    for staff in (-1, 0):
        body = assert_error(
            p.post(url, {"template_version_id": v, "data": form(att, staff_count=staff)}),
            422,
            "applications.invalid_submission",
        )
        assert "员工人数" in body["details"]["fields"]["staff_count"]
    assert Submission.objects.count() == 0
    # submitting without attachments and staff: field errors in Chinese
    sid = apply(p, selection, {"provider_type": "integrator"})
    body = assert_error(
        p.post(
            f"/api/applications/submissions/{sid}/submit",
            {"template_version_id": v, "data": {"provider_type": "integrator"}},
        ),
        422,
        "applications.invalid_submission",
    )
    assert set(body["details"]["fields"]) >= {"sub_industries", "staff_count", "attachments"}
    assert Submission.objects.get(pk=sid).status == "draft"


def test_engine_lists_filter_to_provider_selections(api, selection, city_admin):
    assert selection.kind == PROVIDER_KIND and selection.result_handler == POOL_HANDLER
    rows = api(city_admin).get("/api/applications/campaigns", {"kind": PROVIDER_KIND}).json()["items"]
    assert [(r["id"], r["kind_label"]) for r in rows] == [(selection.pk, "服务商遴选")]
    assert api(city_admin).get("/api/applications/campaigns", {"kind": "pilot"}).json()["items"] == []
    handlers = {h["key"] for h in api(city_admin).get("/api/applications/result-handlers").json()}
    assert POOL_HANDLER in handlers
    # the kind carries the presets a new provider selection starts from in the city's form
    kinds = {k["key"]: k for k in api(city_admin).get("/api/applications/campaign-kinds").json()}
    preset = kinds[PROVIDER_KIND]
    assert (preset["label"], preset["result_handler"], preset["org_kinds"], preset["review_chain"]) == (
        "服务商遴选",
        POOL_HANDLER,
        ["provider"],
        "application_review_city",
    )
    assert preset["expert_scoring"] is True
    assert sum(Decimal(i["max_score"]) for i in preset["score_items"]) == Decimal("100")
    assert kinds["pilot"]["org_kinds"] == ["enterprise"] and kinds["pilot"]["expert_scoring"] is False


def test_the_campaign_narrows_the_service_sub_industries(api, selection, provider_user, city_admin):
    """The batch's 细分行业 scope is the engine's field_options override of the template's field."""
    now = timezone.now()
    res = api(city_admin).post(
        "/api/applications/campaigns",
        {
            "name": "2026年起重装备服务商遴选",
            "template_version_id": selection.template_version_id,
            "opens_at": (now - timedelta(hours=1)).isoformat(),
            "closes_at": (now + timedelta(days=10)).isoformat(),
            "quota": 5,
            "org_kinds": ["provider"],
            "review_chain": "application_review_city",
            "expert_scoring": True,
            "score_items": ITEMS,
            "kind": PROVIDER_KIND,
            "field_options": {"sub_industries": ["lifting_equipment"]},
        },
    )
    assert res.status_code == 201, res.json()
    created = res.json()
    # the kind's result handler is taken when none is given; the scope is the engine's option override
    assert (created["kind"], created["result_handler"]) == (PROVIDER_KIND, POOL_HANDLER)
    assert created["field_options"] == {"sub_industries": ["lifting_equipment"]}
    bad = api(city_admin).patch(
        f"/api/applications/campaigns/{created['id']}", {"field_options": {"sub_industries": ["no_such_industry"]}}
    )
    assert_error(bad, 422, "applications.invalid_field")
    assert api(city_admin).post(f"/api/applications/campaigns/{created['id']}/open").status_code == 200
    selection = Campaign.objects.get(pk=created["id"])
    p = api(provider_user)
    att = upload(p, "资质.pdf", PDF_BYTES).json()["id"]
    v = selection.template_version_id
    body = assert_error(
        p.post(
            f"/api/applications/campaigns/{selection.pk}/submissions", {"template_version_id": v, "data": form(att)}
        ),
        422,
        "applications.invalid_submission",
    )
    assert "sub_industries" in body["details"]["fields"]
    assert not Submission.objects.filter(campaign=selection).exists()
    sid = apply(p, selection, form(att, sub_industries=["lifting_equipment"]))
    assert Submission.objects.get(pk=sid).data["sub_industries"] == ["lifting_equipment"]


def test_city_returns_then_the_provider_revises_resubmits_and_withdraws(
    api, selection, provider_user, expert, city_admin
):
    p = api(provider_user)
    att = upload(p, "资质.pdf", PDF_BYTES).json()["id"]
    v = selection.template_version_id
    sid = apply(p, selection, form(att, past_cases=[]))
    review_id = p.post(
        f"/api/applications/submissions/{sid}/submit", {"template_version_id": v, "data": form(att, past_cases=[])}
    ).json()["review_id"]
    api(expert).post(f"/api/applications/submissions/{sid}/scores", {"marks": {"ability": "40", "cases": "20"}})
    assert api(city_admin).post(f"/api/reviews/{review_id}/return", {"opinion": "案例不足"}).status_code == 200
    assert Submission.objects.get(pk=sid).status == "returned"
    res = p.post(f"/api/applications/submissions/{sid}/submit", {"template_version_id": v, "data": form(att)})
    assert res.status_code == 200 and res.json()["status"] == "reviewing", res.json()
    assert Submission.objects.get(pk=sid).data["past_cases"][0]["name"] == "某汽配 MES"
    res = p.post(f"/api/applications/submissions/{sid}/withdraw")
    assert res.status_code == 200 and res.json()["status"] == "withdrawn"

"""创新型 / 专精特新 applications as campaigns of the application engine: the criteria's own form, live
comparison with the back end, scoring by the cultivation evaluation, county → expert → city → 公示 →
the recognition recorded in the library. Scope and bad input."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from smedt.applications.models import Submission
from smedt.core.tests.helpers import PDF_BYTES, assert_error, upload
from smedt.cultivation.models import LibraryEntry, Recognition, TierStanding
from smedt.cultivation.tests.factories import answers, make_recognition
from smedt.enterprises.models import EnterpriseProfile, EnterpriseYearFigure

pytestmark = pytest.mark.django_db

ITEMS = [{"key": "zhuan", "name": "专业化与创新能力", "max_score": "100"}]


def _figures(org: Any, year: int, revenue: str, rd: str) -> None:
    profile, _ = EnterpriseProfile.objects.get_or_create(org=org)
    EnterpriseYearFigure.objects.update_or_create(
        profile=profile,
        year=year,
        defaults={"operating_revenue": Decimal(revenue), "rd_expense": Decimal(rd), "total_assets": Decimal("4000")},
    )


@pytest.fixture
def template(api: Any, city_admin: Any, reference: Any) -> dict[str, Any]:
    res = api(city_admin).post(
        "/api/cultivation/application-templates", {"criteria_version": "v2026", "tier": "specialized"}
    )
    assert res.status_code == 201, res.json()
    return dict(res.json())


@pytest.fixture
def campaign(api: Any, city_admin: Any, template: dict[str, Any]) -> dict[str, Any]:
    now = timezone.now()
    city = api(city_admin)
    res = city.post(
        "/api/applications/campaigns",
        {
            "name": "2026年度专精特新中小企业认定",
            "template_version_id": template["version_id"],
            "opens_at": (now - timedelta(hours=1)).isoformat(),
            "closes_at": (now + timedelta(days=20)).isoformat(),
            "quota": 10,
            "org_kinds": ["enterprise"],
            "result_handler": "cultivation.recognition",
            "expert_scoring": True,
            "score_items": ITEMS,
            "publicity_days": 5,
        },
    )
    assert res.status_code == 201, res.json()
    assert city.post(f"/api/applications/campaigns/{res.json()['id']}/open").status_code == 200
    return dict(res.json())


def form(client: Any, **changes: Any) -> dict[str, Any]:
    a = answers(
        revenue_y1="3000.00",
        revenue_y2="2700.00",
        main_revenue_y1="2900.00",
        rd_expense_y1="120.00",
        rd_expense_y2="100.00",
        dev_score="55",
    )
    data: dict[str, Any] = {"contact": "李经理 13800000000"}
    for k in (
        "revenue_y1",
        "revenue_y2",
        "main_revenue_y1",
        "total_assets_y1",
        "total_liabilities_y1",
        "equity_financing_2y",
        "segment_years",
        "rd_expense_y1",
        "rd_expense_y2",
        "ip_class1_applied",
        "dev_score",
    ):
        data[k] = str(a[k])
    data |= {"market_leading": "yes", "holds_innovative": "yes", "rd_institution_level": "2"}
    data |= {"sci_award_province_top3_3y": "no", "sci_award_national_top3_3y": "no", "tech_sme_valid": "no"}
    pdf = upload(client, "审计报告.pdf", PDF_BYTES).json()["id"]
    data |= {"ev_finance": [pdf], "ev_ip": [pdf], "ev_qualification": [pdf]}
    data.update(changes)
    return data


def test_the_form_is_the_criteria_own_and_publishing_is_idempotent(
    api: Any, city_admin: Any, template: dict[str, Any]
) -> None:
    again = api(city_admin).post(
        "/api/cultivation/application-templates", {"criteria_version": "v2026", "tier": "specialized"}
    )
    assert again.json()["version_id"] == template["version_id"]
    from smedt.applications.models import TemplateVersion

    schema = TemplateVersion.objects.get(pk=template["version_id"]).schema
    fields = {f["key"]: f for s in schema["sections"] for f in s["fields"]}
    assert fields["revenue_y1"]["fact"] == "tierfacts.revenue_y1" and fields["revenue_y1"]["decimals"] == 2
    assert {"segment_years", "main_revenue_y1", "total_liabilities_y1", "dev_score", "ev_finance"} <= set(fields)
    assert schema["scoring"] == {"key": "cultivation.criteria", "options": {"criteria": "v2026", "tier": "specialized"}}
    assert {"field": "revenue_y1", "source": "tierself.revenue_y1", "tolerance_pct": "0"} in schema["checks"]


def test_bad_template_requests(api: Any, city_admin: Any, county_a_officer: Any, reference: Any) -> None:
    assert_error(
        api(city_admin).post("/api/cultivation/application-templates", {"criteria_version": "v2026", "tier": "giant"}),
        422,
        "cultivation.invalid_answers",
    )
    assert_error(
        api(city_admin).post(
            "/api/cultivation/application-templates", {"criteria_version": "v1999", "tier": "innovative"}
        ),
        404,
        "cultivation.criteria_not_found",
    )
    res = api(county_a_officer).post(
        "/api/cultivation/application-templates", {"criteria_version": "v2026", "tier": "innovative"}
    )
    assert res.status_code == 403


def test_apply_review_publicity_and_the_library(
    api: Any,
    campaign: dict[str, Any],
    enterprise_a: Any,
    enterprise_a_user: Any,
    county_a_officer: Any,
    county_b_officer: Any,
    city_admin: Any,
    expert: Any,
) -> None:
    year = timezone.localdate().year
    _figures(enterprise_a, year - 1, "3000.00", "120.00")
    _figures(enterprise_a, year - 2, "2700.00", "100.00")
    make_recognition(enterprise_a, "innovative", on=timezone.localdate() - timedelta(days=400), no="创新型〔2025〕0100")
    ent = api(enterprise_a_user)
    cid, vid = campaign["id"], campaign["template_version_id"]

    # the form is pre-filled from 一企一档 with provenance
    prefill = ent.get(f"/api/applications/campaigns/{cid}/prefill").json()
    assert prefill["values"]["revenue_y1"] == "3000.00"
    assert str(year - 1) in prefill["provenance"]["revenue_y1"]["source_label"]

    # a figure contradicting the fact base is flagged live, and the criteria are scored by the evaluation
    data = form(ent, revenue_y1="3600.00")
    live = ent.post(f"/api/applications/campaigns/{cid}/validate", {"template_version_id": vid, "data": data})
    assert live.status_code == 200, live.json()
    body = live.json()
    [mismatch] = [f for f in body["findings"] if f["kind"] == "fact_mismatch"]
    assert mismatch["field"] == "revenue_y1" and mismatch["backend"] == "3000.00" and "20.00%" in mismatch["message"]
    rows = {r["key"]: r for r in body["indicators"]}
    assert rows["c_N1"]["passed"] is True and rows["c_N2"]["passed"] is True
    assert rows["c_N8"]["passed"] is True and "专精特新发展评价得分 55" in rows["c_N8"]["explanation"]
    assert not [f["message"] for f in body["findings"] if f["kind"] == "criteria_not_met"]

    # missing data stays missing (never 0): without the debt figures N4 cannot be judged
    live = ent.post(
        f"/api/applications/campaigns/{cid}/validate",
        {"template_version_id": vid, "data": form(ent, total_liabilities_y1="")},
    ).json()
    n4 = next(r for r in live["indicators"] if r["key"] == "c_N4")
    assert n4["passed"] is None and n4["value"] == "缺少数据"
    assert any(f["kind"] == "criteria_not_met" and "N4 缺少数据" in f["message"] for f in live["findings"])

    # a claimed title the library does not show is flagged
    live = ent.post(
        f"/api/applications/campaigns/{cid}/validate",
        {"template_version_id": vid, "data": form(ent, holds_specialized="yes")},
    ).json()
    [claim] = [f for f in live["findings"] if f["field"] == "holds_specialized"]
    assert claim["source"] == "tierfacts" and "培育库中没有" in claim["message"]

    # submit; the reviewers see the finding beside the value
    sid = ent.post(f"/api/applications/campaigns/{cid}/submissions", {"template_version_id": vid, "data": data}).json()[
        "id"
    ]
    res = ent.post(f"/api/applications/submissions/{sid}/submit", {"template_version_id": vid, "data": data})
    assert res.status_code == 200, res.json()
    review_id = res.json()["review_id"]
    assert api(county_b_officer).get(f"/api/applications/submissions/{sid}").status_code == 404
    assert api(county_b_officer).get("/api/applications/submissions").json()["items"] == []
    detail = api(county_a_officer).get(f"/api/applications/submissions/{sid}").json()
    assert [f["field"] for f in detail["findings"] if f["kind"] == "fact_mismatch"] == ["revenue_y1"]
    assert api(county_a_officer).post(f"/api/reviews/{review_id}/approve", {"opinion": "县区核实"}).status_code == 200
    assert_error(
        api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}),
        409,
        "applications.scores_missing",
    )
    assert (
        api(expert).post(f"/api/applications/submissions/{sid}/scores", {"marks": {"zhuan": "82"}}).status_code == 201
    )
    assert api(city_admin).post(f"/api/reviews/{review_id}/approve", {"opinion": "同意"}).status_code == 200

    # 公示 over → the recognition is in the library with a certificate and validity
    Submission.objects.filter(pk=sid).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))
    res = api(city_admin).post(f"/api/applications/submissions/{sid}/finalize")
    assert res.status_code == 200, res.json()
    rec = Recognition.objects.get(org=enterprise_a, tier="specialized")
    assert rec.certificate_no == f"专精特新〔{year}〕0001" and rec.source == "application"
    assert rec.valid_until.year == year + 3
    entry = LibraryEntry.objects.get(org=enterprise_a)
    assert entry.tier == "specialized" and entry.certificate_no == rec.certificate_no
    from smedt.notify.models import Message

    assert Message.objects.filter(recipient=enterprise_a_user, title__contains="专精特新").exists()

    # the next application compares with this one (prior applications, year-aligned)
    from smedt.cultivation.campaigns import _prior_facts

    prior = _prior_facts(enterprise_a.pk, {"revenue_y1", "rd_expense_y2"})
    assert prior["revenue_y1"].value == "3600" and "2026年度专精特新" in prior["revenue_y1"].source_label


def test_self_assessment_figures_are_compared(
    api: Any, campaign: dict[str, Any], enterprise_a: Any, enterprise_a_user: Any, reference: Any
) -> None:
    ent = api(enterprise_a_user)
    res = ent.post("/api/cultivation/self-assessments", {"answers": answers(segment_years=7)})
    assert res.status_code == 201, res.json()
    assert TierStanding.objects.filter(org=enterprise_a).exists()
    live = ent.post(
        f"/api/applications/campaigns/{campaign['id']}/validate",
        {"template_version_id": campaign["template_version_id"], "data": form(ent, segment_years="9")},
    ).json()
    [f] = [f for f in live["findings"] if f["field"] == "segment_years"]
    assert f["source"] == "tierself.segment_years" and f["backend"] == "7"


def test_bad_figures_are_field_errors(api: Any, campaign: dict[str, Any], enterprise_a_user: Any) -> None:
    ent = api(enterprise_a_user)
    url = f"/api/applications/campaigns/{campaign['id']}/submissions"
    vid = campaign["template_version_id"]
    body = assert_error(
        ent.post(url, {"template_version_id": vid, "data": form(ent, revenue_y1="12.345")}),
        422,
        "applications.invalid_submission",
    )
    assert "revenue_y1" in body["details"]["fields"]
    body = assert_error(
        ent.post(url, {"template_version_id": vid, "data": form(ent, main_revenue_y1="9999.00")}),
        422,
        "applications.invalid_submission",
    )
    assert "不能大于" in body["details"]["fields"]["main_revenue_y1"]
    assert Submission.objects.count() == 0

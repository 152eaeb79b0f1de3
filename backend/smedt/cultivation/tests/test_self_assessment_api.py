"""Self-assessment through the API: pre-filled from the platform, all three tiers, history, PDF, scope, refresh."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from smedt.core.testing import run_queued_tasks
from smedt.cultivation.models import SelfAssessment, TierStanding, Trigger
from smedt.cultivation.services.criteria import criteria_for
from smedt.cultivation.tests.factories import answers, make_recognition

pytestmark = pytest.mark.django_db
URL = "/api/cultivation/self-assessments"


def _figures(actor: Any, org: Any, year: int, **values: Any) -> None:
    from smedt.enterprises.services.profile import figure_upsert

    figure_upsert(actor=actor, org=org, year=year, values=values)


def test_regime_is_picked_by_date(reference: None) -> None:
    assert criteria_for(date(2026, 3, 31)).version == "v2022"
    assert criteria_for(date(2026, 4, 1)).version == "v2026"
    assert criteria_for(date(2023, 1, 1)).version == "v2022"


def test_form_is_prefilled_from_the_fact_base_assessment_and_library(
    api: Any, enterprise_a: Any, enterprise_a_user: Any, county_a_officer: Any
) -> None:
    y1 = timezone.localdate().year - 1
    _figures(
        county_a_officer,
        enterprise_a,
        y1,
        operating_revenue="3000",
        rd_expense="120",
        employees=80,
        rd_staff=12,
        invention_patents=2,
        utility_patents=3,
        design_patents=0,
        software_copyrights=1,
    )
    _figures(county_a_officer, enterprise_a, y1 - 1, operating_revenue="2600", rd_expense="100")
    from smedt.assessment.services.indicator_sets import indicator_sets_load
    from smedt.assessment.tests.factories import full_document, make_submitted

    iset = indicator_sets_load()[0].indicator_set
    make_submitted(org=enterprise_a, indicator_set=iset, doc=full_document(iset, best=True), user=enterprise_a_user)
    make_recognition(enterprise_a, "innovative", on=date(2025, 5, 1))
    res = api(enterprise_a_user).get(f"{URL}/form")
    assert res.status_code == 200, res.content
    pre = res.json()["prefill"]
    assert pre["revenue_y1"] == {
        "value": "3000.00",
        "source": "fact_base",
        "source_label": "企业档案",
        "note": f"{y1} 年度",
    }
    assert pre["revenue_y2"]["value"] == "2600.00"
    assert "revenue_y3" not in pre  # no figure: missing, never 0
    assert pre["ip_class1"]["value"] == 2 and pre["ip_class2"]["value"] == 4
    assert pre["digital_level"]["source"] == "assessment" and pre["digital_level"]["value"] == 4
    assert pre["holds_innovative"] == {
        "value": True,
        "source": "library",
        "source_label": "培育库",
        "note": f"证书 CERT-{enterprise_a.pk}-innovative",
    }
    names = {i["name"] for i in res.json()["inputs"]}
    assert {"rd_expense_y1", "dev_score", "quality_items"} <= names


def test_self_assess_all_three_tiers_with_gap_history_and_pdf(
    api: Any, enterprise_a: Any, enterprise_a_user: Any
) -> None:
    client = api(enterprise_a_user)
    res = client.post(URL, {"answers": answers()})
    assert res.status_code == 201, res.content
    body = res.json()
    tiers = {t["tier"]: t for t in body["result"]["tiers"]}
    assert set(tiers) == {"innovative", "specialized", "little_giant"}
    assert body["criteria_version"] == criteria_for(timezone.localdate()).version
    assert tiers["innovative"]["status"] == "pass"
    assert tiers["specialized"]["status"] == "fail"
    assert tiers["specialized"]["gap"]["passes_after"] is True
    assert tiers["specialized"]["gap"]["summary"].endswith("→ 通过")
    assert body["answers"][0]["source"] == "self"
    # the standings the pipeline reads
    st = TierStanding.objects.get(org=enterprise_a, tier="specialized")
    assert st.is_next and st.status == "fail" and st.points_gap is not None and st.points_gap > 0
    # history keeps each run with its criteria version
    client.post(URL, {"answers": answers(rd_expense_y1="300.00")})
    hist = client.get(URL).json()
    assert hist["total"] == 2 and hist["items"][0]["criteria_version"] == body["criteria_version"]
    pdf = client.get(f"{URL}/{body['id']}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    for expected in ("优质中小企业梯度培育自评报告", "红旗测试企业", "专精特新中小企业", "差距", "填报数据及来源"):
        assert expected in text, expected
    assert "\ufffd" not in text
    fonts = set()
    for page in reader.pages:
        for ref in (page["/Resources"].get_object().get("/Font") or {}).values():
            fonts.add(str(ref.get_object().get("/BaseFont")))
    assert any("CJK" in name for name in fonts), fonts  # the CJK font is embedded


def test_bad_answers_are_a_422_with_fields(api: Any, enterprise_a_user: Any) -> None:
    res = api(enterprise_a_user).post(URL, {"answers": answers(rd_expense_y1="abc", employees_y1=-1)})
    assert res.status_code == 422
    assert set(res.json()["details"]["fields"]) == {"rd_expense_y1", "employees_y1"}
    res = api(enterprise_a_user).post(URL, {"answers": {"no_such": 1}})
    assert res.status_code == 422
    assert SelfAssessment.objects.count() == 0


def test_scope_enterprise_and_counties(
    api: Any,
    enterprise_a: Any,
    enterprise_a_user: Any,
    enterprise_b_user: Any,
    county_a_officer: Any,
    county_b_officer: Any,
) -> None:
    sa_id = api(enterprise_a_user).post(URL, {"answers": answers()}).json()["id"]
    assert api(enterprise_b_user).get(f"{URL}/{sa_id}").status_code == 404
    assert api(enterprise_b_user).get(URL).json()["total"] == 0
    assert api(county_b_officer).get(f"{URL}/{sa_id}").status_code == 404
    assert api(county_b_officer).get(URL).json()["total"] == 0
    assert api(county_a_officer).get(f"{URL}/{sa_id}").status_code == 200
    assert api(enterprise_b_user).post(URL, {"org_id": enterprise_a.pk, "answers": answers()}).status_code == 404
    assert api(county_a_officer).post(URL, {"org_id": enterprise_a.pk, "answers": answers()}).status_code == 403
    assert api(enterprise_b_user).get(f"/api/cultivation/planner/{enterprise_a.pk}").status_code == 404


def test_recomputed_when_facts_change(
    api: Any, enterprise_a: Any, enterprise_a_user: Any, county_a_officer: Any
) -> None:
    y1 = timezone.localdate().year - 1
    _figures(county_a_officer, enterprise_a, y1, operating_revenue="3000", rd_expense="100")
    data = answers()
    for k in ("revenue_y1", "rd_expense_y1"):
        data.pop(k)  # taken from the fact base
    first = api(enterprise_a_user).post(URL, {"answers": data}).json()
    assert {a["name"]: a["source"] for a in first["answers"]}["rd_expense_y1"] == "fact_base"
    run_queued_tasks()
    with transaction.atomic():
        _figures(county_a_officer, enterprise_a, y1, rd_expense="400")
    run_queued_tasks()
    latest = SelfAssessment.objects.filter(org=enterprise_a).order_by("-id").first()
    assert latest is not None and latest.pk != first["id"] and latest.trigger == Trigger.FACTS_CHANGED
    assert latest.answers["rd_expense_y1"] == {"value": "400.00", "source": "fact_base", "note": f"{y1} 年度"}
    assert latest.answers["segment_years"]["source"] == "self"  # the enterprise's own answers stay
    # idempotent: nothing changed, nothing new
    from smedt.cultivation.services.self_assessment import self_assessment_refresh

    assert self_assessment_refresh(org_id=enterprise_a.pk) is None

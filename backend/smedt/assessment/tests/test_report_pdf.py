"""The PDF report: a real PDF whose text layer holds the Chinese strings (CJK font embedded, no tofu)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from smedt.assessment.charts import bar_svg, radar_svg
from smedt.assessment.tests.factories import level_document, make_submitted
from smedt.core import pdf
from smedt.core.tests.helpers import assert_error
from smedt.core.tests.test_pdf_fonts import assert_chinese

pytestmark = pytest.mark.django_db


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font") or {}
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont")))
    return names


def test_report_pdf_has_the_chinese_text_and_charts(api, enterprise_a_user, org_a, indicator_set, totals):
    a = make_submitted(
        org=org_a, indicator_set=indicator_set, doc=level_document(indicator_set, totals, 2), user=enterprise_a_user
    )
    res = api(enterprise_a_user).get(f"/api/assessment/assessments/{a.pk}/report.pdf")
    assert res.status_code == 200, res.content[:300]
    assert res["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in res["Content-Disposition"]
    assert res.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(res.content))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    for expected in (
        "中小企业数字化水平评测报告",
        "红旗测试企业",
        "二级",
        "数字化基础",
        "数字化管理",
        "数字化成效",
        "中小企业数字化水平评测指标（2024年版）（制造业）",
        "2024.1",
        "距三级",
        "业务场景等级分布",
        "其中约束性场景",  # legend inside the SVG bar chart
    ):
        assert expected in text, expected
    assert "\ufffd" not in text and "□" not in text
    assert any("CJK" in name for name in _fonts(reader)), _fonts(reader)


def test_report_is_404_for_a_draft(api, enterprise_a_user, org_a, indicator_set):
    a = api(enterprise_a_user).post("/api/assessment/assessments", {}).json()
    assert_error(
        api(enterprise_a_user).get(f"/api/assessment/assessments/{a['id']}/report.pdf"),
        404,
        "assessment.result_not_ready",
    )


def test_charts_are_svg_with_escaped_labels():
    from decimal import Decimal

    radar = radar_svg(
        [
            ("数字化基础", Decimal(25), Decimal(50)),
            ("<管理>", Decimal(30), Decimal(30)),
            ("成效", Decimal(0), Decimal(20)),
        ]
    )
    assert radar.startswith("<svg") and "&lt;管理&gt;" in radar and "25/50" in radar
    bars = bar_svg([("一级", 4, 2), ("二级", 0, 0)])
    assert bars.count("<rect") == 6 and ">4<" in bars


def test_onsite_report_embeds_the_cjk_font(api, county_a_officer, org_a, indicator_set, totals):
    from smedt.assessment.report import report_pdf
    from smedt.assessment.tests.factories import level_document, make_submitted

    r = make_submitted(
        org=org_a,
        indicator_set=indicator_set,
        doc=level_document(indicator_set, totals, 2),
        user=county_a_officer,
        onsite=True,
    )
    assert_chinese("on-site report", report_pdf(r), ("现场评定", "红旗测试企业", "二级"))


def test_without_a_chinese_font_no_pdf_is_issued_and_the_check_warns(
    api, enterprise_a_user, org_a, indicator_set, totals, monkeypatch
):
    from smedt.assessment.tests.factories import level_document, make_submitted

    a = make_submitted(
        org=org_a, indicator_set=indicator_set, doc=level_document(indicator_set, totals, 2), user=enterprise_a_user
    )
    monkeypatch.setattr(pdf, "cjk_fonts", lambda: ())
    res = api(enterprise_a_user).get(f"/api/assessment/assessments/{a.pk}/report.pdf")
    body = assert_error(res, 503, "pdf_font_missing")
    assert "中文字体" in body["message"] and "fonts-noto-cjk" in body["message"]
    assert [m.id for m in pdf.cjk_font_check()] == ["smedt.W001"]

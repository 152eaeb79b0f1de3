"""The stored template schema and the automatic pre-review, without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smedt.applications import prereview
from smedt.applications.prereview import Fact
from smedt.applications.schema import template_schema_clean
from smedt.applications.tests.forms import award_form
from smedt.applications.validation import FileInfo
from smedt.core.errors import ValidationFailed

FACTS = {"enterprise.operating_revenue": {"label": "营业收入", "kind": "amount", "unit": "万元"}}
PDF = FileInfo(id="f1", name="证书.pdf", ext="pdf")
EXE = FileInfo(id="f2", name="证书.exe.docx", ext="docx")


def schema():
    return template_schema_clean(award_form(), facts=FACTS)


def run(data, facts=None, files=None, partial=False):
    return prereview.run(
        schema(),
        data,
        facts=facts or {"enterprise.operating_revenue": Fact("1000.00", "一企一档·营业收入", "政府导入", year=2025)},
        files=files or {"f1": PDF, "f2": EXE},
        partial=partial,
    )


def test_client_shape_is_rebuilt_and_unknown_keys_are_dropped():
    raw = award_form()
    raw["sections"][0]["fields"][0]["onclick"] = "alert(1)"
    clean = template_schema_clean(raw, facts=FACTS)
    assert "onclick" not in clean["sections"][0]["fields"][0]
    assert clean["indicators"][0]["max_points"] == "10"


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda f: f["sections"][0]["fields"][1].update(fact="enterprise.nope"), "sections[0].fields[1].fact"),
        (lambda f: f["sections"][0]["fields"][2].update(key="Revenue!"), "sections[0].fields[2].key"),
        (lambda f: f["indicators"][0].update(expr="rd / nothing"), "indicators[0].expr"),
        (lambda f: f["indicators"][0]["bands"].append({"min": 4, "max": 6, "points": 1}), "indicators[0].bands"),
        (lambda f: f["indicators"][1]["evidence"].update(field="contact"), "indicators[1].evidence"),
        (lambda f: f["sections"][0]["fields"][3].update(expr="later + 1"), "fields.rd_ratio.expr"),
    ],
)
def test_bad_templates_name_every_problem_in_chinese(mutate, path):
    raw = award_form()
    mutate(raw)
    with pytest.raises(ValidationFailed) as info:
        template_schema_clean(raw, facts=FACTS)
    assert path in info.value.details["fields"], info.value.details


def test_a_complete_submission_scores_with_explanations():
    r = run({"contact": "张三", "revenue": "1000", "rd": "42.5", "patents": [{"title": "一种装置", "cert": ["f1"]}]})
    assert r.outcome.errors == {}
    assert r.outcome.computed["rd_ratio"] == "4.25"
    by_key = {i["key"]: i for i in r.indicators}
    assert by_key["rd_intensity"]["points"] == "6.00"
    assert "4.25%" in by_key["rd_intensity"]["explanation"] and "得 6 分" in by_key["rd_intensity"]["explanation"]
    assert by_key["ip"]["passed"] is True and by_key["ip"]["points"] == "5.00"
    assert r.score == Decimal("11.00") and r.findings == []


def test_typed_revenue_differing_from_the_fact_base_is_a_finding():
    r = run({"contact": "张三", "revenue": "1200", "rd": "10"}, partial=True)
    [finding] = [f for f in r.findings if f["kind"] == "fact_mismatch"]
    assert finding["field"] == "revenue" and finding["backend"] == "1000.00"
    assert "20.00%" in finding["message"] and "政府导入" in finding["message"]


def test_division_by_zero_in_a_formula_is_a_field_error():
    r = run({"contact": "张三", "revenue": "0", "rd": "0"})
    assert "除数为零" in r.outcome.errors["rd_ratio"]


def test_missing_or_wrong_type_evidence_scores_nothing_and_is_a_finding():
    r = run({"contact": "张三", "revenue": "1000", "rd": "10", "patents": [{"title": "一种装置", "cert": []}]})
    ip = next(i for i in r.indicators if i["key"] == "ip")
    assert ip["points"] == "0.00" and not ip["evidence_ok"] and "第 1 行缺少专利证书" in ip["evidence_message"]
    assert any(f["kind"] == "missing_evidence" for f in r.findings)
    wrong = run({"contact": "张三", "revenue": "1000", "rd": "10", "patents": [{"title": "x", "cert": ["f2"]}]})
    assert "只接受" in wrong.outcome.errors["patents[0].cert"]


def test_field_errors_are_chinese_and_field_level():
    r = run({"contact": "张" * 30, "revenue": "abc", "rd": "5.123", "unknown": 1})
    assert r.outcome.errors["contact"].startswith("“联系人”不能超过")
    assert r.outcome.errors["revenue"] == "“上年度营业收入”应为数字"
    assert "unknown" in r.outcome.errors
    required = run({})
    assert required.outcome.errors["contact"] == "请填写“联系人”"


def test_cross_field_rule():
    r = run({"contact": "张三", "revenue": "10", "rd": "20"})
    assert r.outcome.errors["rd"] == "研发投入不能超过营业收入"


bands = [
    {"min": None, "max": "3", "points": "0"},
    {"min": "3", "max": "5", "points": "6"},
    {"min": "5", "max": None, "points": "10"},
]


@given(st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False))
def test_bands_partition_the_line(value):
    points, band = prereview.band_points(value, bands)
    expected = Decimal(0) if value < 3 else Decimal(6) if value < 5 else Decimal(10)
    assert points == expected and band is not None


@given(
    st.decimals(min_value=1, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)
def test_indicator_value_is_the_exact_ratio(revenue, rd):
    data = {"contact": "a", "revenue": str(revenue), "rd": str(rd)}
    r = run(data, partial=True)
    ratio = rd / revenue * 100
    intensity = next(i for i in r.indicators if i["key"] == "rd_intensity")
    assert Decimal(intensity["value"]) == ratio.quantize(Decimal("0.0001")).normalize()
    assert Decimal(intensity["points"]) == prereview.band_points(ratio, bands)[0]


def test_overrides_replace_points_in_the_total():
    r = run({"contact": "张三", "revenue": "1000", "rd": "42.5", "patents": [{"title": "x", "cert": ["f1"]}]})
    assert prereview.total_points(r.indicators, {"ip": "2"}) == Decimal("8.00")

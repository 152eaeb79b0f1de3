"""Registered scorers: a template names one in its `scoring` block and the engine adds its indicators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from smedt.applications import prereview
from smedt.applications.prereview import Fact
from smedt.applications.schema import template_schema_clean
from smedt.applications.scoring import Scored, Scorer, register_scorer
from smedt.applications.tests.forms import award_form
from smedt.applications.validation import FileInfo, Outcome
from smedt.core.errors import ValidationFailed

FACTS = {"enterprise.operating_revenue": {"label": "营业收入", "kind": "amount", "unit": "万元"}}


def _options(raw: Mapping[str, Any]) -> dict[str, Any]:
    if raw.get("bonus") not in ("1", "2"):
        raise ValueError("加分档次应为 1 或 2")
    return {"bonus": raw["bonus"]}


def _score(schema: Mapping[str, Any], outcome: Outcome, facts: Mapping[str, Any], files: Any) -> Scored:
    bonus = schema["scoring"]["options"]["bonus"]
    row = {
        "key": "ext_bonus",
        "name": "外部加分",
        "value": outcome.data.get("revenue"),
        "unit": "",
        "rule": "由评分方法计算",
        "inputs": [],
        "points": f"{bonus}.00",
        "max_points": "2",
        "passed": None,
        "evidence_ok": bonus == "1",
        "evidence_message": "" if bonus == "1" else "缺少外部证明",
        "explanation": "测试",
    }
    finding = {"kind": "external", "field": "revenue", "label": "营业收入", "entered": "", "backend": ""}
    return Scored([row], [{**finding, "source": "", "source_label": "", "message": "外部结论"}])


register_scorer(Scorer(key="test.bonus", label="测试评分", clean_options=_options, score=_score))


def _data() -> dict[str, Any]:
    return {"contact": "张三", "revenue": "1000", "rd": "50", "patents": [], "plan": []}


def test_a_template_naming_a_scorer_gets_its_indicators_and_findings() -> None:
    schema = template_schema_clean(
        {**award_form(), "scoring": {"key": "test.bonus", "options": {"bonus": "2"}}}, facts=FACTS
    )
    assert schema["scoring"] == {"key": "test.bonus", "options": {"bonus": "2"}}
    review = prereview.run(
        schema,
        _data(),
        facts={"enterprise.operating_revenue": Fact("1000", "营业收入")},
        files={"f": FileInfo("f", "a.pdf", "pdf")},
        partial=True,
    )
    row = next(r for r in review.indicators if r["key"] == "ext_bonus")
    assert row["points"] == "2.00"
    kinds = [f["kind"] for f in review.findings]
    assert "external" in kinds
    assert any(f["kind"] == "missing_evidence" and f["field"] == "ext_bonus" for f in review.findings)


def test_a_template_without_scoring_stays_as_it_was() -> None:
    assert "scoring" not in template_schema_clean(award_form(), facts=FACTS)


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ({"key": "nope"}, "评分方法“nope”不存在"),
        ({"key": "test.bonus", "options": {"bonus": "9"}}, "加分档次应为 1 或 2"),
        ("x", "评分方法格式不正确"),
    ],
)
def test_unknown_scorers_and_bad_options_are_template_errors(block: Any, message: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        template_schema_clean({**award_form(), "scoring": block}, facts=FACTS)
    assert info.value.details["fields"]["scoring"] == message

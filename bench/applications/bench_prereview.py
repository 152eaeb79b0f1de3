"""Automatic pre-review (自动预评审) of 1,000 submissions of a 60-field template.

    cd backend && uv run --frozen python ../bench/applications/bench_prereview.py [--submissions 1000] [--json]

What it does: builds a 60-field template through the same schema check the designer's payload goes
through (30 amounts/numbers, 8 percentages, 8 texts, 4 dictionary selects, 4 dates, 3 formulas, 2 tables
of 5 rows with a certificate column, 1 file field; 10 indicators — banded and pass/fail, three needing
evidence — 2 cross-field validations and 3 back-end comparisons), generates random submissions (valid
values, about a third of the fact-bound numbers off the fact base so findings are produced), then runs
``prereview.run`` (validation, formulas, indicators, evidence, findings, Decimal arithmetic) over all of
them and prints submissions per second. Pure: no database; the back-end facts and attachment metadata a
request would fetch with one query each are given in memory, so this measures the engine itself.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

BACKEND = Path(__file__).resolve().parents[2] / "backend"
sys.path.insert(0, str(BACKEND))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

from smedt.applications import prereview  # noqa: E402
from smedt.applications.prereview import Fact  # noqa: E402
from smedt.applications.schema import schema_fields, template_schema_clean  # noqa: E402
from smedt.applications.validation import FileInfo  # noqa: E402

FACTS = {f"enterprise.n{i}": {"label": f"档案数{i}", "kind": "amount", "unit": "万元"} for i in range(13)}


def template() -> dict[str, Any]:
    fields: list[dict[str, Any]] = []
    for i in range(30):
        f: dict[str, Any] = {
            "key": f"n{i}",
            "label": f"数值{i}",
            "kind": "amount" if i % 2 else "number",
            "required": True,
            "min": 0,
        }
        if i < 10:
            f["fact"] = f"enterprise.n{i}"
        fields.append(f)
    fields += [{"key": f"p{i}", "label": f"比例{i}", "kind": "percent", "required": True} for i in range(8)]
    fields += [
        {"key": f"t{i}", "label": f"文字{i}", "kind": "textarea" if i % 2 else "text", "max_length": 500}
        for i in range(8)
    ]
    fields += [
        {"key": f"s{i}", "label": f"选项{i}", "kind": "select", "options": [{"value": v, "label": v} for v in "abcd"]}
        for i in range(4)
    ]
    fields += [{"key": f"d{i}", "label": f"日期{i}", "kind": "date"} for i in range(4)]
    fields += [
        {"key": "r0", "label": "比率0", "kind": "formula", "expr": "n1 / n0 * 100", "decimals": 2},
        {"key": "r1", "label": "比率1", "kind": "formula", "expr": "(n2 + n3) / max(n4, 1)", "decimals": 4},
        {"key": "r2", "label": "合计", "kind": "formula", "expr": "n5 + n6 + n7 + n8 + n9", "decimals": 2},
    ]
    columns = [
        {"key": "title", "label": "名称", "kind": "text", "required": True},
        {"key": "amount", "label": "金额", "kind": "amount", "min": 0},
        {"key": "cert", "label": "证书", "kind": "file", "accept": ["pdf"]},
    ]
    fields += [
        {"key": f"tb{i}", "label": f"表格{i}", "kind": "table", "columns": columns, "max_rows": 20} for i in range(2)
    ]
    fields.append({"key": "report", "label": "报告", "kind": "file", "accept": ["pdf", "docx"]})
    assert len(fields) == 60, len(fields)
    bands = [{"min": None, "max": 3, "points": 2}, {"min": 3, "max": 8, "points": 6}, {"min": 8, "points": 10}]
    indicators = [
        {"key": f"b{i}", "name": f"区间{i}", "expr": f"n{i + 10} / n{i + 20} * 10", "mode": "bands", "bands": bands}
        for i in range(6)
    ]
    indicators += [
        {
            "key": "c0",
            "name": "表格0行数",
            "expr": "count(tb0)",
            "mode": "threshold",
            "op": ">=",
            "value": 3,
            "points": 5,
            "evidence": {"field": "tb0.cert", "label": "证书", "accept": ["pdf"]},
        },
        {
            "key": "c1",
            "name": "表格1金额",
            "expr": "sum(tb1.amount)",
            "mode": "threshold",
            "op": ">=",
            "value": 100,
            "points": 5,
            "evidence": {"field": "tb1.cert", "label": "证书", "accept": ["pdf"]},
        },
        {
            "key": "c2",
            "name": "比率",
            "expr": "r0",
            "mode": "bands",
            "bands": bands,
            "evidence": {"field": "report", "label": "报告", "accept": ["pdf", "docx"]},
        },
        {
            "key": "c3",
            "name": "比例",
            "expr": "(p0 + p1) / 2",
            "mode": "threshold",
            "op": ">",
            "value": 50,
            "points": 8,
        },
    ]
    return {
        "sections": [{"title": f"第{i + 1}部分", "fields": fields[i * 10 : (i + 1) * 10]} for i in range(6)],
        "validations": [
            {"expr": "n1 <= n0 * 10", "message": "数值1不能超过数值0的十倍", "field": "n1"},
            {"expr": "p0 + p1 <= 200", "message": "比例之和超限", "field": "p1"},
        ],
        "indicators": indicators,
        "checks": [{"field": f"n{i}", "source": f"enterprise.n{i}", "tolerance_pct": 5} for i in range(10, 13)],
    }


def submission(rng: random.Random, facts: dict[str, Fact], files: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for i in range(30):
        base = facts.get(f"enterprise.n{i}")
        if base is not None:
            value = Decimal(base.value or "0")
            value = value if rng.random() > 0.33 else value * Decimal("1.2")
            data[f"n{i}"] = str(value.quantize(Decimal("0.01")) if i % 2 else value.to_integral())
        else:
            data[f"n{i}"] = str(Decimal(rng.randint(1, 10**6)) / (100 if i % 2 else 1))
    data["n1"] = str(min(Decimal(data["n1"]), Decimal(data["n0"]) * 10))
    for i in range(8):
        data[f"p{i}"] = str(Decimal(rng.randint(0, 10000)) / 100)
    for i in range(8):
        data[f"t{i}"] = "数字化转型" * rng.randint(1, 40)
    for i in range(4):
        data[f"s{i}"] = rng.choice("abcd")
        data[f"d{i}"] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    for t in ("tb0", "tb1"):
        data[t] = [
            {"title": f"项目{r}", "amount": str(rng.randint(1, 500)), "cert": [rng.choice(files)]} for r in range(5)
        ]
    data["report"] = [files[0]]
    return data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    schema = template_schema_clean(template(), facts=FACTS)
    assert len(schema_fields(schema)) == 60
    rng = random.Random(14)  # noqa: S311 - test data, not secrets
    files = {f"file{i}": FileInfo(id=f"file{i}", name=f"证书{i}.pdf", ext="pdf") for i in range(20)}
    facts = {
        k: Fact(str(Decimal(rng.randint(1000, 10**6)) / 100), v["label"], "政府导入", year=2025)
        for k, v in FACTS.items()
    }
    batch = [submission(rng, facts, list(files)) for _ in range(args.submissions)]
    start = time.perf_counter()
    findings = errors = 0
    for data in batch:
        result = prereview.run(schema, data, facts=facts, files=files)
        findings += len(result.findings)
        errors += len(result.outcome.errors)
    elapsed = time.perf_counter() - start
    out = {
        "submissions": args.submissions,
        "fields": 60,
        "indicators": len(schema["indicators"]),
        "seconds": round(elapsed, 3),
        "submissions_per_second": round(args.submissions / elapsed, 1),
        "findings": findings,
        "field_errors": errors,
    }
    print(json.dumps(out, ensure_ascii=False) if args.json else "\n".join(f"{k}: {v}" for k, v in out.items()))


if __name__ == "__main__":
    main()

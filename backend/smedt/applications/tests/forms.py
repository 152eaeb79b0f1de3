"""Template payloads shared by the tests (and the shape the designer sends)."""

from __future__ import annotations

from typing import Any


def award_form(**overrides: Any) -> dict[str, Any]:
    """A small award template: fact-bound revenue, a formula, a table with evidence files, two indicators."""
    form: dict[str, Any] = {
        "sections": [
            {
                "title": "基本情况",
                "fields": [
                    {"key": "contact", "label": "联系人", "kind": "text", "required": True, "max_length": 20},
                    {
                        "key": "revenue",
                        "label": "上年度营业收入",
                        "kind": "amount",
                        "unit": "万元",
                        "required": True,
                        "min": 0,
                        "fact": "enterprise.operating_revenue",
                    },
                    {
                        "key": "rd",
                        "label": "上年度研发投入",
                        "kind": "amount",
                        "unit": "万元",
                        "required": True,
                        "min": 0,
                    },
                    {
                        "key": "rd_ratio",
                        "label": "研发投入强度",
                        "kind": "formula",
                        "expr": "rd / revenue * 100",
                        "unit": "%",
                        "decimals": 2,
                    },
                    {"key": "summary", "label": "转型成效简介", "kind": "textarea", "max_length": 2000},
                ],
            },
            {
                "title": "知识产权",
                "fields": [
                    {
                        "key": "patents",
                        "label": "发明专利",
                        "kind": "table",
                        "columns": [
                            {"key": "title", "label": "专利名称", "kind": "text", "required": True},
                            {
                                "key": "cert",
                                "label": "专利证书",
                                "kind": "file",
                                "accept": ["pdf", "jpg"],
                                "max_count": 1,
                            },
                        ],
                        "max_rows": 20,
                    }
                ],
            },
        ],
        "validations": [{"expr": "rd <= revenue", "message": "研发投入不能超过营业收入", "field": "rd"}],
        "indicators": [
            {
                "key": "rd_intensity",
                "name": "研发投入强度",
                "expr": "rd / revenue * 100",
                "unit": "%",
                "mode": "bands",
                "bands": [
                    {"min": 0, "max": 3, "points": 0},
                    {"min": 3, "max": 5, "points": 6},
                    {"min": 5, "points": 10},
                ],
            },
            {
                "key": "ip",
                "name": "发明专利数量",
                "expr": "count(patents)",
                "unit": "件",
                "mode": "threshold",
                "op": ">=",
                "value": 1,
                "points": 5,
                "evidence": {"field": "patents.cert", "label": "专利证书", "accept": ["pdf", "jpg"]},
            },
        ],
    }
    form.update(overrides)
    return form

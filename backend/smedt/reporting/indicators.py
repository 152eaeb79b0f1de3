"""绩效指标 (contract 3.5) computed from platform data, in the layout of data/plan.yaml.

One mechanism per figure: the pilot funnel, the 规上 KPI per 细分行业 and the before/after levels are the
results dashboard's own computations (``insights.selectors``), the subsidy totals the funds ledger's
(``funds.selectors.totals``); this module only adds the investment sum and the case count and puts
everything in a stable order. Money and shares are decimal strings.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Count, Sum

PLAN_FILE = Path(__file__).resolve().parent / "data" / "plan.yaml"
PERIOD_KINDS = {"quarter": "季度", "half": "半年", "year": "年度"}


@cache
def plan() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))
    return data


def _money(value: Any) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def compute(user: Any) -> dict[str, Any]:
    """Every indicator of the plan over what ``user`` (a city administrator) sees."""
    from smedt.funds.models import LedgerEntry
    from smedt.funds.selectors import totals as funds_totals
    from smedt.insights import selectors as insights
    from smedt.portal import workflow as portal_workflow
    from smedt.portal.models import TypicalCase
    from smedt.projects import workflow
    from smedt.projects.models import Project

    funnel = {s["key"]: s["count"] for s in insights.funnel(user=user)["steps"]}
    kpi = insights.kpi(user=user)
    levels = insights.pilot_levels(user=user)
    providers = insights.providers(user=user)
    invest = (
        Project.objects.visible_to(user, "view")
        .filter(kind="transformation")
        .exclude(status__in=sorted(workflow.UNSIGNED))
        .aggregate(n=Count("id"), amount=Sum("amount"))
    )
    has_ledger = LedgerEntry.objects.visible_to(user, "view").exists()
    money = funds_totals(user=user)
    cases = TypicalCase.objects.visible_to(user, "view").filter(status=portal_workflow.PUBLISHED).count()
    values: dict[str, Any] = {
        "pilot_enterprises": {"value": funnel["pilot"]},
        "diagnosed_enterprises": {"value": funnel["diagnosed"]},
        "transformed_enterprises": {"value": funnel["signed"]},
        "accepted_enterprises": {"value": funnel["accepted"]},
        "above_scale_share": {
            "target_level": kpi["target_level_label"],
            "target_share": _text(kpi["target_share"]),
            "rows": [
                {
                    "sub_industry": r["label"],
                    "above_total": r["above_total"],
                    "above_reached": r["above_reached"],
                    "share": _text(r["above_share"]),
                    "met": r["met"],
                    "below_scale_total": r["below_scale_total"],
                    "below_scale_share": _text(r["below_scale_share"]),
                }
                for r in kpi["industries"]
            ],
        },
        "level_change": {
            "projects": levels["total"],
            "rows": [{"level": r["label"], "before": r["before"], "after": r["after"]} for r in levels["levels"]],
        },
        "investment": {"projects": invest["n"], "value": _money(invest["amount"])},
        "subsidy": {
            "available": has_ledger,
            "allocated": _money(money["allocated"]),
            "committed": _money(money["committed"]),
            "disbursed": _money(money["disbursed"]),
        },
        "providers": {
            "value": providers["total"],
            "working": providers["working"],
            "by_grade": [{"grade": g["grade"], "count": g["count"]} for g in providers["by_grade"]],
        },
        "cases": {"value": cases},
    }
    return {
        "plan_version": plan()["version"],
        "indicators": [
            {
                "code": i["code"],
                "label": i["label"],
                "unit": i["unit"],
                "definition": i["definition"],
                **values[i["code"]],
            }
            for i in plan()["indicators"]
        ],
    }


def flat_rows(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(指标, 分项, 数值, 单位) rows of a snapshot for the Excel export — labels only, stable order."""
    rows: list[tuple[str, str, str, str]] = []
    for ind in data.get("indicators", []):
        label, unit, code = ind["label"], ind["unit"], ind["code"]
        if code == "above_scale_share":
            rows.append((label, f"目标：{ind['target_level']}及以上占比 ≥ {ind['target_share']}%", "", ""))
            for r in ind["rows"]:
                share = f"{r['share']}" if r["share"] is not None else "暂无"
                rows.append(
                    (
                        label,
                        f"{r['sub_industry']}（规上 {r['above_total']} 家，达标 {r['above_reached']} 家）",
                        share,
                        "%",
                    )
                )
        elif code == "level_change":
            rows.append((label, "验收通过项目", str(ind["projects"]), "个"))
            for r in ind["rows"]:
                rows.append((label, f"{r['level']}：改造前 / 改造后", f"{r['before']} / {r['after']}", "个"))
        elif code == "investment":
            rows.append((label, f"已签约改造项目 {ind['projects']} 个", ind["value"], unit))
        elif code == "subsidy":
            if not ind["available"]:
                rows.append((label, "资金台账", "暂无", unit))
            else:
                for key, name in (("allocated", "已下达"), ("committed", "已承诺"), ("disbursed", "已拨付")):
                    rows.append((label, name, ind[key], unit))
        elif code == "providers":
            rows.append((label, f"资源池（其中在库服务 {ind['working']} 家）", str(ind["value"]), unit))
            for g in ind["by_grade"]:
                rows.append((label, f"评级 {g['grade']}", str(g["count"]), unit))
        else:
            rows.append((label, "", str(ind["value"]), unit))
    return rows

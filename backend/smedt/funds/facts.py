"""Fact provider ``subsidy.*`` for the application engine: the computed eligible amount (and its inputs) that a
subsidy application form pre-fills, with the computation as provenance; plus the reviewers' materials section."""

from __future__ import annotations

from typing import Any

from smedt.applications.facts import FactProvider, FactSpec
from smedt.applications.prereview import Fact
from smedt.funds import subsidies

SPECS = (
    FactSpec("eligible_amount", "可申请补贴金额", "amount", "元"),
    FactSpec("eligible_investment", "合格投资合计", "amount", "元"),
    FactSpec("level_after", "改造后数字化水平等级", "number", "级"),
)


def subsidy_facts(org_id: int, keys: set[str]) -> dict[str, Fact]:
    result, _project = subsidies.compute_for(org_id)
    how = "；".join(f"{t['step']}：{t['value']}" for t in result.trace)
    values: dict[str, Any] = {
        "eligible_amount": f"{result.amount:.2f}",
        "eligible_investment": f"{result.eligible_investment:.2f}",
        "level_after": str(result.level) if result.level is not None else None,
    }
    labels = {s.key: s.label for s in SPECS}
    return {
        k: Fact(value=values[k], label=labels[k], source_label=f"按补贴规则计算（{how}）"[:300])
        for k in keys
        if k in values
    }


PROVIDER = FactProvider(name="subsidy", label="补贴测算", specs=SPECS, fetch=subsidy_facts)


def claim_materials(submission: Any) -> list[Any]:
    """The reviewers see the amount frozen at submission, how it was computed and every invoice."""
    from smedt.funds.models import SubsidyClaim
    from smedt.reviews.materials import MaterialSection, MaterialTable, fields

    claim = SubsidyClaim.objects.filter(submission=submission).first()
    if claim is None:
        return []
    return [
        MaterialSection(
            "补贴金额计算",
            fields(
                ("核定补贴金额（元）", f"{claim.amount:,.2f}"),
                ("合格投资合计（元）", f"{claim.eligible_investment:,.2f}"),
                ("规则版本", claim.rules_version),
            ),
            table=MaterialTable(
                ("步骤", "计算", "结果"), tuple((t["step"], t["formula"], t["value"]) for t in claim.trace)
            ),
        ),
        MaterialSection(
            "发票明细",
            table=MaterialTable(
                ("项目", "投资内容", "发票号码", "费用类别", "金额（元）", "是否计入", "说明"),
                tuple(
                    (
                        ln["project"],
                        ln["name"],
                        ln["invoice_no"],
                        ln["category"],
                        ln["amount"],
                        ln["counted"],
                        ln["reason"],
                    )
                    for ln in claim.lines
                ),
            ),
        ),
    ]

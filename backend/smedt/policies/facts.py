"""The indicator values one enterprise is matched on, read through the registered fact providers
(`applications.facts`: 一企一档 `enterprise.*`, 数字化水平评测 `assessment.*`, 梯度培育
`cultivation.*`) and the organization's registered region; each value keeps its source."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from smedt.applications.facts import facts_for
from smedt.applications.prereview import Fact
from smedt.orgs.models import Organization
from smedt.regions.models import Region, RegionLevel

FACT_KEYS = (
    "enterprise.operating_revenue",
    "enterprise.rd_expense",
    "enterprise.employees",
    "enterprise.total_assets",
    "enterprise.registered_capital",
    "enterprise.founded_on",
    "enterprise.invention_patents",
    "enterprise.utility_patents",
    "enterprise.design_patents",
    "enterprise.software_copyrights",
    "enterprise.industry_code",
    "assessment.level",
    "cultivation.tier",
)
DIRECT = {
    "operating_revenue": "enterprise.operating_revenue",
    "rd_expense": "enterprise.rd_expense",
    "employees": "enterprise.employees",
    "total_assets": "enterprise.total_assets",
    "registered_capital": "enterprise.registered_capital",
    "invention_patents": "enterprise.invention_patents",
    "digital_level": "assessment.level",
    "tier": "cultivation.tier",
    "industry": "enterprise.industry_code",
}
IP_KEYS = (
    "enterprise.invention_patents",
    "enterprise.utility_patents",
    "enterprise.design_patents",
    "enterprise.software_copyrights",
)


def _source(fact: Fact) -> str:
    parts = [fact.label]
    if fact.year:
        parts.append(f"{fact.year}年度")
    if fact.source_label:
        parts.append(fact.source_label)
    return " · ".join(parts)


def _dec(v: str | None) -> Decimal | None:
    if v in (None, ""):
        return None
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


def county_of(region: Region) -> Region | None:
    if region.level == RegionLevel.COUNTY:
        return region
    return None


def enterprise_values(org: Organization, *, today: date | None = None) -> dict[str, dict[str, Any]]:
    """indicator code → {value, source[, path, label]}; a missing value is simply absent."""
    today = today or date.today()
    facts = facts_for(org.pk, FACT_KEYS)
    out: dict[str, dict[str, Any]] = {}
    for code, key in DIRECT.items():
        fact = facts.get(key)
        if fact is not None and fact.value not in (None, ""):
            out[code] = {"value": fact.value, "source": _source(fact)}
    revenue, rd = facts.get("enterprise.operating_revenue"), facts.get("enterprise.rd_expense")
    rev_n, rd_n = _dec(revenue.value if revenue else None), _dec(rd.value if rd else None)
    if rev_n and rd_n is not None and revenue is not None:
        ratio = (rd_n * 100 / rev_n).quantize(Decimal("0.0001"))
        out["rd_ratio"] = {"value": str(ratio), "source": f"由研发费用 ÷ 营业收入计算（{_source(revenue)}）"}
    founded = facts.get("enterprise.founded_on")
    if founded is not None and founded.value:
        born = date.fromisoformat(founded.value)
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        out["age_years"] = {
            "value": str(years),
            "source": f"由成立日期 {born.isoformat()} 计算 · {founded.source_label}",
        }
    ip = [facts[k] for k in IP_KEYS if k in facts and facts[k].value not in (None, "")]
    if ip:
        total = sum((_dec(f.value) or Decimal(0) for f in ip), Decimal(0))
        out["ip_count"] = {
            "value": str(total),
            "source": "一企一档·专利与软件著作权合计 · " + (ip[0].source_label or ""),
        }
    region = org.region
    path_codes = [c for c in region.path.split("/") if c]
    out["region"] = {"value": region.code, "path": path_codes, "label": region.name, "source": "单位注册信息·所在区划"}
    return out

"""Pure helpers: the packaged criteria compiled, and a complete neutral set of inputs to vary."""

from __future__ import annotations

from decimal import Decimal as D
from functools import cache
from typing import Any

from smedt.cultivation import criteria as C
from smedt.cultivation.evaluation import Criteria, compile_criteria


@cache
def definition(version: str) -> dict[str, Any]:
    path = C.DATA_DIR / f"criteria-{version}.yaml"
    return C.parse_bytes(path.read_bytes())


def crit(version: str = "v2022", **overrides: Any) -> Criteria:
    return compile_criteria(C.resolve(definition(version), overrides))


def base(**changes: Any) -> dict[str, Any]:
    """A complete enterprise (every input known) scoring low but defined everywhere."""
    inputs: dict[str, Any] = {
        "revenue_y1": D("1000.00"),
        "revenue_y2": D("1000.00"),
        "revenue_y3": D("1000.00"),
        "main_revenue_y1": D("400.00"),
        "main_revenue_y2": D("400.00"),
        "main_revenue_y3": D("400.00"),
        "net_profit_y1": D("0.00"),
        "total_assets_y1": D("1000.00"),
        "total_liabilities_y1": D("900.00"),
        "employees_y1": 100,
        "equity_financing_2y": D("0.00"),
        "equity_financing_3y": D("0.00"),
        "segment_years": 1,
        "market_share_pct": D("0"),
        "rd_expense_y1": D("0.00"),
        "rd_expense_y2": D("0.00"),
        "rd_staff_y1": 0,
        "ip_class1": 0,
        "ip_class1_self": 0,
        "ip_class1_high_value": 0,
        "ip_class1_applied": 0,
        "ip_class2": 0,
        "rd_institution_level": 0,
        "digital_level": 1,
        "dev_score": D("0"),
        "quality_items": [],
        "product_field": 0,
        "strategic_emerging": False,
        "sci_award_3y": False,
        "sci_award_province_top3_3y": False,
        "sci_award_national_top5_3y": False,
        "sci_award_national_top3_3y": False,
        "honor_high_tech": False,
        "tech_sme_valid": False,
        "maker_china_500_3y": False,
        "maker_china_50_3y": False,
        "info_system": False,
        "mgmt_certification": False,
        "own_brand": False,
        "market_leading": False,
        "market_top3": False,
        "key_chain": False,
        "key_field": False,
        "holds_innovative": False,
        "holds_specialized": False,
    }
    inputs.update(changes)
    return inputs

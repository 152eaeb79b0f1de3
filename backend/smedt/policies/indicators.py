"""The indicators a policy condition may test (指标), their units and allowed operators. Pure data.

Money is kept in 万元 (the unit of 一企一档), shares in %, people in 人; a threshold entered in 元 or
亿元 is converted exactly (Decimal) before comparing. Operators follow 民法典第一千二百五十九条:
“以上、以下、以内、届满”包括本数 (≥, ≤), “不满、超过、以外”不包括本数 (<, >).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

NUMBER_OPS = ("gte", "gt", "lte", "lt", "eq")
OP_LABELS = {"gte": "≥", "gt": ">", "lte": "≤", "lt": "<", "eq": "=", "in": "属于"}
OP_WORDS = {"gte": "不低于", "gt": "高于", "lte": "不高于", "lt": "低于", "eq": "等于", "in": "属于"}

MONEY_UNITS = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    kind: str  # number / industry / region / tier
    unit: str = ""  # the base unit values are kept in
    units: dict[str, Decimal] = field(default_factory=dict)  # accepted unit → factor to the base unit
    hint: str = ""  # which data decides it (shown when the value is missing)

    @property
    def operators(self) -> tuple[str, ...]:
        if self.kind in ("industry", "region"):
            return ("in",)
        if self.kind == "tier":
            return ("gte", "eq")
        return NUMBER_OPS


def _n(code: str, label: str, unit: str, hint: str, units: dict[str, Decimal] | None = None) -> Indicator:
    return Indicator(code, label, "number", unit, units or {unit: Decimal(1)}, hint)


INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in (
        _n("operating_revenue", "营业收入", "万元", "一企一档·上年度营业收入", MONEY_UNITS),
        _n("rd_expense", "研发费用", "万元", "一企一档·上年度研发费用", MONEY_UNITS),
        _n("rd_ratio", "研发费用占营业收入比重", "%", "一企一档·上年度研发费用和营业收入"),
        _n("employees", "从业人员", "人", "一企一档·上年度从业人员"),
        _n("total_assets", "资产总额", "万元", "一企一档·上年度资产总额", MONEY_UNITS),
        _n("registered_capital", "注册资本", "万元", "一企一档·注册资本", MONEY_UNITS),
        _n("age_years", "成立年限", "年", "一企一档·成立日期"),
        _n("ip_count", "知识产权数", "件", "一企一档·专利和软件著作权", {"件": Decimal(1), "项": Decimal(1)}),
        _n("invention_patents", "发明专利数", "件", "一企一档·发明专利", {"件": Decimal(1), "项": Decimal(1)}),
        _n("digital_level", "数字化水平等级", "级", "数字化水平评测（自评提交后）"),
        Indicator("industry", "所属行业", "industry", hint="一企一档·国民经济行业代码"),
        Indicator("region", "所在区域", "region", hint="单位注册信息·所在区划"),
        Indicator("tier", "梯度培育层级", "tier", hint="梯度培育·培育库认定记录"),
    )
}

TIERS = {
    "none": "未入库",
    "innovative": "创新型中小企业",
    "specialized": "专精特新中小企业",
    "little_giant": "专精特新“小巨人”企业",
}
TIER_RANK = {"none": 0, "innovative": 1, "specialized": 2, "little_giant": 3}

# GB/T 4754-2017 门类 (sections); a condition on 所属行业 lists section letters or longer code prefixes
SECTIONS = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业",
    "J": "金融业",
    "K": "房地产业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业",
    "P": "教育",
    "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}


def to_base(indicator: Indicator, threshold: Decimal, unit: str) -> Decimal:
    """The threshold in the indicator's base unit (exact)."""
    factor = indicator.units.get(unit or indicator.unit)
    if factor is None:
        raise ValueError(f"{indicator.label}不支持单位“{unit}”")
    return threshold * factor


def industry_label(prefix: str) -> str:
    return SECTIONS.get(prefix[:1], prefix) if len(prefix) == 1 else prefix

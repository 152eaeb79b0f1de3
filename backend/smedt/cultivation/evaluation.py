"""Evaluate an enterprise against 创新型 / 专精特新 / 小巨人 at once, with the gap to each. Pure: no Django.

Inputs are the figures the enterprise confirmed (money in 万元 with two decimals, shares in %).
``None`` means "no source": the indicator or condition that needs it is **missing data**, never
0. Every indicator carries the inputs it used; every condition is met / not met / missing.

Three-valued logic: a points total is a range (known points … known points + the maximum of
the indicators still missing). A tier passes when it passes at the low end, fails when it
fails at the high end, and is "missing data" otherwise.

The gap is the smallest set of input changes that makes a tier pass (fewest changed
indicators, then the smallest relative change), expressed as new input values; it is checked
by evaluating the changed inputs again, so a gap that says it passes does pass.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, InvalidOperation, localcontext
from typing import Any

from smedt.cultivation.criteria import TIER_LABELS, TIER_RANK, TIERS, dec

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
ONE = Decimal(1)
# ratios and growth rates are computed to 40 significant digits in one shared context (no per-call
# localcontext); the default rounding (half-even) and traps are the same as before
C40 = Context(prec=40)
MET, NOT_MET, MISSING = "met", "not_met", "missing"
PASS, FAIL = "pass", "fail"
STATUS_LABELS = {MET: "满足", NOT_MET: "不满足", MISSING: "缺少数据", PASS: "达到", FAIL: "未达到"}

# --- inputs ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputSpec:
    label: str
    kind: str  # money | count | level | pct | score | bool | items
    unit: str = ""
    group: str = ""
    negative: bool = False
    maximum: int | None = None


QUALITY_ITEMS = {
    "quality_award": "获得省级以上质量奖荣誉",
    "iso9001": "建立质量管理体系，获得ISO9001等质量管理体系认证证书",
    "own_brand": "拥有自主品牌",
    "standards": "参与制修订标准",
}
RD_INSTITUTION_LEVELS = {4: "国家级", 3: "省级", 2: "市级", 1: "市级以下", 0: "未建立研发机构"}
PRODUCT_FIELDS = {
    2: "在产业链供应链关键环节及关键领域“补短板”“锻长板”“填空白”取得实际成效",
    1: "属于工业“六基”领域、中华老字号名录或企业主导产品服务关键产业链重点龙头企业",
    0: "不属于以上情况",
}

_F = "经营数据"
_I = "创新能力"
_Q = "资质荣誉"
INPUTS: dict[str, InputSpec] = {
    "revenue_y1": InputSpec("上年度营业收入", "money", "万元", _F),
    "revenue_y2": InputSpec("前年度营业收入", "money", "万元", _F),
    "revenue_y3": InputSpec("大前年度营业收入", "money", "万元", _F),
    "main_revenue_y1": InputSpec("上年度主营业务收入", "money", "万元", _F),
    "main_revenue_y2": InputSpec("前年度主营业务收入", "money", "万元", _F),
    "main_revenue_y3": InputSpec("大前年度主营业务收入", "money", "万元", _F),
    "net_profit_y1": InputSpec("上年度净利润", "money", "万元", _F, negative=True),
    "total_assets_y1": InputSpec("上年末资产总额", "money", "万元", _F),
    "total_liabilities_y1": InputSpec("上年末负债总额", "money", "万元", _F),
    "employees_y1": InputSpec("上年度职工总数", "count", "人", _F),
    "equity_financing_2y": InputSpec("近两年新增股权融资（合格机构投资者实缴额）", "money", "万元", _F),
    "equity_financing_3y": InputSpec("近三年新增股权融资（合格机构投资者实缴额）", "money", "万元", _F),
    "segment_years": InputSpec("从事特定细分市场年限（截至上年末）", "count", "年", _F, maximum=200),
    "market_share_pct": InputSpec("主导产品细分市场占有率", "pct", "%", _F),
    "rd_expense_y1": InputSpec("上年度研发费用", "money", "万元", _I),
    "rd_expense_y2": InputSpec("前年度研发费用", "money", "万元", _I),
    "rd_staff_y1": InputSpec("上年度研发人员", "count", "人", _I),
    "ip_class1": InputSpec("与主导产品相关的有效Ⅰ类知识产权", "count", "项", _I),
    "ip_class1_self": InputSpec("其中自主研发的Ⅰ类知识产权", "count", "项", _I),
    "ip_class1_high_value": InputSpec("其中Ⅰ类高价值知识产权", "count", "项", _I),
    "ip_class1_applied": InputSpec("其中已实际应用并产生经济效益的Ⅰ类知识产权", "count", "项", _I),
    "ip_class2": InputSpec("与主导产品相关的有效Ⅱ类知识产权", "count", "项", _I),
    "rd_institution_level": InputSpec("研发机构级别", "level", "", _I, maximum=4),
    "digital_level": InputSpec("数字化水平等级（0 为未评定）", "level", "级", _I, maximum=4),
    "dev_score": InputSpec("专精特新发展评价得分（培育平台）", "score", "分", _I),
    "quality_items": InputSpec("质量管理水平", "items", "项", _Q),
    "product_field": InputSpec("主导产品所属领域", "level", "", _Q, maximum=2),
    "strategic_emerging": InputSpec("主导产品属于《战略性新兴产业分类》", "bool", "", _Q),
    "sci_award_3y": InputSpec("近三年获得过国家级或省级科技奖励", "bool", "", _Q),
    "sci_award_province_top3_3y": InputSpec("近三年获省部级科技奖励且排名前三", "bool", "", _Q),
    "sci_award_national_top5_3y": InputSpec("近三年获国家级科技奖励且排名前五", "bool", "", _Q),
    "sci_award_national_top3_3y": InputSpec("近三年获国家级科技奖励且排名前三", "bool", "", _Q),
    "honor_high_tech": InputSpec("有效期内的高新技术企业等荣誉", "bool", "", _Q),
    "tech_sme_valid": InputSpec("有效期内的科技型中小企业入库登记", "bool", "", _Q),
    "maker_china_500_3y": InputSpec("近三年进入“创客中国”全国500强", "bool", "", _Q),
    "maker_china_50_3y": InputSpec("近三年进入“创客中国”全国50强", "bool", "", _Q),
    "info_system": InputSpec("至少1项核心业务采用信息系统支撑", "bool", "", _Q),
    "mgmt_certification": InputSpec("取得管理体系认证或发达国家和地区产品认证", "bool", "", _Q),
    "own_brand": InputSpec("拥有直接面向市场并具有竞争优势的自主品牌", "bool", "", _Q),
    "market_leading": InputSpec("主导产品细分市场占有率较为靠前", "bool", "", _Q),
    "market_top3": InputSpec("主导产品细分市场占有率国内前三", "bool", "", _Q),
    "key_chain": InputSpec("位于产业链关键环节，发挥补短板、锻长板、填空白作用", "bool", "", _Q),
    "key_field": InputSpec("主导产品属于核心基础零部件、关键软件等重点领域", "bool", "", _Q),
    "holds_innovative": InputSpec("持有有效期内的创新型（科技和创新型）中小企业称号", "bool", "", _Q),
    "holds_specialized": InputSpec("持有有效期内的专精特新中小企业称号", "bool", "", _Q),
}
HOLD_INPUT = {"innovative": "holds_innovative", "specialized": "holds_specialized"}


def inputs_known() -> set[str]:
    return set(INPUTS)


Inputs = Mapping[str, Any]


def clean_inputs(raw: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed inputs from user-given JSON values, and the problems per field (Chinese)."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, value in raw.items():
        spec = INPUTS.get(name)
        if spec is None:
            continue
        if value is None or value == "":
            out[name] = None
            continue
        try:
            out[name] = _clean_one(spec, value)
        except (InvalidOperation, ValueError, TypeError):
            errors[name] = _message(spec)
    for a, b in (
        ("ip_class1_self", "ip_class1"),
        ("ip_class1_high_value", "ip_class1"),
        ("ip_class1_applied", "ip_class1"),
    ):
        if out.get(a) is not None and out.get(b) is not None and out[a] > out[b]:
            errors.setdefault(a, f"{INPUTS[a].label}不能多于{INPUTS[b].label}")
    for a, b in (
        ("main_revenue_y1", "revenue_y1"),
        ("main_revenue_y2", "revenue_y2"),
        ("main_revenue_y3", "revenue_y3"),
    ):
        if out.get(a) is not None and out.get(b) is not None and out[a] > out[b]:
            errors.setdefault(a, f"{INPUTS[a].label}不能大于{INPUTS[b].label}")
    staff, employees = out.get("rd_staff_y1"), out.get("employees_y1")
    if staff is not None and employees is not None and staff > employees:
        errors.setdefault("rd_staff_y1", "研发人员不能多于职工总数")
    return out, errors


def _message(spec: InputSpec) -> str:
    return {
        "money": f"{spec.label}应为金额（单位：万元，最多两位小数）",
        "count": f"{spec.label}应为不小于 0 的整数",
        "level": f"{spec.label}取值不正确",
        "pct": f"{spec.label}应为 0 到 100 之间的数字",
        "score": f"{spec.label}应为 0 到 100 之间的数字",
        "bool": f"{spec.label}应为“是”或“否”",
        "items": f"{spec.label}选项不正确",
    }[spec.kind]


def _clean_one(spec: InputSpec, value: Any) -> Any:
    if spec.kind == "bool":
        if isinstance(value, bool):
            return value
        raise ValueError
    if spec.kind == "items":
        if not isinstance(value, list) or any(v not in QUALITY_ITEMS for v in value):
            raise ValueError
        return sorted(set(value))
    if isinstance(value, bool):
        raise ValueError
    d = Decimal(str(value).strip().replace(",", ""))
    if not d.is_finite():
        raise ValueError
    if spec.kind == "money":
        if d != d.quantize(CENT) or abs(d) > Decimal("99999999999.99") or (d < 0 and not spec.negative):
            raise ValueError
        return d.quantize(CENT)
    if spec.kind in ("count", "level"):
        if d != d.to_integral_value() or d < 0 or d > (spec.maximum if spec.maximum is not None else 10_000_000):
            raise ValueError
        return int(d)
    if d < 0 or d > HUNDRED or d != d.quantize(CENT):
        raise ValueError
    return d


# --- measures ---------------------------------------------------------------------------------------------


class _Missing(Exception):
    def __init__(self, inputs: tuple[str, ...], note: str = "") -> None:
        self.inputs = inputs
        self.note = note


def _get(inputs: Inputs, *names: str) -> list[Any]:
    values = [inputs.get(n) for n in names]
    for v in values:
        if v is None:  # `is`, not `in`: Decimal == None goes through the numbers ABCs
            raise _Missing(tuple(n for n, v in zip(names, values, strict=True) if v is None))
    return values


def _pct(num: Any, den: Any, den_name: str) -> Decimal:
    if den <= 0:
        raise _Missing((den_name,), f"{INPUTS[den_name].label}为 0，无法计算比例")
    return C40.divide(C40.multiply(num, HUNDRED), den)


def _growth(cur: Any, prev: Any, prev_name: str) -> Decimal:
    if prev <= 0:
        raise _Missing((prev_name,), f"{INPUTS[prev_name].label}为 0，无法计算增长率")
    return C40.divide(C40.multiply(C40.subtract(cur, prev), HUNDRED), prev)


def _ratio(i: Inputs, num: str, den: str) -> Decimal:
    a, b = _get(i, num, den)
    return _pct(Decimal(a), Decimal(b), den)


def _gr(i: Inputs, cur: str, prev: str) -> Decimal:
    a, b = _get(i, cur, prev)
    return _growth(a, b, prev)


def _ip_grade(i: Inputs) -> Decimal:
    """The best IP class held; a count is needed only when the better ones are known to be absent."""
    for grade, name in ((4, "ip_class1_high_value"), (3, "ip_class1_self"), (2, "ip_class1"), (1, "ip_class2")):
        (count,) = _get(i, name)
        if count >= 1:
            return Decimal(grade)
    return Decimal(0)


def _cagr(i: Inputs) -> Decimal:
    r1, r3 = _get(i, "revenue_y1", "revenue_y3")
    if r3 <= 0:
        raise _Missing(("revenue_y3",), "大前年度营业收入为 0，无法计算复合增长率")
    return C40.multiply(C40.subtract(C40.sqrt(C40.divide(r1, r3)), ONE), HUNDRED)


def _direct(name: str) -> Callable[[Inputs], Decimal]:
    def f(i: Inputs) -> Decimal:
        v = i.get(name)
        if type(v) is Decimal:
            return v
        if v is None:
            raise _Missing((name,))
        return Decimal(int(v)) if isinstance(v, bool) else Decimal(v)

    return f


@dataclass(frozen=True)
class Measure:
    label: str
    unit: str
    inputs: tuple[str, ...]
    fn: Callable[[Inputs], Decimal]
    discrete: bool = False  # integer categories: a band's lower bound always includes itself


def _m(
    label: str, unit: str, inputs: tuple[str, ...], fn: Callable[[Inputs], Decimal], discrete: bool = False
) -> Measure:
    return Measure(label, unit, inputs, fn, discrete)


MEASURES: dict[str, Measure] = {
    "revenue_y1": _m("上年度营业收入", "万元", ("revenue_y1",), _direct("revenue_y1")),
    "rd_expense_y1": _m("上年度研发费用", "万元", ("rd_expense_y1",), _direct("rd_expense_y1")),
    "rd_expense_y2": _m("前年度研发费用", "万元", ("rd_expense_y2",), _direct("rd_expense_y2")),
    "equity_financing_2y": _m("近两年新增股权融资", "万元", ("equity_financing_2y",), _direct("equity_financing_2y")),
    "equity_financing_3y": _m("近三年新增股权融资", "万元", ("equity_financing_3y",), _direct("equity_financing_3y")),
    "segment_years": _m("从事特定细分市场年限", "年", ("segment_years",), _direct("segment_years"), True),
    "market_share_pct": _m("细分市场占有率", "%", ("market_share_pct",), _direct("market_share_pct")),
    "dev_score": _m("专精特新发展评价得分", "分", ("dev_score",), _direct("dev_score")),
    "rd_institution_level": _m("研发机构级别", "", ("rd_institution_level",), _direct("rd_institution_level"), True),
    "digital_level": _m("数字化水平等级", "级", ("digital_level",), _direct("digital_level"), True),
    "product_field": _m("主导产品所属领域", "", ("product_field",), _direct("product_field"), True),
    "strategic_emerging": _m("属于战略性新兴产业", "", ("strategic_emerging",), _direct("strategic_emerging"), True),
    "ip_class1_applied": _m("已应用的Ⅰ类知识产权", "项", ("ip_class1_applied",), _direct("ip_class1_applied"), True),
    "quality_items": _m(
        "质量管理满足项数", "项", ("quality_items",), lambda i: Decimal(len(_get(i, "quality_items")[0])), True
    ),
    "ip_grade": _m(
        "知识产权档次", "", ("ip_class1_high_value", "ip_class1_self", "ip_class1", "ip_class2"), _ip_grade, True
    ),
    "rd_intensity_y1": _m(
        "上年度研发费用占营业收入比重",
        "%",
        ("rd_expense_y1", "revenue_y1"),
        lambda i: _ratio(i, "rd_expense_y1", "revenue_y1"),
    ),
    "rd_intensity_y2": _m(
        "前年度研发费用占营业收入比重",
        "%",
        ("rd_expense_y2", "revenue_y2"),
        lambda i: _ratio(i, "rd_expense_y2", "revenue_y2"),
    ),
    "main_share_y1": _m(
        "上年度主营业务收入占营业收入比重",
        "%",
        ("main_revenue_y1", "revenue_y1"),
        lambda i: _ratio(i, "main_revenue_y1", "revenue_y1"),
    ),
    "net_margin_y1": _m(
        "上年度净利润率",
        "%",
        ("net_profit_y1", "revenue_y1"),
        lambda i: _ratio(i, "net_profit_y1", "revenue_y1"),
    ),
    "debt_ratio": _m(
        "上年末资产负债率",
        "%",
        ("total_liabilities_y1", "total_assets_y1"),
        lambda i: _ratio(i, "total_liabilities_y1", "total_assets_y1"),
    ),
    "rd_staff_share_y1": _m(
        "上年度研发人员占职工总数比重",
        "%",
        ("rd_staff_y1", "employees_y1"),
        lambda i: _ratio(i, "rd_staff_y1", "employees_y1"),
    ),
    "main_growth_y1": _m(
        "上年度主营业务收入增长率",
        "%",
        ("main_revenue_y1", "main_revenue_y2"),
        lambda i: _gr(i, "main_revenue_y1", "main_revenue_y2"),
    ),
    "main_growth_avg_2y": _m(
        "近2年主营业务收入平均增长率",
        "%",
        ("main_revenue_y1", "main_revenue_y2", "main_revenue_y3"),
        lambda i: (_gr(i, "main_revenue_y1", "main_revenue_y2") + _gr(i, "main_revenue_y2", "main_revenue_y3")) / 2,
    ),
    "revenue_cagr_2y": _m("近两年营业收入复合增长率", "%", ("revenue_y1", "revenue_y3"), _cagr),
    "rd_expense_total_2y": _m(
        "近两年研发费用合计",
        "万元",
        ("rd_expense_y1", "rd_expense_y2"),
        lambda i: sum(_get(i, "rd_expense_y1", "rd_expense_y2"), Decimal(0)),
    ),
    "rd_expense_avg_2y": _m(
        "近两年研发费用均值",
        "万元",
        ("rd_expense_y1", "rd_expense_y2"),
        lambda i: sum(_get(i, "rd_expense_y1", "rd_expense_y2"), Decimal(0)) / 2,
    ),
}


@dataclass(frozen=True, slots=True)
class MeasureValue:
    value: Decimal | None
    missing: tuple[str, ...] = ()
    note: str = ""


def measure(name: str, inputs: Inputs, cache: dict[str, MeasureValue] | None = None) -> MeasureValue:
    if cache is not None and name in cache:
        return cache[name]
    try:
        mv = MeasureValue(MEASURES[name].fn(inputs))
    except _Missing as m:
        mv = MeasureValue(None, m.inputs, m.note)
    if cache is not None:
        cache[name] = mv
    return mv


def compare(value: Decimal, op: str, threshold: Decimal) -> bool:
    if op == ">=":
        return value >= threshold
    if op == ">":
        return value > threshold
    if op == "<=":
        return value <= threshold
    if op == "<":
        return value < threshold
    raise ValueError(op)


# --- compiled criteria -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    bound: Decimal | None  # min (higher is better) or max (lower is better); None: the catch-all band
    score: Decimal
    text: str


@dataclass(frozen=True)
class Scale:
    measure: str
    bands: tuple[Band, ...]  # best first
    lower_is_better: bool = False


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    max: Decimal
    scales: tuple[Scale, ...]  # one, or two for "either" (the higher reading counts)
    choice_options: tuple[tuple[str, str, Decimal], ...] = ()  # 特色化: answered by option code


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    max: Decimal
    min: Decimal | None
    indicators: tuple[Indicator, ...]
    note: str = ""


@dataclass(frozen=True)
class Points:
    pass_line: Decimal
    max_total: Decimal
    categories: tuple[Category, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    text: str
    node: Mapping[str, Any]


@dataclass(frozen=True)
class TierCriteria:
    key: str
    name: str
    standard: str
    validity_years: int
    pass_rule: str
    conditions: tuple[Rule, ...]
    points: Points | None
    direct: tuple[Rule, ...]
    score: Mapping[str, Any] | None  # 2026: the platform's development score against its line


@dataclass(frozen=True)
class Criteria:
    version: str
    name: str
    document_no: str
    effective_from: str
    band_edge: str
    reminder_days: int
    tiers: Mapping[str, TierCriteria]
    parameter_values: Mapping[str, Any] = field(default_factory=dict)


def _bands(raw: list[Mapping[str, Any]], lower_is_better: bool) -> tuple[Band, ...]:
    key = "max" if lower_is_better else "min"
    out = []
    for i, b in enumerate(raw):
        bound = b.get(key, b.get("min"))
        if (bound is None) != (i == len(raw) - 1):
            raise ValueError("only the last band is open")
        out.append(Band(None if bound is None else dec(bound), dec(b["score"]), str(b.get("text", ""))))
    bounds = [b.bound for b in out if b.bound is not None]
    ordered = sorted(bounds) if lower_is_better else sorted(bounds, reverse=True)
    if bounds != ordered or len(set(bounds)) != len(bounds):
        raise ValueError("band bounds out of order")
    return tuple(out)


def _indicator(raw: Mapping[str, Any]) -> Indicator:
    lower = bool(raw.get("lower_is_better", False))
    if "either" in raw:
        scales = tuple(Scale(e["measure"], _bands(e["bands"], False)) for e in raw["either"])
    else:
        scales = (Scale(raw["measure"], _bands(raw["bands"], lower), lower),)
    ind = Indicator(str(raw["id"]), str(raw["name"]), dec(raw["max"]), scales)
    for s in scales:
        if max(b.score for b in s.bands) > ind.max:
            raise ValueError(f"{ind.id}: a band scores above the maximum")
    return ind


def _node(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A rule node with its thresholds parsed once (Decimal), so evaluating never parses them again."""
    out = dict(raw)
    if "all" in raw or "any" in raw:
        key = "all" if "all" in raw else "any"
        out[key] = [_node(n) for n in raw[key]]
    elif "switch" in raw:
        out["cases"] = [
            {**c, "min": None if c.get("min") is None else dec(c["min"]), "rule": _node(c["rule"])}
            for c in raw["cases"]
        ]
    elif "measure" in raw:
        out["value"] = dec(raw["value"])
        out["_k"] = "measure"
    return out


def compile_criteria(resolved: Mapping[str, Any]) -> Criteria:
    """Fast objects from a resolved definition (see ``criteria.resolve``)."""
    tiers: dict[str, TierCriteria] = {}
    for key in TIERS:
        raw = resolved["tiers"][key]
        points = None
        if "points" in raw:
            cats = []
            for c in raw["points"]["categories"]:
                inds = [_indicator(i) for i in c.get("indicators", [])]
                for t in c.get("tese") or []:
                    opts = tuple((o["code"], o["text"], dec(o["score"])) for o in t["options"])
                    inds.append(Indicator(t["id"], t["name"], dec(t["max"]), (), opts))
                note = ""
                if "tese" in c and not c.get("tese"):
                    note = "特色化指标由省级中小企业主管部门设定，尚未配置，本项暂按 0 分计"
                cat = Category(
                    str(c["id"]),
                    str(c["name"]),
                    dec(c["max"]),
                    dec(c["min"]) if c.get("min") is not None else None,
                    tuple(inds),
                    note,
                )
                if sum((i.max for i in cat.indicators), Decimal(0)) > cat.max:
                    raise ValueError(f"{cat.name}: indicators exceed the category maximum")
                cats.append(cat)
            points = Points(dec(raw["points"]["pass_line"]), dec(raw["points"]["max_total"]), tuple(cats))
            if sum((c.max for c in cats), Decimal(0)) != points.max_total:
                raise ValueError(f"{key}: categories do not add up to the maximum")
        score = None
        if raw.get("score"):
            score = {**raw["score"], "pass_line": dec(raw["score"]["pass_line"])}
        tiers[key] = TierCriteria(
            key=key,
            name=str(raw["name"]),
            standard=str(raw.get("standard", "")),
            validity_years=int(raw["validity_years"]),
            pass_rule=str(raw["pass_rule"]),
            conditions=tuple(Rule(str(c["id"]), str(c["text"]), _node(c["rule"])) for c in raw.get("conditions", [])),
            points=points,
            direct=tuple(
                Rule(str(c["id"]), str(c["text"]), _node(c["rule"])) for c in raw.get("direct_conditions", [])
            ),
            score=score,
        )
        if tiers[key].pass_rule not in ("points_or_direct", "conditions_and_points_or_direct", "conditions"):
            raise ValueError(f"{key}: unknown pass_rule")
    pv = resolved.get("parameter_values", {})
    return Criteria(
        version=str(resolved["version"]),
        name=str(resolved["name"]),
        document_no=str(resolved["document_no"]),
        effective_from=str(resolved["effective_from"]),
        band_edge=str(pv.get("band_edge", "higher")),
        reminder_days=int(pv.get("expiry_reminder_days", 90)),
        tiers=tiers,
        parameter_values=pv,
    )


# --- evaluating --------------------------------------------------------------------------------------------


def and3(values: list[str]) -> str:
    if NOT_MET in values:
        return NOT_MET
    return MISSING if MISSING in values else MET


def or3(values: list[str]) -> str:
    if MET in values:
        return MET
    return MISSING if MISSING in values else NOT_MET


def _fmt(d: Decimal | None, places: int = 2) -> str | None:
    if d is None:
        return None
    q = d.quantize(CENT if places == 2 else Decimal(1).scaleb(-places)) if places else d.to_integral_value()
    s = format(q, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


@dataclass(slots=True)
class Leaf:
    """One checked comparison or flag inside a condition (what the gap works on)."""

    kind: str  # measure | flag | tier_held
    status: str
    name: str
    op: str = ""
    threshold: Decimal | None = None
    value: Decimal | None = None
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        if self.kind == "measure":
            m = MEASURES[self.name]
            return {
                "kind": "measure",
                "measure": self.name,
                "label": m.label,
                "unit": m.unit,
                "op": self.op,
                "threshold": _fmt(self.threshold),
                "value": _fmt(self.value),
                "status": self.status,
                "missing": [INPUTS[n].label for n in self.missing],
            }
        label = INPUTS[self.name].label if self.kind == "flag" else TIER_LABELS[self.name]
        return {
            "kind": self.kind,
            "name": self.name,
            "label": label,
            "status": self.status,
            "missing": [INPUTS[n].label for n in self.missing],
        }


def eval_rule(
    node: Mapping[str, Any], inputs: Inputs, leaves: list[Leaf] | None, cache: dict[str, MeasureValue] | None = None
) -> str:
    """met / not met / missing; the checked comparisons go to ``leaves`` (None: status only, nothing built)."""
    kind = node.get("_k")
    if kind == "measure":  # the common leaf first (compiled nodes carry their kind and a Decimal threshold)
        name = node["measure"]
        mv = measure(name, inputs, cache)
        if mv.value is None:
            if leaves is not None:
                leaves.append(Leaf("measure", MISSING, name, node["op"], node["value"], None, mv.missing))
            return MISSING
        status = MET if compare(mv.value, node["op"], node["value"]) else NOT_MET
        if leaves is not None:
            leaves.append(Leaf("measure", status, name, node["op"], node["value"], mv.value))
        return status
    if "all" in node:
        return and3([eval_rule(n, inputs, leaves, cache) for n in node["all"]])
    if "any" in node:
        return or3([eval_rule(n, inputs, leaves, cache) for n in node["any"]])
    if "switch" in node:
        mv = measure(node["switch"], inputs, cache)
        if mv.value is None:
            if leaves is not None:
                leaves.append(Leaf("measure", MISSING, node["switch"], missing=mv.missing))
            return MISSING
        for case in node["cases"]:
            if case.get("min") is None or mv.value >= dec(case["min"]):
                return eval_rule(case["rule"], inputs, leaves, cache)
        return NOT_MET
    if "flag" in node:
        v = inputs.get(node["flag"])
        status = MISSING if v is None else (MET if v else NOT_MET)
        if leaves is not None:
            leaves.append(Leaf("flag", status, node["flag"], missing=(node["flag"],) if v is None else ()))
        return status
    if "tier_held" in node:
        tier = node["tier_held"]
        names = [HOLD_INPUT[t] for t in TIERS if TIER_RANK[t] >= TIER_RANK[tier] and t in HOLD_INPUT]
        values = [inputs.get(n) for n in names]
        if any(v is True for v in values):
            status = MET
        elif any(v is None for v in values):
            status = MISSING
        else:
            status = NOT_MET
        if leaves is not None:
            leaves.append(
                Leaf(
                    "tier_held",
                    status,
                    tier,
                    missing=tuple(n for n, v in zip(names, values, strict=True) if v is None)
                    if status == MISSING
                    else (),
                )
            )
        return status
    mv = measure(node["measure"], inputs, cache)
    threshold = node["value"] if isinstance(node["value"], Decimal) else dec(node["value"])
    if mv.value is None:
        if leaves is not None:
            leaves.append(Leaf("measure", MISSING, node["measure"], node["op"], threshold, None, mv.missing))
        return MISSING
    status = MET if compare(mv.value, node["op"], threshold) else NOT_MET
    if leaves is not None:
        leaves.append(Leaf("measure", status, node["measure"], node["op"], threshold, mv.value))
    return status


def _band_of(scale: Scale, value: Decimal, edge: str) -> int:
    inclusive = edge == "higher" or MEASURES[scale.measure].discrete
    for i, b in enumerate(scale.bands):
        if b.bound is None:
            return i
        if scale.lower_is_better:
            # the edge value belongs to the band above it when edges go to the higher band
            if (value < b.bound) if inclusive else (value <= b.bound):
                return i
        elif (value >= b.bound) if inclusive else (value > b.bound):
            return i
    return len(scale.bands) - 1


def band_op(scale: Scale, edge: str) -> str:
    """The comparison a value must pass to reach a band of this scale."""
    inclusive = edge == "higher" or MEASURES[scale.measure].discrete
    if scale.lower_is_better:
        return "<" if inclusive else "<="
    return ">=" if inclusive else ">"


@dataclass
class IndicatorResult:
    indicator: Indicator
    points: Decimal | None  # None: missing data
    low: Decimal  # the points sure to be earned
    band: str
    scale_index: int  # which scale gave the points (either-indicators)
    band_index: int
    values: dict[str, Decimal | None]
    inputs: dict[str, Any]
    missing: tuple[str, ...]
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        ind = self.indicator
        return {
            "id": ind.id,
            "name": ind.name,
            "max": _fmt(ind.max),
            "points": _fmt(self.points),
            "band": self.band,
            "status": MISSING if self.points is None else "scored",
            "values": [
                {
                    "measure": m,
                    "label": MEASURES[m].label if m in MEASURES else m,
                    "unit": MEASURES[m].unit if m in MEASURES else "",
                    "value": _fmt(v),
                }
                for m, v in self.values.items()
            ],
            "inputs": [
                {"name": k, "label": INPUTS[k].label if k in INPUTS else k, "value": _jsonable(v)}
                for k, v in self.inputs.items()
            ],
            "missing": [INPUTS[n].label if n in INPUTS else n for n in self.missing],
            "note": self.note,
        }


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):
        return _fmt(v)
    return v


def score_indicator(
    ind: Indicator, inputs: Inputs, edge: str, tese: Mapping[str, Any], cache: dict[str, MeasureValue] | None = None
) -> IndicatorResult:
    if ind.choice_options:
        code = tese.get(ind.id)
        for c, text, score in ind.choice_options:
            if c == code:
                return IndicatorResult(ind, score, score, text, 0, 0, {}, {ind.id: text}, ())
        return IndicatorResult(ind, None, Decimal(0), "", 0, 0, {}, {}, (ind.id,), "未选择")
    best: tuple[Decimal, int, int] | None = None
    values: dict[str, Decimal | None] = {}
    missing: list[str] = []
    notes = []
    used: dict[str, Any] = {}
    for si, scale in enumerate(ind.scales):
        mv = measure(scale.measure, inputs, cache)
        values[scale.measure] = mv.value
        for n in MEASURES[scale.measure].inputs:
            used[n] = inputs.get(n)
        if mv.value is None:
            missing.extend(n for n in mv.missing if n not in missing)
            if mv.note:
                notes.append(mv.note)
            continue
        bi = _band_of(scale, mv.value, edge)
        cand = (scale.bands[bi].score, si, bi)
        if best is None or cand[0] > best[0]:
            best = cand
    if best is None:
        return IndicatorResult(ind, None, Decimal(0), "", 0, 0, values, used, tuple(missing), "；".join(notes))
    score, si, bi = best
    band = ind.scales[si].bands[bi].text
    if missing and score < ind.max:
        # another reading could score higher: only the points already reached are certain
        return IndicatorResult(ind, None, score, band, si, bi, values, used, tuple(missing), "；".join(notes))
    return IndicatorResult(ind, score, score, band, si, bi, values, used, (), "")


@dataclass
class TierResult:
    tier: TierCriteria
    status: str
    conditions: list[dict[str, Any]]
    condition_leaves: dict[str, list[Leaf]]
    condition_status: str
    indicators: list[IndicatorResult]
    category_points: list[tuple[Category, Decimal, Decimal]]  # (category, points sure, points possible)
    total_low: Decimal | None
    total_high: Decimal | None
    points_status: str | None
    direct: list[dict[str, Any]]
    direct_status: str | None
    score_value: Decimal | None
    gap: dict[str, Any] | None = None

    @property
    def categories(self) -> list[dict[str, Any]]:
        """The category subtotals as JSON (formatted only when read)."""
        return [_category_out(cat, lo, hi) for cat, lo, hi in self.category_points]

    @property
    def points_gap(self) -> Decimal | None:
        """Points still missing to the pass line (0 when reached), from what is known."""
        if self.tier.points is not None and self.total_low is not None:
            return max(Decimal(0), self.tier.points.pass_line - self.total_low)
        if self.tier.score is not None and self.score_value is not None:
            return max(Decimal(0), dec(self.tier.score["pass_line"]) - self.score_value)
        return None

    @property
    def total(self) -> Decimal | None:
        if self.tier.points is not None:
            return self.total_low
        return self.score_value

    @property
    def pass_line(self) -> Decimal | None:
        if self.tier.points is not None:
            return self.tier.points.pass_line
        if self.tier.score is not None:
            return Decimal(self.tier.score["pass_line"])
        return None

    @property
    def unmet(self) -> int:
        return sum(1 for c in self.conditions if c["status"] == NOT_MET)

    @property
    def missing_count(self) -> int:
        return sum(1 for c in self.conditions if c["status"] == MISSING) + sum(
            1 for i in self.indicators if i.points is None
        )

    def to_dict(self) -> dict[str, Any]:
        t = self.tier
        return {
            "tier": t.key,
            "name": t.name,
            "standard": t.standard,
            "status": self.status,
            "status_label": {PASS: "达到", FAIL: "未达到", MISSING: "缺少数据，无法判断"}[self.status],
            "pass_rule": t.pass_rule,
            "conditions": _checks_out(self.conditions),
            "condition_status": self.condition_status,
            "points": None
            if t.points is None
            else {
                "total": _fmt(self.total_low),
                "total_high": _fmt(self.total_high),
                "max_total": _fmt(t.points.max_total),
                "pass_line": _fmt(t.points.pass_line),
                "status": self.points_status,
                "categories": self.categories,
                "indicators": [i.to_dict() for i in self.indicators],
            },
            "score": None
            if t.score is None
            else {
                "name": t.score.get("name", ""),
                "value": _fmt(self.score_value),
                "pass_line": _fmt(dec(t.score["pass_line"])),
            },
            "direct": _checks_out(self.direct),
            "direct_status": self.direct_status,
            "direct_applies": [d["id"] for d in self.direct if d["status"] == MET],
            "points_gap": _fmt(self.points_gap),
            "unmet": self.unmet,
            "missing_count": self.missing_count,
            "gap": self.gap,
        }


def _category_out(cat: Category, lo: Decimal, hi: Decimal) -> dict[str, Any]:
    return {
        "id": cat.id,
        "name": cat.name,
        "max": _fmt(cat.max),
        "min": _fmt(cat.min),
        "points": _fmt(lo),
        "points_high": _fmt(hi),
        "status": (MET if lo >= cat.min else (NOT_MET if hi < cat.min else MISSING)) if cat.min is not None else None,
        "note": cat.note,
    }


def _rule_out(
    rule: Rule, inputs: Inputs, cache: dict[str, MeasureValue], record: bool = True
) -> tuple[dict[str, Any], list[Leaf]]:
    leaves: list[Leaf] = []
    status = eval_rule(rule.node, inputs, leaves if record else None, cache)
    return {"id": rule.id, "text": rule.text, "status": status, "_leaves": leaves}, leaves


def _checks_out(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conditions as JSON: the checked comparisons are rendered only when a result is serialized."""
    return [
        {**{k: v for k, v in c.items() if k != "_leaves"}, "checks": [lf.to_dict() for lf in c["_leaves"]]}
        for c in items
    ]


def evaluate_tier(
    criteria: Criteria,
    tier_key: str,
    inputs: Inputs,
    tese: Mapping[str, Any] | None = None,
    cache: dict[str, MeasureValue] | None = None,
    record: bool = True,
) -> TierResult:
    """One tier. ``cache`` may be shared by evaluations of the very same inputs (measures are pure).
    ``record=False``: statuses and points only, without the checked comparisons (the gap's evaluations)."""
    tier = criteria.tiers[tier_key]
    tese = tese or {}
    cache = {} if cache is None else cache
    conditions = []
    leaves_by: dict[str, list[Leaf]] = {}
    for rule in tier.conditions:
        out, leaves = _rule_out(rule, inputs, cache, record)
        conditions.append(out)
        leaves_by[rule.id] = leaves
    cond_status = and3([c["status"] for c in conditions]) if conditions else MET
    indicators: list[IndicatorResult] = []
    categories: list[tuple[Category, Decimal, Decimal]] = []
    total_low = total_high = None
    points_status = None
    if tier.points is not None:
        total_low = total_high = Decimal(0)
        ok_low, ok_high = True, True
        for cat in tier.points.categories:
            lo = hi = Decimal(0)
            for ind in cat.indicators:
                r = score_indicator(ind, inputs, criteria.band_edge, tese, cache)
                indicators.append(r)
                lo += r.low
                hi += ind.max if r.points is None else r.points
            total_low += lo
            total_high += hi
            if cat.min is not None:
                ok_low = ok_low and lo >= cat.min
                ok_high = ok_high and hi >= cat.min
            categories.append((cat, lo, hi))  # rendered by to_dict only
        line = tier.points.pass_line
        if total_low >= line and ok_low:
            points_status = MET
        elif total_high < line or not ok_high:
            points_status = NOT_MET
        else:
            points_status = MISSING
    direct = []
    for rule in tier.direct:
        out, _ = _rule_out(rule, inputs, cache, record)
        direct.append(out)
    direct_status = or3([d["status"] for d in direct]) if direct else None
    score_value = None
    if tier.score is not None:
        score_value = measure(tier.score["measure"], inputs, cache).value
    if tier.pass_rule == "points_or_direct":  # noqa: S105 - a rule name, not a secret
        overall = or3([points_status or NOT_MET, direct_status or NOT_MET])
    elif tier.pass_rule == "conditions_and_points_or_direct":  # noqa: S105 - a rule name, not a secret
        overall = and3([cond_status, or3([points_status or NOT_MET, direct_status or NOT_MET])])
    else:
        overall = cond_status
    status = {MET: PASS, NOT_MET: FAIL, MISSING: MISSING}[overall]
    return TierResult(
        tier,
        status,
        conditions,
        leaves_by,
        cond_status,
        indicators,
        categories,
        total_low,
        total_high,
        points_status,
        direct,
        direct_status,
        score_value,
    )


@dataclass
class Evaluation:
    criteria: Criteria
    results: dict[str, TierResult]

    @property
    def next_tier(self) -> str | None:
        """The first tier above the one the enterprise holds (from its inputs)."""
        held = held_rank(self._inputs)
        for t in TIERS:
            if TIER_RANK[t] > held:
                return t
        return None

    _inputs: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "criteria": {
                "version": self.criteria.version,
                "name": self.criteria.name,
                "document_no": self.criteria.document_no,
                "effective_from": self.criteria.effective_from,
                "band_edge": self.criteria.band_edge,
            },
            "tiers": [self.results[t].to_dict() for t in TIERS],
            "next_tier": self.next_tier,
        }


def held_rank(inputs: Mapping[str, Any]) -> int:
    if inputs.get("holds_specialized"):
        return TIER_RANK["specialized"]
    if inputs.get("holds_innovative") or inputs.get("tech_sme_valid"):
        return TIER_RANK["innovative"]
    return 0


def evaluate(
    criteria: Criteria, inputs: Inputs, tese: Mapping[str, Any] | None = None, *, with_gap: bool = True
) -> Evaluation:
    """All three tiers at once; the gap for every tier not yet reached."""
    cache: dict[str, MeasureValue] = {}  # the same inputs for the three tiers: each measure computed once
    results = {t: evaluate_tier(criteria, t, inputs, tese, cache) for t in TIERS}
    if with_gap:
        for t, r in results.items():
            if r.status != PASS:
                r.gap = tier_gap(criteria, t, inputs, tese, r, cache)
    ev = Evaluation(criteria, results)
    ev._inputs = inputs
    return ev


# --- the gap ------------------------------------------------------------------------------------------------

# Inputs a gap may change, and the direction that helps.
LEVERS_UP = {
    "rd_expense_y1",
    "rd_expense_y2",
    "revenue_y1",
    "main_revenue_y1",
    "net_profit_y1",
    "equity_financing_2y",
    "equity_financing_3y",
    "segment_years",
    "rd_staff_y1",
    "ip_class1",
    "ip_class1_self",
    "ip_class1_high_value",
    "ip_class1_applied",
    "ip_class2",
    "rd_institution_level",
    "digital_level",
    "market_share_pct",
    "dev_score",
}
LEVERS_DOWN = {"total_liabilities_y1"}

Moves = dict[str, Any]


def _ceil(d: Decimal, q: Decimal = CENT) -> Decimal:
    return d.quantize(q, rounding=ROUND_CEILING)


def _floor(d: Decimal, q: Decimal = CENT) -> Decimal:
    return d.quantize(q, rounding=ROUND_FLOOR)


def _solve(name: str, op: str, t: Decimal, i: Inputs) -> Moves | None:
    """Input values that bring measure ``name`` to satisfy ``op t``, changing one lever; None: no lever."""
    g = i.get
    with localcontext() as ctx:
        ctx.prec = 40
        want_up = op in (">=", ">")
        try:
            if name in (
                "rd_expense_y1",
                "rd_expense_y2",
                "revenue_y1",
                "equity_financing_2y",
                "equity_financing_3y",
                "market_share_pct",
                "dev_score",
            ):
                return {name: _ceil(t)} if want_up else None
            if name in ("segment_years", "rd_institution_level", "digital_level", "ip_class1_applied"):
                if not want_up:
                    return None
                v = int(t.to_integral_value(rounding=ROUND_CEILING))
                moves: Moves = {name: v}
                if name == "ip_class1_applied":
                    moves["ip_class1"] = max(v, g("ip_class1") or 0)
                return moves
            if name in ("rd_intensity_y1", "rd_intensity_y2"):
                y = name[-2:]
                rev = g(f"revenue_{y}")
                return {f"rd_expense_{y}": _ceil(t * rev / HUNDRED)} if want_up and rev and rev > 0 else None
            if name == "main_share_y1":
                rev = g("revenue_y1")
                return {"main_revenue_y1": _ceil(t * rev / HUNDRED)} if want_up and rev and rev > 0 else None
            if name == "net_margin_y1":
                rev = g("revenue_y1")
                return {"net_profit_y1": _ceil(t * rev / HUNDRED)} if want_up and rev and rev > 0 else None
            if name == "debt_ratio":
                assets = g("total_assets_y1")
                return (
                    {"total_liabilities_y1": _floor(t * assets / HUNDRED)}
                    if not want_up and assets and assets > 0
                    else None
                )
            if name == "rd_staff_share_y1":
                emp = g("employees_y1")
                if not want_up or not emp:
                    return None
                return {"rd_staff_y1": int((t * emp / HUNDRED).to_integral_value(rounding=ROUND_CEILING))}
            if name in ("main_growth_y1", "main_growth_avg_2y"):
                m2 = g("main_revenue_y2")
                if not want_up or not m2 or m2 <= 0:
                    return None
                need = t
                if name == "main_growth_avg_2y":
                    m3 = g("main_revenue_y3")
                    if not m3 or m3 <= 0:
                        return None
                    need = 2 * t - (m2 - m3) * HUNDRED / m3
                m1 = _ceil(m2 * (1 + need / HUNDRED))
                moves = {"main_revenue_y1": m1}
                r1 = g("revenue_y1")
                if r1 is not None and m1 > r1:
                    moves["revenue_y1"] = m1
                return moves
            if name == "revenue_cagr_2y":
                r3 = g("revenue_y3")
                return {"revenue_y1": _ceil(r3 * (1 + t / HUNDRED) ** 2)} if want_up and r3 and r3 > 0 else None
            if name == "rd_expense_total_2y":
                r2 = g("rd_expense_y2")
                if not want_up or r2 is None:
                    return None
                return {"rd_expense_y1": _ceil(t - r2)}
            if name == "rd_expense_avg_2y":
                r2 = g("rd_expense_y2")
                if not want_up or r2 is None:
                    return None
                return {"rd_expense_y1": _ceil(2 * t - r2)}
            if name == "ip_grade":
                level = int(t.to_integral_value(rounding=ROUND_CEILING))
                c1 = max(g("ip_class1") or 0, 1)
                if level >= 4:
                    return {"ip_class1_high_value": 1, "ip_class1": c1}
                if level == 3:
                    return {"ip_class1_self": 1, "ip_class1": c1}
                if level == 2:
                    return {"ip_class1": c1}
                return {"ip_class2": max(g("ip_class2") or 0, 1)}
            if name == "quality_items":
                have = list(g("quality_items") or [])
                n = int(t.to_integral_value(rounding=ROUND_CEILING))
                for code in QUALITY_ITEMS:
                    if len(have) >= n:
                        break
                    if code not in have:
                        have.append(code)
                return {"quality_items": sorted(have)}
        except (InvalidOperation, TypeError):
            return None
    return None


def _solve_checked(name: str, op: str, t: Decimal, i: Inputs) -> Moves | None:
    """``_solve``, then nudged by the smallest unit until the measure really satisfies the comparison."""
    moves = _solve(name, op, t, i)
    if moves is None:
        return None
    for _ in range(3):
        trial = _merge(i, moves)
        mv = measure(name, trial)
        if mv.value is not None and compare(mv.value, op, t):
            return {k: v for k, v in moves.items() if i.get(k) != v}
        key = next(iter(moves))
        val = moves[key]
        step: Any = CENT if isinstance(val, Decimal) else 1
        if isinstance(val, list):
            return None
        moves[key] = val - step if key in LEVERS_DOWN else val + step
    return None


def _merge(inputs: Inputs, moves: Moves) -> dict[str, Any]:
    out = dict(inputs)
    for k, v in moves.items():
        cur = out.get(k)
        if cur is None or isinstance(v, list):
            out[k] = v
        elif k in LEVERS_DOWN:
            out[k] = min(cur, v)
        else:
            out[k] = max(cur, v)
    return out


def _merge_moves(a: Moves, b: Moves) -> Moves:
    out = dict(a)
    for k, v in b.items():
        if k not in out or isinstance(v, list):
            out[k] = sorted(set(out.get(k, [])) | set(v)) if isinstance(v, list) else v
        else:
            out[k] = min(out[k], v) if k in LEVERS_DOWN else max(out[k], v)
    return out


def _effort(inputs: Inputs, moves: Moves) -> float:
    """Relative size of a change (for ranking only; never a score)."""
    total = 0.0
    for k, v in moves.items():
        cur = inputs.get(k)
        if isinstance(v, list):
            total += len(set(v) - set(cur or []))
            continue
        base = abs(float(cur)) if cur else 1.0
        total += abs(float(v) - float(cur or 0)) / max(base, 1.0)
    return total


def _rule_moves(
    node: Mapping[str, Any], inputs: Inputs, needs: list[str], cache: dict[str, MeasureValue] | None = None
) -> Moves | None:
    """Moves that make a rule met; None when no input change can (``needs`` collects the reasons).

    A composite node is not evaluated as a whole first: its status follows from its children ({} means
    met), so every leaf is evaluated once per call instead of once per level above it."""
    composite = "all" in node or "any" in node or "switch" in node
    if not composite and eval_rule(node, inputs, None, cache) == MET:
        return {}
    if "all" in node:
        moves: Moves = {}
        for child in node["all"]:
            m = _rule_moves(child, inputs, needs, cache)
            if m is None:
                return None
            moves = _merge_moves(moves, m)
        return moves
    if "any" in node:
        best: tuple[float, Moves] | None = None
        child_needs: list[str] = []
        for child in node["any"]:
            sub: list[str] = []
            m = _rule_moves(child, inputs, sub, cache)
            if m is None:
                child_needs.extend(sub)
                continue
            if not m:
                return {}  # a met alternative: the rule is met
            cost = _effort(inputs, m)
            if best is None or cost < best[0]:
                best = (cost, m)
        if best is None:
            needs.append("或".join(dict.fromkeys(child_needs)) if child_needs else "")
            return None
        return best[1]
    if "switch" in node:
        mv = measure(node["switch"], inputs, cache)
        if mv.value is None:
            needs.append(f"补充{MEASURES[node['switch']].label}")
            return None
        for case in node["cases"]:
            if case.get("min") is None or mv.value >= dec(case["min"]):
                return _rule_moves(case["rule"], inputs, needs, cache)
        return None
    if "flag" in node:
        needs.append(INPUTS[node["flag"]].label)
        return None
    if "tier_held" in node:
        needs.append(f"先取得{TIER_LABELS[node['tier_held']]}称号")
        return None
    mv = measure(node["measure"], inputs, cache)
    if mv.value is None:
        needs.append(f"补充{MEASURES[node['measure']].label}所需数据")
        return None
    m = _solve_checked(node["measure"], node["op"], dec(node["value"]), inputs)
    if m is None:
        needs.append(
            f"{MEASURES[node['measure']].label}{node['op']}{_fmt(dec(node['value']))}{MEASURES[node['measure']].unit}"
        )
    return m


@dataclass
class _Option:
    gain: Decimal
    moves: Moves
    effort: float
    band: str


def _indicator_options(r: IndicatorResult, inputs: Inputs, edge: str) -> list[_Option]:
    """Every better band of an indicator reachable by changing inputs, with its gain."""
    if r.points is None or not r.indicator.scales:
        return []
    out = []
    for scale in r.indicator.scales:
        op = band_op(scale, edge)
        for band in scale.bands:
            if band.bound is None or band.score <= r.points:
                continue
            moves = _solve_checked(scale.measure, op, band.bound, inputs)
            if moves is None or not moves:
                continue
            out.append(_Option(band.score - r.points, moves, _effort(inputs, moves), band.text))
    return out


def _cheapest(options: list[list[_Option]], need: Decimal) -> list[_Option] | None:
    """At most one option per indicator, reaching ``need`` points: fewest indicators, then least effort."""
    if need <= 0:
        return []
    cap = int(need.to_integral_value(rounding=ROUND_CEILING))
    # state: points gained (capped) -> (count, effort, chosen)
    best: dict[int, tuple[int, float, tuple[_Option, ...]]] = {0: (0, 0.0, ())}
    for opts in options:
        nxt = dict(best)
        for gained, (count, effort, chosen) in best.items():
            for o in opts:
                g = min(cap, gained + int(o.gain.to_integral_value(rounding=ROUND_FLOOR)))
                cand = (count + 1, effort + o.effort, (*chosen, o))
                cur = nxt.get(g)
                if cur is None or cand[:2] < cur[:2]:
                    nxt[g] = cand
        best = nxt
    if cap not in best:
        return None
    return list(best[cap][2])


def _points_moves(criteria: Criteria, r: TierResult, inputs: Inputs) -> tuple[Moves, Decimal] | None:
    pts = r.tier.points
    if pts is None or r.total_low is None:
        return {}, Decimal(0)
    by_ind = {x.indicator.id: x for x in r.indicators}
    options = {x.indicator.id: _indicator_options(x, inputs, criteria.band_edge) for x in r.indicators}
    chosen: dict[str, _Option] = {}
    # category minimums first (创新型), then the total
    for cat in pts.categories:
        if cat.min is None:
            continue
        have = sum((by_ind[i.id].low for i in cat.indicators), Decimal(0))
        if have >= cat.min:
            continue
        pick = _cheapest([options[i.id] for i in cat.indicators], cat.min - have)
        if pick is None:
            return None
        for ci in cat.indicators:
            for o in pick:
                if o in options[ci.id]:
                    chosen[ci.id] = o
    gained = sum((o.gain for o in chosen.values()), Decimal(0))
    need = pts.pass_line - r.total_low - gained
    if need > 0:
        rest_ids = [i for i in options if i not in chosen]
        pick = _cheapest([options[i] for i in rest_ids], need)
        if pick is None:
            # upgrading an already chosen indicator further may still close it
            pick = _cheapest([options[i] for i in options], pts.pass_line - r.total_low)
            if pick is None:
                return None
            chosen = {}
        for i in options:
            for o in pick:
                if o in options[i]:
                    chosen[i] = o
    moves: Moves = {}
    for o in chosen.values():
        moves = _merge_moves(moves, o.moves)
    return moves, sum((o.gain for o in chosen.values()), Decimal(0))


def _seeded(cache: dict[str, MeasureValue] | None, changed: set[str]) -> dict[str, MeasureValue]:
    """The measures of the original inputs that read none of the changed inputs (still exact)."""
    if not cache:
        return {}
    return {m: v for m, v in cache.items() if changed.isdisjoint(MEASURES[m].inputs)}


def tier_gap(
    criteria: Criteria,
    tier_key: str,
    inputs: Inputs,
    tese: Mapping[str, Any] | None,
    result: TierResult,
    cache: dict[str, MeasureValue] | None = None,
) -> dict[str, Any]:
    """The smallest input changes that pass the tier, verified by evaluating them.

    ``cache``: measures of ``inputs`` already computed; the evaluations of changed inputs reuse those
    that read none of the changed inputs (a measure depends only on its declared inputs)."""
    missing: list[str] = []
    for c in result.conditions:
        for lf in c["_leaves"]:
            missing.extend(INPUTS[n].label for n in lf.missing)
    for ind in result.indicators:
        if ind.points is None:
            missing.extend(ind.to_dict()["missing"])
    missing = list(dict.fromkeys(missing))
    needs: list[str] = []
    moves: Moves = {}
    gain = Decimal(0)
    current: dict[str, Any] = dict(inputs)
    blocked = False
    r = result
    r_is_current = True  # r is the evaluation of `current`
    for round_no in range(4):
        if round_no:
            r = evaluate_tier(criteria, tier_key, current, tese, _seeded(cache, set(moves)), record=False)
            r_is_current = True
        if r.status == PASS:
            break
        round_cache = _seeded(cache, set(moves))  # measures of `current` known so far
        step: Moves = {}
        for rule in r.tier.conditions:
            cond = next(c for c in r.conditions if c["id"] == rule.id)
            if cond["status"] == MET:
                continue
            sub: list[str] = []
            m = _rule_moves(rule.node, current, sub, round_cache)
            if m is None:
                needs.extend(f"{rule.id} {s}" if s else f"{rule.id} {rule.text}" for s in (sub or [""]))
                blocked = True
            else:
                step = _merge_moves(step, m)
        if r.tier.points is not None and r.points_status != MET and r.direct_status != MET:
            pm = _points_moves(criteria, r, current)
            if pm is None:
                needs.append("现有指标提升后仍达不到及格线，可考虑直通条件")
                blocked = True
            else:
                step = _merge_moves(step, pm[0])
                gain += pm[1]
        moves = _merge_moves(moves, step)
        if step:
            current = _merge(current, step)
            r_is_current = False
        if blocked or not step:
            break
    if not moves:
        after = result
    elif r_is_current:
        after = r  # the changed inputs were evaluated in the last round: that is the verification
    else:
        after = evaluate_tier(criteria, tier_key, current, tese, _seeded(cache, set(moves)), record=False)
    passes = after.status == PASS
    items = []
    for k, v in moves.items():
        spec = INPUTS[k]
        old = inputs.get(k)
        if isinstance(v, list):
            added = [QUALITY_ITEMS[c] for c in v if c not in (old or [])]
            items.append(
                {
                    "input": k,
                    "label": spec.label,
                    "unit": spec.unit,
                    "from": old,
                    "to": v,
                    "delta": None,
                    "text": f"{spec.label}：新增“{'”“'.join(added)}”",
                }
            )
            continue
        delta = v - old if old is not None else None
        sign = "+" if delta is not None and delta >= 0 else ""
        d_txt = (
            f"{sign}{_fmt(delta) if isinstance(delta, Decimal) else delta}"
            if delta is not None
            else f"达到 {_fmt(v) if isinstance(v, Decimal) else v}"
        )
        text = (
            f"{spec.label} {d_txt} {spec.unit}".strip()
            if k not in ("rd_institution_level",)
            else f"研发机构级别提升至{RD_INSTITUTION_LEVELS.get(int(v), v)}"
        )
        if k == "digital_level":
            text = f"数字化水平提升至{int(v)}级"
        items.append(
            {
                "input": k,
                "label": spec.label,
                "unit": spec.unit,
                "from": _jsonable(old),
                "to": _jsonable(v),
                "delta": _jsonable(delta),
                "text": text,
            }
        )
    gain_points = None
    if result.tier.points is not None and after.total_low is not None and result.total_low is not None:
        gain_points = after.total_low - result.total_low
    summary = ""
    if items:
        summary = "；".join(str(i["text"]) for i in items)
        if gain_points:
            summary += f" → +{_fmt(gain_points)} 分"
        summary += " → 通过" if passes and not missing else (" → 仍需满足其他条件" if not passes else "")
    deficit = result.points_gap
    return {
        "deficit_points": _fmt(deficit),
        "moves": items,
        "points_gain": _fmt(gain_points),
        "requirements": list(dict.fromkeys(n for n in needs if n.strip())),
        "missing": missing,
        "passes_after": passes and not missing and not needs,
        "summary": summary,
        "moved_inputs": {k: _jsonable(v) for k, v in moves.items()},
    }


# --- helpers for callers ------------------------------------------------------------------------------------


def float_safe(value: Decimal | None) -> float | None:
    """For charts only (ECharts wants numbers); never used in a decision."""
    return None if value is None else float(value)


def is_finite_number(x: Any) -> bool:
    return isinstance(x, (int, Decimal)) or (isinstance(x, float) and math.isfinite(x))

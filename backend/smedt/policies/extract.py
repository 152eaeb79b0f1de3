"""参数提取: propose machine-checkable conditions from a policy's text. Pure (jieba + rules).

The text is cut into sentences and clauses; jieba segments each clause (with the indicator words
added to its dictionary so they stay whole), an indicator is recognised from its words, and the
comparison is read from the operator words around the number (民法典第一千二百五十九条: 以上、以下、
以内、届满 include the number; 不满、超过、以外 do not). Every proposal carries the sentence it came
from; nothing is used for matching until an editor confirms it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from smedt.policies.indicators import INDICATORS

SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?\n]?")
CLAUSE = re.compile(r"[，,：:]")
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMBER = r"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"

PREFIX_OPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("不低于", "不少于", "达到", "不小于", "大于等于", "≥", "满"), "gte"),
    (("超过", "高于", "大于", "多于", "＞", ">"), "gt"),
    (("不超过", "不高于", "不多于", "不大于", "小于等于", "≤"), "lte"),
    (("低于", "少于", "不足", "不满", "小于", "＜", "<"), "lt"),
)
SUFFIX_OPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("及以上", "（含）以上", "(含)以上", "以上"), "gte"),
    (("及以下", "（含）以下", "(含)以下", "以下", "以内"), "lte"),
)

# indicator → words that name it (longest first when several match)
WORDS: dict[str, tuple[str, ...]] = {
    "operating_revenue": ("营业收入", "主营业务收入", "营收", "销售收入"),
    "rd_expense": ("研发费用", "研发投入", "研究开发费用"),
    "employees": ("从业人员", "从业人数", "职工人数", "员工人数", "职工", "员工"),
    "total_assets": ("资产总额", "总资产"),
    "registered_capital": ("注册资本",),
    "age_years": ("成立", "注册时间", "注册成立", "经营年限"),
    "ip_count": ("知识产权",),
    "invention_patents": ("发明专利",),
    "digital_level": ("数字化水平", "数字化转型水平"),
}
TIER_WORDS = (
    ("小巨人", "little_giant"),
    ("专精特新中小企业", "specialized"),
    ("专精特新企业", "specialized"),
    ("创新型中小企业", "innovative"),
)
INDUSTRY_WORDS = {
    "制造业": ["C"],
    "工业企业": ["B", "C", "D"],
    "软件和信息技术服务业": ["I65"],
    "软件企业": ["I65"],
    "信息技术服务": ["I65"],
    "批发和零售业": ["F"],
    "建筑业": ["E"],
    "农业": ["A"],
    "科学研究和技术服务业": ["M"],
}
REGION_CUES = ("注册", "辖区", "境内", "范围内", "区域内", "落户", "位于", "所在地")
UNIT = r"(?P<unit>亿元|万元|元|%|％|人|名|年|件|项|个|级)?"


@dataclass(frozen=True)
class Proposal:
    indicator: str
    operator: str
    threshold: Decimal | None = None
    values: list[str] = field(default_factory=list)
    unit: str = ""
    sentence: str = ""


def cn_number(text: str) -> Decimal | None:
    """Arabic or simple Chinese numerals (三, 十二, 两百, 一千五百) → Decimal."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            return None
    return Decimal(total + current)


@cache
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(60)
    for words in WORDS.values():
        for w in words:
            jieba.add_word(w, freq=200000)
    for w, _ in TIER_WORDS:
        jieba.add_word(w, freq=200000)
    for w in INDUSTRY_WORDS:
        jieba.add_word(w, freq=200000)
    jieba.add_word("研发费用占比", freq=200000)
    return jieba


def tokens(text: str) -> list[str]:
    jieba = _jieba()
    return [t for t in jieba.lcut(text) if t.strip()]  # type: ignore[attr-defined]


def _operator(before: str, after: str) -> str | None:
    for words, op in SUFFIX_OPS:
        if any(after.startswith(w) for w in words):
            return op
    for words, op in PREFIX_OPS:
        if any(before.endswith(w) for w in words):
            return op
    return None


def _unit_for(indicator: str, unit: str) -> str:
    ind = INDICATORS[indicator]
    unit = {"％": "%", "名": "人", "个": "件"}.get(unit, unit)
    if unit in ind.units:
        return unit
    return ind.unit


NUM_RE = re.compile(NUMBER + r"\s*" + UNIT)


def _comparison(clause: str, start: int, indicator: str) -> Proposal | None:
    """The first number after the indicator word, with its unit and operator."""
    for m in NUM_RE.finditer(clause, start):
        num = cn_number(m.group("num"))
        if num is None:
            continue
        unit = m.group("unit") or ""
        norm = {"％": "%", "名": "人", "个": "件"}.get(unit, unit)
        ind = INDICATORS[indicator]
        if (norm and norm not in ind.units) or (not norm and ind.unit in ("万元", "%")):
            continue
        if indicator == "digital_level" and unit != "级" and not clause[m.end() :].startswith("级"):
            continue
        before = clause[start : m.start()].rstrip("在为是的（(")
        after = clause[m.end() :].lstrip()
        op = _operator(before, after)
        if op is None:
            continue
        return Proposal(indicator, op, num, [], _unit_for(indicator, unit))
    return None


def _indicator_in(clause: str, toks: list[str]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    joined = "".join(toks)
    if ("研发费用" in joined or "研发投入" in joined) and re.search(r"占.*(比重|比例)|占比", joined):
        pos = joined.find("研发")
        found.append(("rd_ratio", pos))
    for code, words in WORDS.items():
        if code in ("rd_expense", "operating_revenue") and found and found[0][0] == "rd_ratio":
            continue
        for w in words:
            if w in toks or (len(w) > 2 and w in clause):
                found.append((code, clause.find(w) + len(w)))
                break
    return found


def extract(text: str, *, region_names: Mapping[str, str] | None = None) -> list[Proposal]:
    """Proposed conditions, each with its source sentence, in text order, without duplicates."""
    out: list[Proposal] = []
    seen: set[tuple[str, str, str, str]] = set()
    regions = dict(region_names or {})

    def add(p: Proposal, sentence: str) -> None:
        key = (p.indicator, p.operator, str(p.threshold), ",".join(p.values))
        if key in seen:
            return
        seen.add(key)
        out.append(Proposal(p.indicator, p.operator, p.threshold, p.values, p.unit, sentence.strip()[:500]))

    for sm in SENTENCE.finditer(text or ""):
        sentence = sm.group(0)
        if not sentence.strip():
            continue
        last = ""
        for clause in CLAUSE.split(sentence):
            toks = tokens(clause)
            found = _indicator_in(clause, toks)
            if last == "rd_expense" and "研发" not in clause and re.search(r"占.*(比重|比例)", clause):
                found = [("rd_ratio", 0)]  # "…研发费用不低于100万元，且占营业收入比重不低于3%"
            if found:
                last = found[0][0]
            for indicator, pos in found:
                start = max(pos, 0)
                if indicator == "rd_ratio":
                    start = 0
                p = _comparison(clause, start, indicator)
                if p is not None:
                    add(p, sentence)
            for word, tier in TIER_WORDS:
                if word in clause:
                    add(Proposal("tier", "gte", None, [tier], ""), sentence)
                    break
            codes = sorted({c for w, cs in INDUSTRY_WORDS.items() if w in clause for c in cs})
            if codes:
                add(Proposal("industry", "in", None, codes, ""), sentence)
            if any(cue in clause for cue in REGION_CUES):
                hits = [code for name, code in regions.items() if name and name in clause]
                if hits:
                    add(Proposal("region", "in", None, sorted(set(hits)), ""), sentence)
    return out

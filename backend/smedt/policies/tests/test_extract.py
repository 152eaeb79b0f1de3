"""参数提取 against sentences from real policy documents (工信部、河南省、新乡市 style wording)."""

from __future__ import annotations

from decimal import Decimal

from smedt.policies.extract import cn_number, extract

REGIONS = {"新乡市": "410700", "红旗区": "410702", "长垣市": "410783"}


def _by(text: str) -> dict[str, tuple[str, Decimal | None, list[str], str]]:
    return {p.indicator: (p.operator, p.threshold, p.values, p.unit) for p in extract(text, region_names=REGIONS)}


def test_specialized_sme_criteria_sentence() -> None:
    # 《优质中小企业梯度培育管理暂行办法》 专精特新中小企业 wording
    text = "上年度研发费用总额不低于100万元，且占营业收入总额比重不低于3%。"
    got = _by(text)
    assert got["rd_ratio"] == ("gte", Decimal("3"), [], "%")
    assert "operating_revenue" not in got


def test_revenue_in_yi_yuan_and_people_upper_bound() -> None:
    got = _by("上年度营业收入1亿元以上，从业人员1000人以下的制造业中小企业。")
    assert got["operating_revenue"] == ("gte", Decimal("1"), [], "亿元")
    assert got["employees"] == ("lte", Decimal("1000"), [], "人")
    assert got["industry"] == ("in", None, ["C"], "")


def test_exclusive_words_are_strict() -> None:
    got = _by("研发投入超过500万元；职工人数不足300人。")
    assert got["rd_expense"] == ("gt", Decimal("500"), [], "万元")
    assert got["employees"] == ("lt", Decimal("300"), [], "人")


def test_chinese_numerals_years_and_levels() -> None:
    got = _by("企业成立满三年，拥有有效发明专利2件以上。数字化水平达到二级及以上。")
    assert got["age_years"] == ("gte", Decimal("3"), [], "年")
    assert got["invention_patents"] == ("gte", Decimal("2"), [], "件")
    assert got["digital_level"] == ("gte", Decimal("2"), [], "级")


def test_tier_and_region_words() -> None:
    got = _by("申报企业须在长垣市注册，且已被认定为专精特新“小巨人”企业。")
    assert got["region"] == ("in", None, ["410783"], "")
    assert got["tier"] == ("gte", None, ["little_giant"], "")


def test_region_named_without_a_registration_cue_is_not_a_condition() -> None:
    assert "region" not in _by("新乡市工业和信息化局负责解释。")


def test_every_proposal_keeps_its_sentence() -> None:
    text = "一、支持对象。\n上年度主营业务收入不低于2000万元。\n二、支持标准。"
    [p] = extract(text)
    assert p.sentence == "上年度主营业务收入不低于2000万元。"
    assert (p.indicator, p.operator, p.threshold, p.unit) == ("operating_revenue", "gte", Decimal("2000"), "万元")


def test_number_without_an_operator_is_not_proposed() -> None:
    assert extract("对企业给予最高200万元奖励。") == []


def test_cn_number() -> None:
    assert cn_number("十二") == Decimal(12)
    assert cn_number("两百") == Decimal(200)
    assert cn_number("一千五百") == Decimal(1500)
    assert cn_number("3.5") == Decimal("3.5")

"""Hand-computed cases at every pass line and band boundary of the published criteria (no database).

Money is in 万元 (two decimals), shares in %. Band edges: a value exactly on an edge scores the
higher band (the documented default ``band_edge: higher``); the ``lower`` setting is tested too.
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest

from smedt.cultivation.evaluation import (
    MET,
    MISSING,
    NOT_MET,
    clean_inputs,
    evaluate,
    evaluate_tier,
)
from smedt.cultivation.tests.helpers import base, crit


def pts(version: str, tier: str, ind: str, **changes: Any) -> D | None:
    r = evaluate_tier(crit(version), tier, base(**changes))
    return next(i.points for i in r.indicators if i.indicator.id == ind)


def cond(version: str, tier: str, cid: str, **changes: Any) -> str:
    r = evaluate_tier(crit(version), tier, base(**changes))
    return str(next(c["status"] for c in r.conditions if c["id"] == cid))


# --- 创新型中小企业 (63号 附件1) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rd", "expected"),
    [
        ("50.00", 20),  # 5% exactly → 5%以上
        ("49.99", 15),
        ("30.00", 15),  # 3% exactly → 3%-5%
        ("29.99", 10),
        ("20.00", 10),
        ("19.99", 5),
        ("10.00", 5),  # 1% exactly → 1%-2%
        ("9.99", 0),
    ],
)
def test_innovative_rd_intensity_bands(rd: str, expected: int) -> None:
    # revenue 1000 万元: rd 50 万元 is 5%
    assert pts("v2022", "innovative", "I2", rd_expense_y1=D(rd)) == expected


def test_band_edge_lower_setting_puts_edge_values_in_the_lower_band() -> None:
    c = crit("v2022", band_edge="lower")
    r = evaluate_tier(c, "innovative", base(rd_expense_y1=D("50.00")))
    assert next(i.points for i in r.indicators if i.indicator.id == "I2") == 15
    r = evaluate_tier(c, "innovative", base(rd_expense_y1=D("50.01")))
    assert next(i.points for i in r.indicators if i.indicator.id == "I2") == 20
    # discrete indicators are unaffected: 满2年 is 满2年
    r = evaluate_tier(c, "specialized", base(segment_years=2))
    assert next(i.points for i in r.indicators if i.indicator.id == "S3") == 1


@pytest.mark.parametrize(
    ("liabilities", "expected"),
    [("549.99", 10), ("550.00", 5), ("749.99", 5), ("750.00", 0)],  # assets 1000
)
def test_innovative_debt_ratio_bands(liabilities: str, expected: int) -> None:
    assert pts("v2022", "innovative", "I4", total_liabilities_y1=D(liabilities)) == expected


@pytest.mark.parametrize(
    ("main_y1", "expected"),
    [("460.00", 20), ("459.99", 15), ("440.00", 15), ("420.00", 10), ("400.00", 5), ("399.99", 0)],
)
def test_innovative_growth_bands(main_y1: str, expected: int) -> None:
    # previous main revenue 400: +15% = 460, +10% = 440, +5% = 420, 0% = 400
    assert pts("v2022", "innovative", "I3", main_revenue_y1=D(main_y1)) == expected


@pytest.mark.parametrize(
    ("main_y1", "expected"), [("700.00", 20), ("699.99", 15), ("550.00", 10), ("500.00", 5), ("499.99", 0)]
)
def test_innovative_main_share_bands(main_y1: str, expected: int) -> None:
    assert pts("v2022", "innovative", "I6", main_revenue_y1=D(main_y1), main_revenue_y2=D("100")) == expected


def test_innovative_ip_grades() -> None:
    assert pts("v2022", "innovative", "I1", ip_class2=1) == 5
    assert pts("v2022", "innovative", "I1", ip_class1=1) == 10
    assert pts("v2022", "innovative", "I1", ip_class1=1, ip_class1_self=1) == 15
    assert pts("v2022", "innovative", "I1", ip_class1=1, ip_class1_high_value=1) == 20


def _innovative_at(total_rd: str, **extra: Any) -> Any:
    return evaluate_tier(crit("v2022"), "innovative", base(rd_expense_y1=D(total_rd), **extra))


def test_innovative_pass_line_60_with_category_minimums() -> None:
    # 创新能力 I1 10 + I2 10 = 20 (min 20); 成长性 I3 15 + I4 0 = 15 (min 15); 专业化 I5 5 + I6 15 = 20 (min 15)
    common = {
        "ip_class1": 1,
        "main_revenue_y1": D("440.00"),  # +10% over 400 → 15
        "main_revenue_y2": D("400.00"),
        "revenue_y1": D("700.00"),  # main share 440/700 = 62.86% → 15
    }
    # rd 14.00 / 700 = 2% → 10 points: total 20 + 15 + 20 = 55 → fails
    r = _innovative_at("14.00", **common)
    assert r.total_low == 55 and r.status == "fail"
    # rd 35.00 / 700 = 5% → 20: total 65 → passes
    r = _innovative_at("35.00", **common)
    assert r.total_low == 65 and r.status == "pass"
    # exactly 60: I1 5 (Ⅱ类) + I2 20 = 25, 成长性 15, 专业化 20
    r = _innovative_at("35.00", **{**common, "ip_class1": 0, "ip_class2": 1})
    assert r.total_low == 60 and r.status == "pass"
    # 60 but 创新能力 below its minimum of 20: I1 0 + I2 15 (3%: 21/700) = 15 → fails despite 60+ total elsewhere
    r = _innovative_at(
        "21.00", **{**common, "ip_class1": 0, "strategic_emerging": True, "total_liabilities_y1": D("500")}
    )
    assert r.total_low == (0 + 15) + (15 + 10) + (10 + 15) == 65  # 创新能力 + 成长性 + 专业化
    assert next(c for c in r.categories if c["id"] == "innovation")["status"] == NOT_MET
    assert r.status == "fail"


@pytest.mark.parametrize(("equity", "status"), [("500.00", "pass"), ("499.99", "fail")])
def test_innovative_direct_condition_equity_500(equity: str, status: str) -> None:
    r = evaluate_tier(crit("v2022"), "innovative", base(equity_financing_3y=D(equity)))
    assert r.status == status
    assert ("D4" in [d["id"] for d in r.direct if d["status"] == MET]) == (status == "pass")


def test_innovative_direct_conditions_flags_and_institution() -> None:
    c = crit("v2022")
    assert evaluate_tier(c, "innovative", base(honor_high_tech=True)).status == "pass"
    assert evaluate_tier(c, "innovative", base(rd_institution_level=3)).status == "pass"  # 省级
    assert evaluate_tier(c, "innovative", base(rd_institution_level=2)).status == "fail"  # 市级


def test_2026_tech_sme_registration_qualifies_tier_one() -> None:
    assert evaluate_tier(crit("v2026"), "innovative", base(tech_sme_valid=True)).status == "pass"
    assert evaluate_tier(crit("v2022"), "innovative", base(tech_sme_valid=True)).status == "fail"


# --- 专精特新中小企业 (63号 附件2) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rd", "revenue", "status"),
    [
        ("100.00", "3333.33", MET),  # 3.00003% ≥ 3%
        ("100.00", "3333.34", NOT_MET),  # 2.99999% < 3%
        ("99.99", "1000.00", NOT_MET),  # 99.99 万元 < 100 万元
        ("100.00", "1000.00", MET),
    ],
)
def test_specialized_b2_rd_100_wan_and_3_percent(rd: str, revenue: str, status: str) -> None:
    assert cond("v2022", "specialized", "B2", rd_expense_y1=D(rd), revenue_y1=D(revenue)) == status


@pytest.mark.parametrize(
    ("revenue", "equity", "status"),
    [("1000.00", "0", MET), ("999.99", "0", NOT_MET), ("999.99", "2000.00", MET), ("999.99", "1999.99", NOT_MET)],
)
def test_specialized_b3_revenue_or_equity(revenue: str, equity: str, status: str) -> None:
    assert cond("v2022", "specialized", "B3", revenue_y1=D(revenue), equity_financing_2y=D(equity)) == status


@pytest.mark.parametrize(("years", "status"), [(2, MET), (1, NOT_MET)])
def test_specialized_b1_two_years(years: int, status: str) -> None:
    assert cond("v2022", "specialized", "B1", segment_years=years) == status


@pytest.mark.parametrize(("years", "points"), [(1, 0), (2, 1), (3, 1), (4, 2), (9, 4), (10, 5), (30, 5)])
def test_specialized_s3_one_point_per_two_years(years: int, points: int) -> None:
    assert pts("v2022", "specialized", "S3", segment_years=years) == points


@pytest.mark.parametrize(
    ("items", "points"), [([], 0), (["iso9001"], 3), (["iso9001", "own_brand"], 5), (list("x"), None)]
)
def test_specialized_s6_three_per_item_capped_at_5(items: list[str], points: int | None) -> None:
    if points is None:
        _, errors = clean_inputs({"quality_items": items})
        assert "quality_items" in errors
        return
    assert pts("v2022", "specialized", "S6", quality_items=items) == points


@pytest.mark.parametrize(("level", "points"), [(4, 5), (3, 5), (2, 3), (1, 0), (0, 0), (None, None)])
def test_specialized_s5_digital_level(level: int | None, points: int | None) -> None:
    assert pts("v2022", "specialized", "S5", digital_level=level) == points


def test_specialized_s5_no_level_score_is_configuration() -> None:
    r = evaluate_tier(crit("v2022", sp_digital_no_level_score=1), "specialized", base(digital_level=0))
    assert next(i.points for i in r.indicators if i.indicator.id == "S5") == 1


@pytest.mark.parametrize(
    ("rd", "revenue", "points"),
    [
        ("500.00", "100000.00", 10),  # amount 500 万元
        ("499.99", "100000.00", 8),
        ("499.99", "4999.90", 10),  # ratio exactly 10%
        ("100.00", "100000.00", 2),
        ("99.99", "100000.00", 0),
        ("99.99", "3333.00", 2),  # ratio 3.0000% ≥ 3% band
    ],
)
def test_specialized_s11_amount_or_ratio_the_higher(rd: str, revenue: str, points: int) -> None:
    assert pts("v2022", "specialized", "S11", rd_expense_y1=D(rd), revenue_y1=D(revenue)) == points


@pytest.mark.parametrize(("staff", "points"), [(20, 5), (19, 3), (10, 3), (9, 1), (5, 1), (4, 0)])
def test_specialized_s12_rd_staff_share(staff: int, points: int) -> None:
    assert pts("v2022", "specialized", "S12", rd_staff_y1=staff) == points  # of 100 employees


@pytest.mark.parametrize(("profit", "points"), [("100.00", 10), ("99.99", 8), ("20.00", 2), ("19.99", 0)])
def test_specialized_s7_net_margin(profit: str, points: int) -> None:
    assert pts("v2022", "specialized", "S7", net_profit_y1=D(profit)) == points


@pytest.mark.parametrize(("liab", "points"), [("499.99", 5), ("500.00", 3), ("600.00", 1), ("700.00", 0)])
def test_specialized_s8_debt_ratio(liab: str, points: int) -> None:
    assert pts("v2022", "specialized", "S8", total_liabilities_y1=D(liab)) == points


def _sp_pass_base(**extra: Any) -> dict[str, Any]:
    """Meets B1–B3: 2 years, rd 100 of revenue 1000 (10%), revenue 1000."""
    return base(segment_years=2, rd_expense_y1=D("100.00"), **extra)


def test_specialized_pass_line_60() -> None:
    c = crit("v2022")
    # S3 1 + S2 2 (0% growth) + S11 10 (10%) = 13; add S1 5 (main 800/1000), S7 10, S8 5, S13 10, S10 10,
    # S12 5, S5 5, S6 = 3 → 13 + 5 + 10 + 5 + 10 + 10 + 5 + 5 = 63 - 3 (S6 0) → adjust to exactly 60
    inputs = _sp_pass_base(
        main_revenue_y1=D("800.00"),
        main_revenue_y2=D("800.00"),
        main_revenue_y3=D("800.00"),
        net_profit_y1=D("100.00"),
        total_liabilities_y1=D("400.00"),
        rd_institution_level=4,
        ip_class1=1,
        ip_class1_high_value=1,
        rd_staff_y1=20,
        digital_level=3,
    )
    r = evaluate_tier(c, "specialized", inputs)
    assert r.total_low == 1 + 2 + 10 + 5 + 10 + 5 + 10 + 10 + 5 + 5 == 63
    assert r.status == "pass"
    r = evaluate_tier(c, "specialized", {**inputs, "digital_level": 1})  # S5 5 → 0: 58
    assert r.total_low == 58 and r.status == "fail"
    r = evaluate_tier(c, "specialized", {**inputs, "digital_level": 2})  # S5 3: 61
    assert r.total_low == 61 and r.status == "pass"
    r = evaluate_tier(c, "specialized", {**inputs, "digital_level": 1, "quality_items": ["iso9001"]})  # 58 + 3 = 61
    assert r.status == "pass"
    r = evaluate_tier(c, "specialized", {**inputs, "rd_staff_y1": 10})  # S12 5 → 3: 61
    assert r.total_low == 61
    r = evaluate_tier(c, "specialized", {**inputs, "rd_staff_y1": 9, "digital_level": 2})  # 63 - 4 - 2 = 57
    assert r.total_low == 57 and r.status == "fail"
    r = evaluate_tier(c, "specialized", {**inputs, "rd_staff_y1": 9, "digital_level": 2, "segment_years": 8})
    assert r.total_low == 60 and r.status == "pass"  # S3 1 → 4


def test_specialized_conditions_gate_the_points() -> None:
    r = evaluate_tier(
        crit("v2022"), "specialized", base(segment_years=1, rd_expense_y1=D("100"), maker_china_500_3y=True)
    )
    assert r.condition_status == NOT_MET and r.status == "fail"
    r = evaluate_tier(crit("v2022"), "specialized", _sp_pass_base(maker_china_500_3y=True))
    assert r.status == "pass"  # 直通 D4 replaces the 60 points


@pytest.mark.parametrize(("y1", "y2", "status"), [("1000.00", "1000.00", MET), ("1000.00", "999.98", NOT_MET)])
def test_specialized_direct_d2_average_rd_1000(y1: str, y2: str, status: str) -> None:
    r = evaluate_tier(crit("v2022"), "specialized", base(rd_expense_y1=D(y1), rd_expense_y2=D(y2)))
    assert next(d["status"] for d in r.direct if d["id"] == "D2") == status


def test_tese_unconfigured_scores_zero_with_a_note_and_configured_counts() -> None:
    r = evaluate_tier(crit("v2022"), "specialized", base())
    assert "尚未配置" in next(c["note"] for c in r.categories if c["id"] == "tese")
    tese = [{"name": "省级特色指标一", "options": [{"text": "是", "score": 15}, {"text": "否", "score": 0}]}]
    c = crit(
        "v2022",
        sp_tese_indicators=[
            {
                "id": "T1",
                "name": "省级特色指标一",
                "max": 15,
                "options": [{"code": "A", "text": "是", "score": 15}, {"code": "B", "text": "否", "score": 0}],
            }
        ],
    )
    r = evaluate_tier(c, "specialized", base(), {"T1": "A"})
    assert next(i.points for i in r.indicators if i.indicator.id == "T1") == 15
    r = evaluate_tier(c, "specialized", base(), {})
    assert next(i.points for i in r.indicators if i.indicator.id == "T1") is None  # unanswered: missing data
    assert tese  # the shape a province saves (see clean_param)


# --- 小巨人 (63号 附件3) -----------------------------------------------------------------------------------


def test_little_giant_rd_band_depends_on_revenue() -> None:
    c = crit("v2022")
    common = {"rd_institution_level": 1, "ip_class1": 2, "ip_class1_applied": 2}
    # revenue ≥ 1亿: 3% both years
    r = evaluate_tier(
        c,
        "little_giant",
        base(revenue_y1=D("10000.00"), revenue_y2=D("9000"), rd_expense_y1=D("300"), rd_expense_y2=D("270"), **common),
    )
    assert next(x["status"] for x in r.conditions if x["id"] == "L9") == MET
    # just under 1亿: 6% both years needed
    r = evaluate_tier(
        c,
        "little_giant",
        base(revenue_y1=D("9999.99"), revenue_y2=D("9000"), rd_expense_y1=D("300"), rd_expense_y2=D("270"), **common),
    )
    assert next(x["status"] for x in r.conditions if x["id"] == "L9") == NOT_MET
    r = evaluate_tier(
        c,
        "little_giant",
        base(revenue_y1=D("9999.99"), revenue_y2=D("9000"), rd_expense_y1=D("600"), rd_expense_y2=D("540"), **common),
    )
    assert next(x["status"] for x in r.conditions if x["id"] == "L9") == MET


@pytest.mark.parametrize(("liab", "status"), [("700.00", MET), ("700.01", NOT_MET)])
def test_little_giant_debt_ratio_not_above_70(liab: str, status: str) -> None:
    assert cond("v2022", "little_giant", "L6", total_liabilities_y1=D(liab)) == status


@pytest.mark.parametrize(("m1", "status"), [("441.00", MET), ("440.99", NOT_MET)])
def test_little_giant_average_growth_5(m1: str, status: str) -> None:
    # y3 400 → y2 400 (0%) → y1 441 (+10.25%): average 5.125%; 440.99 → 10.2475 / 2 = 5.12375 … both ≥ 5?
    # use y2 = 420 (+5%) and y1 = 441 (+5%): average exactly 5%
    assert (
        cond("v2022", "little_giant", "L3", main_revenue_y3=D("400"), main_revenue_y2=D("420"), main_revenue_y1=D(m1))
        == status
    )


def test_little_giant_needs_specialized_title() -> None:
    assert cond("v2022", "little_giant", "P0", holds_specialized=True) == MET
    assert cond("v2022", "little_giant", "P0", holds_specialized=None) == MISSING


# --- 2026 regime (2号文) -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("revenue", "equity", "status"),
    [("1500.00", "0", MET), ("1499.99", "0", NOT_MET), ("1499.99", "2000.00", MET), ("1499.99", "1999.99", NOT_MET)],
)
def test_2026_specialized_n2(revenue: str, equity: str, status: str) -> None:
    assert cond("v2026", "specialized", "N2", revenue_y1=D(revenue), equity_financing_2y=D(equity)) == status


@pytest.mark.parametrize(("liab", "status"), [("800.00", MET), ("800.01", NOT_MET)])
def test_2026_specialized_n4_debt_not_above_80(liab: str, status: str) -> None:
    assert cond("v2026", "specialized", "N4", total_liabilities_y1=D(liab)) == status


@pytest.mark.parametrize(("main", "status"), [("800.00", MET), ("799.99", NOT_MET)])
def test_2026_specialized_n3_main_share_80(main: str, status: str) -> None:
    assert cond("v2026", "specialized", "N3", main_revenue_y1=D(main)) == status


@pytest.mark.parametrize(
    ("y1", "y2", "status"),
    [("100.00", "100.00", MET), ("100.00", "99.99", NOT_MET), ("99.99", "100.00", NOT_MET)],
)
def test_2026_specialized_n5_each_year(y1: str, y2: str, status: str) -> None:
    assert cond("v2026", "specialized", "N5", rd_expense_y1=D(y1), rd_expense_y2=D(y2)) == status


@pytest.mark.parametrize(("score", "status"), [("50", MET), ("49.99", NOT_MET), (None, MISSING)])
def test_2026_specialized_n8_development_score(score: str | None, status: str) -> None:
    assert cond("v2026", "specialized", "N8", dev_score=D(score) if score else None) == status


def test_2026_specialized_n1_needs_tier_one_and_3_years() -> None:
    assert cond("v2026", "specialized", "N1", holds_innovative=True, segment_years=3) == MET
    assert cond("v2026", "specialized", "N1", tech_sme_valid=True, segment_years=3) == MET
    assert cond("v2026", "specialized", "N1", holds_innovative=True, segment_years=2) == NOT_MET
    assert cond("v2026", "specialized", "N1", holds_specialized=True, segment_years=3) == MET  # a higher title counts


@pytest.mark.parametrize(("y1", "status"), [("1102.50", MET), ("1102.49", NOT_MET)])
def test_2026_little_giant_l4_cagr_5(y1: str, status: str) -> None:
    # 1000 × 1.05² = 1102.50 exactly
    assert cond("v2026", "little_giant", "L4", revenue_y3=D("1000.00"), revenue_y1=D(y1)) == status


@pytest.mark.parametrize(("y1", "y2", "status"), [("600.00", "600.00", MET), ("600.00", "599.99", NOT_MET)])
def test_2026_little_giant_l6_rd_total_1200(y1: str, y2: str, status: str) -> None:
    r = evaluate_tier(
        crit("v2026"),
        "little_giant",
        base(revenue_y1=D("6000"), revenue_y2=D("6000"), rd_expense_y1=D(y1), rd_expense_y2=D(y2)),
    )
    assert next(c["status"] for c in r.conditions if c["id"] == "L6") == status


@pytest.mark.parametrize(("n", "award", "status"), [(4, False, MET), (3, False, NOT_MET), (0, True, MET)])
def test_2026_little_giant_l7_four_class_one_ip_or_award(n: int, award: bool, status: str) -> None:
    assert (
        cond("v2026", "little_giant", "L7", ip_class1=n, ip_class1_applied=n, sci_award_national_top3_3y=award)
        == status
    )


def test_2026_thresholds_are_configuration() -> None:
    c = crit("v2026", lg_revenue_min_wan="6000")
    r = evaluate_tier(c, "little_giant", base(revenue_y1=D("5000")))
    assert next(x["status"] for x in r.conditions if x["id"] == "L2") == NOT_MET
    assert cond("v2026", "little_giant", "L2", revenue_y1=D("5000")) == MET


# --- missing data is never zero ----------------------------------------------------------------------------


def test_missing_figure_is_missing_not_zero() -> None:
    r = evaluate_tier(crit("v2022"), "innovative", base(rd_expense_y1=None))
    i2 = next(i for i in r.indicators if i.indicator.id == "I2")
    assert i2.points is None and i2.missing == ("rd_expense_y1",)
    assert r.total_low == 10 and r.total_high == 30
    assert r.status == "fail"  # 30 at best < 60


def test_missing_data_leaves_the_tier_undetermined_when_it_could_pass() -> None:
    inputs = base(
        ip_class1=1, ip_class1_self=1, main_revenue_y1=D("460"), total_liabilities_y1=D("500"), revenue_y1=D("600")
    )
    r = evaluate_tier(crit("v2022"), "innovative", {**inputs, "rd_expense_y1": None})
    assert r.status == "missing"
    assert evaluate_tier(crit("v2022"), "innovative", {**inputs, "rd_expense_y1": D("30")}).status == "pass"


def test_zero_revenue_cannot_give_a_share() -> None:
    r = evaluate_tier(crit("v2022"), "innovative", base(revenue_y1=D("0")))
    i2 = next(i for i in r.indicators if i.indicator.id == "I2")
    assert i2.points is None and "为 0" in i2.note


def test_clean_inputs_units_and_types() -> None:
    out, errors = clean_inputs({"rd_expense_y1": "100.005", "employees_y1": "1.5", "strategic_emerging": "yes"})
    assert set(errors) == {"rd_expense_y1", "employees_y1", "strategic_emerging"}
    assert "万元" in errors["rd_expense_y1"]
    out, errors = clean_inputs({"rd_expense_y1": "1,000.5", "net_profit_y1": "-20", "revenue_y1": "-1"})
    assert out["rd_expense_y1"] == D("1000.50") and out["net_profit_y1"] == D("-20.00")
    assert "revenue_y1" in errors
    _, errors = clean_inputs({"main_revenue_y1": "101", "revenue_y1": "100"})
    assert "main_revenue_y1" in errors


# --- the gap ---------------------------------------------------------------------------------------------


def test_gap_rd_expense_example() -> None:
    """Innovative at 57: raising R&D from 2% to 3% of revenue (+10 万元) adds 5 points and passes."""
    inputs = base(
        ip_class1=1,  # I1 10
        rd_expense_y1=D("20.00"),  # I2 2% → 10
        main_revenue_y1=D("440.00"),  # I3 +10% → 15
        main_revenue_y2=D("400.00"),
        total_liabilities_y1=D("500"),  # I4 50% → 10... 成长性 25
        revenue_y1=D("1000.00"),
        strategic_emerging=True,  # I5 10
    )  # I6 44% → 0: total 10 + 10 + 15 + 10 + 10 + 0 = 55
    ev = evaluate(crit("v2022"), inputs)
    r = ev.results["innovative"]
    assert r.total_low == 55 and r.status == "fail"
    gap = r.gap
    assert gap is not None and gap["passes_after"] is True
    moved = gap["moved_inputs"]
    merged = {**inputs, **{k: D(v) if isinstance(inputs.get(k), D) else v for k, v in moved.items()}}
    assert evaluate_tier(crit("v2022"), "innovative", merged).status == "pass"
    assert "→ 通过" in gap["summary"]


def test_gap_for_conditions_lists_what_cannot_be_bought() -> None:
    ev = evaluate(crit("v2026"), base())
    g = ev.results["little_giant"].gap
    assert g is not None and not g["passes_after"]
    assert any("专精特新中小企业" in r for r in g["requirements"])

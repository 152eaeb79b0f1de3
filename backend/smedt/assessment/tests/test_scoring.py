"""Scoring, bands, level rules and the distance to the next level — pure, without a database."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest

from smedt.assessment.definition import Interval, compile_definition
from smedt.assessment.scoring import (
    AnswersInvalid,
    IssueCode,
    answer_progress,
    distance_to_next_level,
    evaluate,
    parse_answers,
    score,
)
from smedt.assessment.tests.helpers import (
    document,
    highest,
    lowest,
    sample_document,
    scenario_levels,
)


def issues_of(defn, doc: Any) -> list[tuple[str, IssueCode, str]]:
    with pytest.raises(AnswersInvalid) as exc:
        score(defn, doc)
    err = exc.value
    assert err.status_code == 422
    assert err.code == "assessment.invalid_answers"
    assert err.details["issues"] == [{"ref": i.ref, "code": str(i.code), "message": i.message} for i in err.issues]
    return [(i.ref, i.code, i.message) for i in err.issues]


def indicator(result, qid):
    return next(i for d in result.dimensions for g in d.groups for i in g.indicators if i.id == qid)


def walk_no_floats(value: Any) -> None:
    assert not isinstance(value, float)
    if isinstance(value, dict):
        for v in value.values():
            walk_no_floats(v)
    elif isinstance(value, list):
        for v in value:
            walk_no_floats(v)


# ---- the sample answer file ---------------------------------------------------------------


def test_the_sample_enterprise_reaches_level_two(defn):
    result = score(defn, sample_document())
    assert result.total == Decimal("48.5")
    assert [(d.name, d.score) for d in result.dimensions] == [
        ("数字化基础", Decimal("20.75")),
        ("数字化管理", Decimal("11.25")),
        ("数字化成效", Decimal("16.5")),
    ]
    assert (result.level, result.level_name) == (2, "二级")
    assert [(c.level, c.met) for c in result.rule_checks] == [(4, False), (3, False), (2, True), (1, True)]
    counts = {c.level: c for c in result.scenario_counts}
    assert (counts[3].exactly, counts[3].exactly_constraint) == (3, 3)
    assert (counts[2].at_or_above, counts[2].at_or_above_constraint, counts[2].at_or_above_guidance) == (11, 8, 3)


def test_the_trace_explains_every_point(defn):
    result = score(defn, sample_document())
    by_ref = {t.ref: t for t in result.trace}
    lines = [t for t in result.trace if t.step == "indicator"]
    assert [t.ref for t in lines] == [q.id for q in defn.questions]
    assert sum(t.points for t in lines) == result.total
    assert by_ref["MM-02"].message == (
        "MM-02 管理机制（多选）：选择 B「建立数字化转型实施工作流程」+1.875 分、"
        "C「建立信息系统建设及运营管理制度」+1.875 分，得 3.75 分（满分 7.5 分）"
    )
    assert by_ref["foundation"].message.startswith(
        "数字化基础：设备系统 8.5 + 数据采集 3.5 + 信息系统 5 + 信息安全 3.75 = 20.75 分"
    )
    assert by_ref["total"].points == Decimal("48.5")
    rules = [t.message for t in result.trace if t.step == "rule"]
    assert len(rules) == 3  # 四级, 三级 missed; 二级 met: checking stops there
    assert rules[1] == (
        "三级规则：总分 ≥ 60 分（实际 48.5 分，未满足）；不低于三级的业务场景 ≥ 8 个（实际 3 个，未满足）；"
        "其中约束性场景 ≥ 5 个（实际 3 个，未满足）→ 未达到"
    )
    assert result.trace[-1].message == "结论：自高到低逐级判定，首个满足的是二级规则，评定等级为二级"


def test_the_result_is_plain_json_with_exact_decimal_text(defn):
    out = evaluate(defn, sample_document()).to_dict()
    walk_no_floats(out)
    assert json.loads(json.dumps(out, ensure_ascii=False)) == out
    assert out["total"] == "48.5"
    assert out["level_name"] == "二级"
    assert out["distance_to_next_level"]["target_level_name"] == "三级"


def test_the_canonical_dict_scores_like_the_compiled_definition(data, defn):
    assert score(data, sample_document()) == score(defn, sample_document())


# ---- question types -----------------------------------------------------------------------


def single_options(defn):
    return [(q.id, o.code, o.score) for q in defn.questions if q.type == "single" for o in q.options]


def test_every_single_option_awards_its_score(defn):
    for qid, code, points in single_options(defn):
        result = score(defn, document(defn, choices={qid: code}))
        assert indicator(result, qid).score == points, (qid, code)


def test_every_multi_option_adds_its_score(defn):
    for q in (q for q in defn.questions if q.type == "multi"):
        codes = []
        running = Decimal(0)
        for o in (o for o in q.options if not o.exclusive):
            codes.append(o.code)
            running += o.score
            assert indicator(score(defn, document(defn, choices={q.id: codes})), q.id).score == running
        assert running == q.max_score


def test_multi_answers_come_back_in_option_order(defn):
    answers = parse_answers(defn, document(defn, choices={"MF-01": ["D", "B"]}))
    assert answers.choices["MF-01"] == ("B", "D")


def test_the_exclusive_none_alone_scores_zero(defn):
    assert indicator(score(defn, document(defn, choices={"MF-01": ["A"]})), "MF-01").score == 0


@pytest.mark.parametrize("qid", ["MF-01", "MF-04", "MF-06", "MF-07", "MM-02", "MM-03"])
def test_the_exclusive_none_cannot_be_combined(defn, qid):
    q = defn.question_by_id[qid]
    issues = issues_of(defn, document(defn, choices={qid: ["A", "B"]}))
    assert issues == [(qid, IssueCode.EXCLUSIVE_COMBINED, f"{qid} {q.indicator}：“无”不能与其他选项同时选择")]


def test_a_single_option_named_none_is_an_ordinary_option(defn):
    assert defn.question_by_id["MF-05"].option_by_code["A"].text == "无"
    assert indicator(score(defn, document(defn, choices={"MF-05": "A"})), "MF-05").score == 0


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        ({"MF-02": ["C"]}, ("MF-02", IssueCode.WRONG_SHAPE, 'MF-02 设备数字化：单选题请填写一个选项编码，如 "B"')),
        ({"MF-01": "B"}, ("MF-01", IssueCode.WRONG_SHAPE, 'MF-01 网络建设：多选题请填写选项编码列表，如 ["B", "C"]')),
        ({"MF-02": "Z"}, ("MF-02", IssueCode.UNKNOWN_OPTION, "MF-02 设备数字化：选项“Z”不存在（可选 A、B、C、D、E）")),
        ({"MF-01": ["B", "B"]}, ("MF-01", IssueCode.DUPLICATE_OPTION, "MF-01 网络建设：选项“B”重复")),
        (
            {"MF-01": ["B", 3]},
            ("MF-01", IssueCode.UNKNOWN_OPTION, "MF-01 网络建设：选项“3”不存在（可选 A、B、C、D、E）"),
        ),
        ({"MX-99": "A"}, ("MX-99", IssueCode.UNKNOWN_QUESTION, "题目“MX-99”不在指标体系 2024-manufacturing 中")),
    ],
)
def test_bad_answers_get_one_chinese_message_per_question(defn, choices, expected):
    assert issues_of(defn, document(defn, choices=choices)) == [expected]


def test_missing_answers_and_levels_are_listed(defn):
    doc = document(defn)
    del doc["answers"]["MR-04"]
    doc["answers"]["MF-01"] = []
    doc["answers"]["MF-02"] = ""
    del doc["scenarios"]["S16"]
    doc["scenarios"]["S15"] = None
    assert issues_of(defn, doc) == [
        ("MF-01", IssueCode.MISSING_ANSWER, "MF-01 网络建设：尚未作答"),
        ("MF-02", IssueCode.MISSING_ANSWER, "MF-02 设备数字化：尚未作答"),
        ("MR-04", IssueCode.MISSING_ANSWER, "MR-04 价值效益：尚未作答"),
        ("S15", IssueCode.MISSING_SCENARIO, "S15 协同办公：尚未选择场景等级"),
        ("S16", IssueCode.MISSING_SCENARIO, "S16 决策支持：尚未选择场景等级"),
    ]


def test_an_unknown_option_next_to_none_is_reported_once(defn):
    assert issues_of(defn, document(defn, choices={"MF-01": ["A", "Z"]})) == [
        ("MF-01", IssueCode.UNKNOWN_OPTION, "MF-01 网络建设：选项“Z”不存在（可选 A、B、C、D、E）")
    ]


@pytest.mark.parametrize("level", [5, -1, "2", True, Decimal(2), 2.0])
def test_scenario_levels_are_integers_zero_to_four(defn, level):
    issues = issues_of(defn, document(defn, scenarios={"S03": level}))
    assert issues == [("S03", IssueCode.INVALID_LEVEL, "S03 营销管理：场景等级应为 0–4 的整数（0 表示未达到一级）")]


def test_unknown_scenarios_keys_and_shapes(defn):
    doc = document(defn, scenarios={"S99": 1})
    doc["comment"] = "x"
    doc["evidence"] = [1, 2]
    assert issues_of(defn, doc) == [
        ("comment", IssueCode.UNKNOWN_KEY, "未知字段“comment”（只允许 answers、scenarios、evidence）"),
        ("evidence", IssueCode.NOT_AN_OBJECT, "“evidence”应为以编号为键的对象"),
        ("S99", IssueCode.UNKNOWN_SCENARIO, "业务场景“S99”不在指标体系 2024-manufacturing 中"),
    ]
    assert issues_of(defn, [1]) == [
        ("", IssueCode.NOT_AN_OBJECT, "答卷应为 JSON 对象，包含 answers、scenarios 和可选的 evidence")
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("production_equipment", -1, "MF-02 其中生产设备数量为（台）：不能为负数"),
        ("production_equipment", "12.5", "MF-02 其中生产设备数量为（台）：应为整数"),
        ("revenue_last_year", "很多", "MR-03 营业收入为（万元）：应为数字"),
        ("revenue_last_year", True, "MR-03 营业收入为（万元）：应为数字"),
        ("revenue_last_year", "NaN", "MR-03 营业收入为（万元）：应为数字"),
    ],
)
def test_bad_evidence_numbers_are_refused(defn, field, value, message):
    assert issues_of(defn, document(defn, evidence={field: value})) == [(field, IssueCode.INVALID_NUMBER, message)]


def test_unknown_evidence_fields_are_refused(defn):
    issues = issues_of(defn, document(defn, evidence={"turnover": 1}))
    assert issues == [("turnover", IssueCode.UNKNOWN_EVIDENCE, "未知的佐证数据项“turnover”")]


def test_every_problem_comes_back_at_once_keyed_by_question(defn):
    doc = document(defn, choices={"MF-01": ["A", "C"], "MF-02": "Q"}, scenarios={"S01": 9})
    with pytest.raises(AnswersInvalid) as exc:
        score(defn, doc)
    assert exc.value.message.startswith("答卷校验未通过（共 3 处问题）：MF-01 网络建设：")
    assert set(exc.value.details["fields"]) == {"MF-01", "MF-02", "S01"}


def test_draft_progress_counts_answered_and_lists_missing(defn):
    progress = answer_progress(defn, {"answers": {"MF-01": ["B"], "MF-02": None}, "scenarios": {"S01": 0}})
    assert (progress.answered, progress.total) == (2, 31)
    assert progress.missing[:2] == ("MF-02", "MF-03")
    with pytest.raises(AnswersInvalid):
        answer_progress(defn, {"answers": {"MF-01": ["A", "B"]}})


# ---- evidence bands -----------------------------------------------------------------------

MF02_EXPECTED = [  # digital equipment out of 1000: every edge of every band, and just past it
    (0, "A"),
    (100, "A"),
    (101, "B"),
    (200, "B"),
    (201, "C"),
    (400, "C"),
    (401, "D"),
    (600, "D"),
    (601, "E"),
    (1000, "E"),
]


@pytest.mark.parametrize(("digital", "expected"), MF02_EXPECTED)
def test_equipment_digitalisation_band_at_every_edge(defn, digital, expected):
    evidence = {"production_equipment": 1000, "digital_equipment": digital}
    check = indicator(score(defn, document(defn, choices={"MF-02": expected}, evidence=evidence)), "MF-02").evidence
    assert (check.status, check.option, check.consistent) == ("computed", expected, True)


def ratio_cases(defn):
    """Every edge of every band of every ratio question, on the edge and a hair either side."""
    hair = Decimal("0.000001")
    for q in defn.questions:
        if q.compute is None or q.compute.kind != "ratio_percent":
            continue
        bands = [(o.code, o.band) for o in q.options if isinstance(o.band, Interval)]
        for code, band in bands:
            yield q, band.low, code if band.low_inclusive else None
            yield q, band.high, code if band.high_inclusive else None
            yield q, band.low + hair, code
            yield q, band.high - hair, code


def test_every_band_edge_of_every_ratio_question(defn):
    checked = 0
    for q, percent, expected in ratio_cases(defn):
        if expected is None:
            continue
        num, den = q.compute.current.numerator, q.compute.current.denominator
        scale = Decimal(10) ** 8  # integers for count fields: percent × 10^8 / (100 × 10^8 / 100)
        evidence = {den: scale * 100, num: percent * scale}
        check = indicator(score(defn, document(defn, choices={q.id: expected}, evidence=evidence)), q.id).evidence
        assert (check.option, check.consistent) == (expected, True), (q.id, percent)
        checked += 1
    assert checked == 3 * 5 * 4 - 3 * 4  # three questions, five bands, four probes; open edges skipped


def test_a_contradicting_tick_gets_a_warning_but_keeps_its_score(defn):
    evidence = {"production_equipment": 120, "networked_equipment": 30}
    result = score(defn, document(defn, choices={"MF-03": "B"}, evidence=evidence))
    assert indicator(result, "MF-03").score == Decimal("1.5")
    assert [(w.ref, w.code, w.message) for w in result.warnings] == [
        (
            "MF-03",
            "evidence_mismatch",
            "MF-03 设备联网：根据填写数据，设备联网率为 25%，对应选项 C（(20%,40%]），与所选选项 B（(10%,20%]）不一致",
        )
    ]


def test_a_ratio_above_every_band_is_flagged(defn):
    evidence = {"production_equipment": 100, "digital_equipment": 101}
    result = score(defn, document(defn, choices={"MF-02": "E"}, evidence=evidence))
    check = indicator(result, "MF-02").evidence
    assert (check.status, check.value, check.option) == ("out_of_range", Decimal("101.00"), None)
    assert result.warnings[0].code == "evidence_out_of_range"


def test_a_zero_denominator_cannot_be_computed(defn):
    evidence = {"production_equipment": 0, "digital_equipment": 0}
    result = score(defn, document(defn, evidence=evidence))
    assert indicator(result, "MF-02").evidence.status == "undefined"
    assert result.warnings[0].message == "MF-02 设备数字化：其中生产设备数量为（台）为 0，无法计算设备数字化率"


def test_missing_figures_compute_nothing_and_warn_nothing(defn):
    result = score(defn, document(defn, evidence={"production_equipment": 10}))
    assert indicator(result, "MF-02").evidence.status == "incomplete"
    assert indicator(result, "MR-02").evidence is None  # one figure, no band to compute
    assert result.warnings == ()


CHANGE_CASES = [
    # (question, figures, band the figures point to)
    (
        "MR-03",
        {"revenue_last_year": 1100, "employees_last_year": 10, "revenue_prev_year": 1000, "employees_prev_year": 10},
        "increase",
    ),
    (
        "MR-03",
        {"revenue_last_year": 2000, "employees_last_year": 20, "revenue_prev_year": 1000, "employees_prev_year": 10},
        "flat",
    ),
    (
        "MR-03",
        {"revenue_last_year": 999, "employees_last_year": 10, "revenue_prev_year": 1000, "employees_prev_year": 10},
        "decrease",
    ),
    (
        "MR-01",
        {"energy_last_year": 50, "revenue_last_year": 1000, "energy_prev_year": 40, "revenue_prev_year": 1000},
        "increase",
    ),
    (
        "MR-01",
        {"energy_last_year": 50, "revenue_last_year": 1000, "energy_prev_year": 25, "revenue_prev_year": 500},
        "flat",
    ),
    (
        "MR-01",
        {"energy_last_year": 1, "revenue_last_year": 1000, "energy_prev_year": 0, "revenue_prev_year": 1000},
        "increase",
    ),
    (
        "MR-04",
        {"cost_last_year": 700, "revenue_last_year": 1000, "cost_prev_year": 800, "revenue_prev_year": 1000},
        "decrease",
    ),
    (
        "MR-04",
        {"cost_last_year": "800.0", "revenue_last_year": 1000, "cost_prev_year": 800, "revenue_prev_year": 1000},
        "flat",
    ),
]


@pytest.mark.parametrize(("qid", "figures", "band"), CHANGE_CASES)
def test_year_on_year_changes_pick_the_band(defn, qid, figures, band):
    q = defn.question_by_id[qid]
    expected = next(o.code for o in q.options if o.band == band)
    other = next(o.code for o in q.options if o.band != band)
    check = indicator(score(defn, document(defn, choices={qid: expected}, evidence=figures)), qid).evidence
    assert (check.status, check.option, check.consistent) == ("computed", expected, True)
    result = score(defn, document(defn, choices={qid: other}, evidence=figures))
    assert [w.code for w in result.warnings] == ["evidence_mismatch"]


def test_change_messages_show_both_years_with_units(defn):
    figures = {"cost_last_year": 700, "revenue_last_year": 1000, "cost_prev_year": 800, "revenue_prev_year": 1000}
    check = indicator(score(defn, document(defn, choices={"MR-04": "C"}, evidence=figures)), "MR-04").evidence
    assert (
        check.message
        == "根据填写数据，每百元营业收入中的成本上年 70元、前年 80元，降低 12.5%，对应选项 C（降低），与所选一致"
    )


@pytest.mark.parametrize(
    ("last_year", "band"), [(Decimal("1010"), "flat"), (Decimal("990"), "flat"), (Decimal("1010.01"), "increase")]
)
def test_the_flat_tolerance_is_inclusive_and_read_from_the_data(data, last_year, band):
    edited = copy.deepcopy(data)
    for dim in edited["dimensions"]:
        for group in dim["groups"]:
            for ind in group["indicators"]:
                if ind["id"] == "MR-03":
                    ind["evidence"]["compute"]["flat_tolerance_percent"] = "1"
    defn = compile_definition(edited)
    figures = {
        "revenue_last_year": last_year,
        "employees_last_year": 1,
        "revenue_prev_year": 1000,
        "employees_prev_year": 1,
    }
    check = indicator(score(defn, document(defn, evidence=figures)), "MR-03").evidence
    assert check.option == next(o.code for o in defn.question_by_id["MR-03"].options if o.band == band)


# ---- level rules at and beside every threshold --------------------------------------------


def rule_cases(defn):
    return [pytest.param(rule.level, id=rule.name) for rule in defn.level_rules]


def rule_doc(defn, totals, level, *, total=None, count=None, constraint=None):
    rule = next(r for r in defn.level_rules if r.level == level)
    n = rule.min_scenes if count is None else count
    c = rule.min_constraint_scenes if constraint is None else constraint
    return rule, document(
        defn,
        choices=totals.choices(rule.min_score if total is None else total),
        scenarios=scenario_levels(defn, level=level, count=n, constraint=c),
    )


@pytest.mark.parametrize("level", [4, 3, 2, 1])
def test_each_rule_is_met_exactly_at_its_thresholds(defn, totals, level):
    rule, doc = rule_doc(defn, totals, level)
    result = score(defn, doc)
    assert result.total == rule.min_score
    assert (result.level, result.level_name) == (level, rule.name)


@pytest.mark.parametrize("level", [4, 3, 2, 1])
def test_each_rule_is_missed_just_below_its_score(defn, totals, level):
    rule = next(r for r in defn.level_rules if r.level == level)
    _, doc = rule_doc(defn, totals, level, total=totals.below(rule.min_score))
    result = score(defn, doc)
    check = next(c for c in result.rule_checks if c.level == level)
    assert (check.score_met, check.scenes_met, check.constraint_met, check.met) == (False, True, True, False)
    assert result.level < level


@pytest.mark.parametrize("level", [4, 3, 2, 1])
def test_each_rule_is_met_just_above_its_score(defn, totals, level):
    rule = next(r for r in defn.level_rules if r.level == level)
    _, doc = rule_doc(defn, totals, level, total=totals.above(rule.min_score))
    assert score(defn, doc).level == level


@pytest.mark.parametrize("level", [4, 3, 2, 1])
def test_each_rule_is_missed_with_one_scenario_too_few(defn, totals, level):
    rule = next(r for r in defn.level_rules if r.level == level)
    _, doc = rule_doc(defn, totals, level, count=rule.min_scenes - 1)
    result = score(defn, doc)
    check = next(c for c in result.rule_checks if c.level == level)
    assert (check.scenes, check.scenes_met, check.met) == (rule.min_scenes - 1, False, False)
    assert result.level < level


@pytest.mark.parametrize("level", [4, 3, 2, 1])
def test_each_rule_is_missed_with_one_constraint_scenario_too_few(defn, totals, level):
    rule = next(r for r in defn.level_rules if r.level == level)
    _, doc = rule_doc(defn, totals, level, constraint=rule.min_constraint_scenes - 1)
    result = score(defn, doc)
    check = next(c for c in result.rule_checks if c.level == level)
    assert (check.scenes_met, check.constraint_scenes, check.constraint_met) == (
        True,
        rule.min_constraint_scenes - 1,
        False,
    )
    assert result.level < level


def test_the_published_thresholds_by_hand(defn, totals):
    """The adopted (UNVERIFIED) thresholds, spelled out: 80 + 10/6 at 四级 is 四级; 79.975 is not."""
    four = scenario_levels(defn, level=4, count=10, constraint=6)
    assert score(defn, document(defn, choices=totals.choices(Decimal(80)), scenarios=four)).level_name == "四级"
    result = score(defn, document(defn, choices=totals.choices(Decimal("79.975")), scenarios=four))
    assert result.level_name == "三级"  # the 四级 scenarios count "at or above" for 三级
    five_con = scenario_levels(defn, level=4, count=10, constraint=5)
    assert score(defn, document(defn, choices=totals.choices(Decimal(80)), scenarios=five_con)).level_name == "三级"
    assert score(defn, document(defn, choices=totals.choices(Decimal("19.975")), level=4)).level_name == "未达一级"


def test_scenarios_above_a_level_count_for_it(defn, totals):
    scenes = scenario_levels(defn, level=4, count=6, constraint=3)
    result = score(defn, document(defn, choices=totals.choices(Decimal(40)), scenarios=scenes))
    assert result.level == 2


def test_no_rule_met_is_no_level(defn):
    result = score(defn, document(defn))
    assert (result.total, result.level, result.level_name) == (0, 0, "未达一级")
    assert result.trace[-1].message == "结论：各等级规则均未满足，评定结果为未达一级"
    assert sum(1 for t in result.trace if t.step == "rule") == len(defn.level_rules)


def test_an_exclusive_score_bound_from_the_data_file(data, totals):
    edited = copy.deepcopy(data)
    edited["level_rules"]["rules"][3]["min_score_inclusive"] = False  # 一级: score > 20
    defn = compile_definition(edited)
    scenes = scenario_levels(defn, level=1, count=6, constraint=3)
    assert score(defn, document(defn, choices=totals.choices(Decimal(20)), scenarios=scenes)).level == 0
    above = totals.above(Decimal(20))
    assert score(defn, document(defn, choices=totals.choices(above), scenarios=scenes)).level == 1
    assert "总分 > 20 分" in score(defn, document(defn, scenarios=scenes)).trace[-2].message


def test_thresholds_come_from_the_data_not_the_code(data, totals):
    edited = copy.deepcopy(data)
    edited["level_rules"]["rules"][2].update(min_score="45", min_scenes_at_or_above_level=7)  # 二级
    defn = compile_definition(edited)
    scenes = scenario_levels(defn, level=2, count=6, constraint=3)
    assert score(defn, document(defn, choices=totals.choices(Decimal(45)), scenarios=scenes)).level == 1
    scenes = scenario_levels(defn, level=2, count=7, constraint=3)
    assert score(defn, document(defn, choices=totals.choices(Decimal(45)), scenarios=scenes)).level == 2


# ---- distance to the next level -----------------------------------------------------------


def test_distance_from_the_sample_to_level_three(defn):
    distance = distance_to_next_level(defn, sample_document())
    assert (distance.current_level, distance.target_level) == (2, 3)
    assert distance.score_gap == Decimal("11.5")
    assert [(r.id, r.to_score) for r in distance.score_plan] == [("MM-04", Decimal("7.5")), ("MF-04", Decimal("7.9"))]
    assert sum(r.gain for r in distance.score_plan) >= distance.score_gap
    assert (distance.scenes_short, distance.constraint_scenes_short) == (5, 2)
    assert [s.id for s in distance.scenario_plan] == ["S01", "S05", "S06", "S08", "S11"]
    assert all(s.to_level == 3 for s in distance.scenario_plan)
    assert distance.summary.startswith(
        "距三级：总分需 ≥ 60 分，当前 48.5 分，还差 11.5 分，例如：MM-04 资金保障由 0 分提高到 7.5 分"
    )


def test_the_plan_carried_out_reaches_the_next_level(defn):
    evaluation = evaluate(defn, sample_document())
    improved = evaluation.distance.apply(evaluation.answers)
    assert score(defn, improved.to_document(defn)).level == 3


def test_the_last_single_raise_goes_only_as_far_as_needed(defn, totals):
    scenes = scenario_levels(defn, level=1, count=6, constraint=3)
    choices = totals.choices(Decimal(15))
    doc = document(defn, choices=choices, scenarios=scenes)
    distance = distance_to_next_level(defn, doc)
    assert distance.target_level == 1
    assert distance.score_gap == 5
    assert distance.scenario_plan == ()
    *earlier, last = distance.score_plan
    remaining = distance.score_gap - sum(r.gain for r in earlier)
    q = defn.question_by_id[last.id]
    if q.type == "single":
        assert last.gain == min(o.score - last.from_score for o in q.options if o.score - last.from_score >= remaining)
    else:  # dropping any added option would fall short
        added = set(last.to_options) - set(last.from_options)
        assert all(last.gain - q.option_by_code[c].score < remaining for c in added)
    assert score(defn, distance.apply(parse_answers(defn, doc)).to_document(defn)).level == 1


def test_when_only_the_scenarios_are_short_the_score_plan_is_empty(defn):
    doc = document(defn, pick=highest, scenarios=scenario_levels(defn, level=3, count=8, constraint=5))
    distance = distance_to_next_level(defn, doc)
    assert (distance.current_level, distance.target_level) == (3, 4)
    assert distance.score_plan == ()
    assert distance.summary.startswith("距四级：总分条件已满足（100 分，需 ≥ 80 分）；")
    assert len(distance.scenario_plan) == 10
    assert sum(s.constraint for s in distance.scenario_plan) >= 6


def test_at_the_top_level_there_is_nothing_further(defn):
    distance = distance_to_next_level(defn, document(defn, pick=highest, level=4))
    assert (distance.target_level, distance.summary) == (None, "已达到最高等级四级")


def test_from_no_level_the_target_is_level_one(defn):
    distance = distance_to_next_level(defn, document(defn, pick=lowest))
    assert (distance.current_level_name, distance.target_level_name) == ("未达一级", "一级")
    assert distance.score_gap == 20
    assert len(distance.scenario_plan) == 6
    assert [s.constraint for s in distance.scenario_plan].count(True) >= 3

"""Reading and checking indicator-set data files, without a database."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from smedt.assessment.definition import (
    DefinitionInvalid,
    Interval,
    _interval,
    _Loader,
    compile_definition,
    fmt,
    load_bytes,
    packaged_path,
    parse_bytes,
)
from smedt.assessment.tests.helpers import PACKAGED

SHARED = Path(__file__).resolve().parents[5] / "shared" / "domain" / "digital-level-2024.yaml"


def errors_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(DefinitionInvalid) as exc:
        compile_definition(data)
    assert exc.value.status_code == 422
    assert exc.value.code == "assessment.invalid_indicator_set"
    assert exc.value.details["errors"] == list(exc.value.errors)
    return list(exc.value.errors)


def question(data: dict[str, Any], qid: str) -> dict[str, Any]:
    for dim in data["dimensions"]:
        for group in dim["groups"]:
            for ind in group["indicators"]:
                if ind["id"] == qid:
                    return ind  # type: ignore[no-any-return]
    raise KeyError(qid)


@pytest.fixture
def fresh(data: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(data)


# ---- the packaged file --------------------------------------------------------------------


def test_the_packaged_file_is_the_2024_manufacturing_table(defn):
    assert (defn.code, defn.version) == ("2024-manufacturing", "2024.1")
    assert [d.name for d in defn.dimensions] == ["数字化基础", "数字化管理", "数字化成效"]
    assert [d.max_score for d in defn.dimensions] == [50, 30, 20]
    assert defn.total_max == 100
    assert len(defn.questions) == 15
    assert len(defn.scenarios) == 16
    assert sum(s.constraint for s in defn.scenarios) == 10
    assert all(set(s.descriptions) == {1, 2, 3, 4} for s in defn.scenarios)
    assert [(r.level, r.min_score, r.min_scenes, r.min_constraint_scenes) for r in defn.level_rules] == [
        (4, 80, 10, 6),
        (3, 60, 8, 5),
        (2, 40, 6, 3),
        (1, 20, 6, 3),
    ]
    assert defn.level_rules_status == "UNVERIFIED"
    assert defn.no_level_name == "未达一级"


def test_the_packaged_file_marks_the_level_thresholds_unverified():
    text = PACKAGED.read_text(encoding="utf-8")
    rules = text[text.index("level_rules:") - 1200 : text.index("level_rules:")]
    assert "UNVERIFIED" in rules


def test_decimals_are_read_exactly_never_as_floats(defn, data):
    assert defn.question_by_id["MM-02"].option_by_code["B"].score == Decimal("1.875")
    assert defn.question_by_id["MF-04"].option_by_code["O"].score == Decimal("0.9")

    def walk(value: Any) -> None:
        assert not isinstance(value, float)
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(data)
    assert question(data, "MM-02")["options"][1]["score"] == "1.875"


def test_the_canonical_json_compiles_to_the_same_definition(data, defn):
    assert compile_definition(json.loads(json.dumps(data))) == defn
    assert load_bytes(PACKAGED.read_bytes())[1] == defn


def test_the_same_file_as_json_gives_the_same_definition(data, defn):
    assert load_bytes(json.dumps(data, ensure_ascii=False).encode())[1] == defn


@pytest.mark.skipif(not SHARED.is_file(), reason="shared/domain is not checked out next to the repository")
def test_every_chinese_text_and_score_matches_the_shared_extract(defn):
    src = yaml.load(SHARED.read_text(encoding="utf-8"), Loader=_Loader)["manufacturing"]  # noqa: S506
    for dim, sd in zip(defn.dimensions, src["dimensions"], strict=True):
        assert (dim.id, dim.name, dim.max_score) == (sd["id"], sd["name"], Decimal(sd["max_score"]))
        for group, sg in zip(dim.groups, sd["groups"], strict=True):
            assert (group.name, group.max_score) == (sg["name"], Decimal(sg["max_score"]))
            for q, si in zip(group.questions, sg["indicators"], strict=True):
                assert (q.id, q.indicator, q.text, q.type, q.max_score) == (
                    si["id"],
                    si["indicator"],
                    si["question"],
                    si["type"],
                    Decimal(si["max_score"]),
                )
                labels = [
                    defn.evidence_fields[f].label for f in q.fields if not defn.evidence_fields[f].added_by_platform
                ]
                assert labels == [x for x in si.get("data_fields", []) if x != q.caption]
                for o, so in zip(q.options, si["options"], strict=True):
                    assert (o.code, o.text, o.score, o.exclusive) == (
                        so["code"],
                        so["text"],
                        Decimal(so["score"]),
                        bool(so.get("exclusive")),
                    )
    scenes = [(g["group"], s) for g in src["business_scenarios"] for s in g["scenes"]]
    for s, (group_name, ss) in zip(defn.scenarios, scenes, strict=True):
        assert (s.id, s.name, s.group_name, s.constraint) == (ss["id"], ss["name"], group_name, ss["constraint"])
        assert dict(s.descriptions) == ss["levels"]


def test_packaged_path_refuses_odd_codes():
    assert packaged_path("2024-manufacturing") == PACKAGED
    with pytest.raises(DefinitionInvalid):
        packaged_path("../secrets")


# ---- intervals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "inside"),
    [
        ("[0,10]", Fraction(0), True),
        ("[0,10]", Fraction(10), True),
        ("[0,10]", Fraction(1001, 100), False),
        ("(10,20]", Fraction(10), False),
        ("(10,20]", Fraction(1001, 100), True),
        ("(10,20]", Fraction(20), True),
        ("(10,20)", Fraction(20), False),
        ("[5,5]", Fraction(5), True),
    ],
)
def test_interval_bounds(text, value, inside):
    interval = _interval(text)
    assert interval is not None
    assert interval.contains(value) is inside


@pytest.mark.parametrize("text", ["0-10", "[10,0]", "(5,5]", "[a,b]", "[0;10]", 10])
def test_bad_intervals_are_refused(text):
    assert _interval(text) is None


def test_intervals_print_as_published():
    assert str(Interval(Decimal(10), False, Decimal(20), True)) == "(10%,20%]"
    assert fmt(Decimal("1.50")) == "1.5"
    assert fmt(Decimal("1E+2")) == "100"
    assert fmt(Decimal("7.500")) == "7.5"


# ---- broken files: every problem, in Chinese, with where it is ----------------------------


def test_a_score_that_breaks_the_sums_is_reported_with_both_figures(fresh):
    question(fresh, "MF-02")["options"][4]["score"] = "5"
    errors = errors_of(fresh)
    assert "指标 MF-02：单选题最高选项分值 5 与满分 6 不一致" in errors


def test_multi_option_sums_must_equal_the_maximum(fresh):
    question(fresh, "MF-04")["options"][14]["score"] = "0.7"
    assert "指标 MF-04：多选题各选项分值合计 9.8 与满分 10 不一致" in errors_of(fresh)


def test_group_dimension_and_total_sums_are_checked(fresh):
    fresh["dimensions"][0]["groups"][0]["max_score"] = "21"
    fresh["total_max"] = "99"
    errors = errors_of(fresh)
    assert "分组 equipment_systems：各指标满分合计 20 与分组满分 21 不一致" in errors
    assert "维度 foundation：各分组满分合计 51 与维度满分 50 不一致" in errors
    assert "total_max：各维度满分合计 100 与总分满分 99 不一致" in errors


def test_every_problem_is_reported_at_once(fresh):
    fresh["format"] = "other"
    fresh["version"] = Decimal("2024.1")
    question(fresh, "MF-01")["id"] = "MF-02"
    question(fresh, "MF-05")["options"][0]["exclusive"] = True
    errors = errors_of(fresh)
    assert any(e.startswith("format：") for e in errors)
    assert 'version：应为不超过 32 个字符的文本，如 "2024.1"（数字请加引号）' in errors
    assert any("指标编号“MF-02”重复" in e for e in errors)
    assert "指标 MF-05 选项 A：只有多选题可以设置互斥选项（exclusive）" in errors


def test_exclusive_options_score_zero_and_are_unique(fresh):
    opts = question(fresh, "MF-06")["options"]
    opts[0]["score"] = "1"
    opts[1]["exclusive"] = True
    errors = errors_of(fresh)
    assert "指标 MF-06 选项 A：互斥选项（如“无”）的分值应为 0" in errors
    assert "指标 MF-06 选项 B：互斥选项（如“无”）的分值应为 0" in errors
    assert "指标 MF-06：多选题最多只能有一个互斥选项" in errors


@pytest.mark.parametrize(
    ("bands", "problem"),
    [
        (["[0,10]", "(10,20]", "(25,40]", "(40,60]", "(60,100]"], "区间 (10%,20%] 与 (25%,40%] 之间有空隙或重叠"),
        (["[0,10]", "[10,20]", "(20,40]", "(40,60]", "(60,100]"], "区间 [0%,10%] 与 [10%,20%] 之间有空隙或重叠"),
        (["[0,10]", "(10,20)", "(20,40]", "(40,60]", "(60,100]"], "区间 (10%,20%) 与 (20%,40%] 之间有空隙或重叠"),
    ],
)
def test_ratio_bands_must_tile_without_gaps_or_overlaps(fresh, bands, problem):
    for option, band in zip(question(fresh, "MF-02")["options"], bands, strict=True):
        option["band"] = band
    assert f"指标 MF-02：{problem}" in errors_of(fresh)


def test_a_banded_question_needs_a_band_on_every_option(fresh):
    del question(fresh, "MF-03")["options"][2]["band"]
    assert "指标 MF-03 选项 C：有计算方式的指标，每个选项都要有 band" in errors_of(fresh)


def test_change_bands_need_increase_flat_and_decrease(fresh):
    question(fresh, "MR-03")["options"][1]["band"] = "increase"
    assert "指标 MR-03：变化类指标的 band 应恰好为 increase、flat、decrease 各一个" in errors_of(fresh)


def test_bands_without_a_computation_are_refused(fresh):
    question(fresh, "MR-02")["options"][0]["band"] = "decrease"
    assert "指标 MR-02：选项设置了 band，但没有 evidence.compute 计算方式" in errors_of(fresh)


def test_evidence_references_must_exist(fresh):
    question(fresh, "MF-03")["evidence"]["uses"] = ["production_equipmnt"]
    errors = errors_of(fresh)
    assert "指标 MF-03：evidence.uses 引用了不存在的佐证数据“production_equipmnt”" in errors
    assert "指标 MF-03：计算引用的“production_equipment”不在本题的 fields 或 uses 中" in errors


def test_evidence_field_ids_are_unique_across_questions(fresh):
    question(fresh, "MF-03")["evidence"]["fields"][0]["id"] = "production_equipment"
    assert "指标 MF-03 佐证数据 production_equipment：编号与指标 MF-02 的佐证数据重复" in errors_of(fresh)


def test_scenarios_need_all_level_descriptions_and_a_type(fresh):
    scene = fresh["scenario_dimension"]["groups"][0]["scenarios"][0]
    scene["levels"] = scene["levels"][:3]
    scene["type"] = "mandatory"
    errors = errors_of(fresh)
    assert "场景 S01：缺少等级 4 的描述" in errors
    assert "场景 S01：“type”应为 constraint（约束性）或 guidance（指导性）" in errors


def test_level_rules_must_be_achievable(fresh):
    rules = fresh["level_rules"]["rules"]
    rules[0]["min_score"] = "101"
    rules[1]["of_which_min_constraint_scenes"] = 11
    rules[2]["level"] = 5
    fresh["level_rules"]["counting"] = "exactly"
    errors = errors_of(fresh)
    assert "等级规则 4：总分门槛 101 超过满分 100" in errors
    assert "等级规则 3：约束性场景门槛 11 超过约束性场景总数 10 或场景数量门槛 8" in errors
    assert "等级规则 5：“level”应为 1、2、3、4 之一且不重复" in errors
    assert "level_rules：“counting”目前只支持 at_or_above（场景等级不低于目标等级即计入）" in errors


def test_numbers_that_are_not_finite_are_refused(fresh):
    question(fresh, "MF-05")["options"][1]["score"] = ".inf"
    assert "指标 MF-05 选项 B：“score”缺失或不是有效数字" in errors_of(fresh)


# ---- broken bytes -------------------------------------------------------------------------


def test_a_yaml_syntax_error_names_the_line():
    with pytest.raises(DefinitionInvalid) as exc:
        parse_bytes(b"code: x\nversion: [1,\n")
    assert exc.value.message.startswith("指标体系文件校验未通过：文件格式错误（第 ")


def test_a_file_that_is_not_utf8_is_refused():
    with pytest.raises(DefinitionInvalid) as exc:
        parse_bytes("名称".encode("gbk"))
    assert "UTF-8" in exc.value.message


@pytest.mark.parametrize("raw", [b"", b"- a\n- b\n", b"42"])
def test_a_file_that_is_not_a_mapping_is_refused(raw):
    with pytest.raises(DefinitionInvalid) as exc:
        parse_bytes(raw)
    assert exc.value.errors == ("文件内容应为一个映射（键值对），而不是列表或单个值",)


def test_dates_stay_text_so_the_definition_stays_json():
    assert parse_bytes(b"date_signed: 2024-09-04\n") == {"date_signed": "2024-09-04"}


def test_the_pure_modules_import_no_django():
    code = (
        "import sys; import smedt.assessment.scoring, smedt.assessment.definition; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    backend = Path(__file__).resolve().parents[3]
    done = subprocess.run([sys.executable, "-c", code], cwd=backend, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr

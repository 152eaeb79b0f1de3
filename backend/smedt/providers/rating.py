"""Provider scorecard: scheme validation, per-dimension scores from recorded facts, weighted total and grade. Pure.

A scheme is data (data/rating-scheme.yaml seeds the first version; the city saves new versions in the database).
Each dimension names a *source* — where its 0–100 score comes from — and its parameters. A dimension whose source
has no data for the period scores ``None`` ("无数据"): it is left out and the remaining weights are renormalised,
so a missing fact never counts as 0. All arithmetic is Decimal; scores and totals are rounded half-up to 0.01.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from smedt.core.errors import ValidationFailed

DATA_FILE = Path(__file__).resolve().parent / "data" / "rating-scheme.yaml"
TWO = Decimal("0.01")
HUNDRED = Decimal(100)

# source -> (label, default params); "manual" is entered by the city (主管部门与专家评价)
SOURCES: dict[str, tuple[str, dict[str, int]]] = {
    "projects": ("承接项目数（合同签署完成）", {"full_marks_at": 5}),
    "on_time": ("里程碑按期完成率", {}),
    "acceptance": ("一次验收通过率", {}),
    "satisfaction": ("企业满意度（项目评价平均分）", {}),
    "complaints": ("投诉情况（成立的投诉扣分）", {"penalty_per_upheld": 20}),
    "manual": ("市级手工评分", {}),
}
# param -> (label, min, max)
PARAM_BOUNDS: dict[str, tuple[str, int, int]] = {
    "full_marks_at": ("满分所需项目数", 1, 1000),
    "penalty_per_upheld": ("每件成立投诉扣分", 0, 100),
}
# shown with a null grade: a provider without any record on the platform is not graded (never the lowest grade)
NO_RATING_LABEL = "暂无评级"
NO_RATING_NOTE = "该服务商在平台上尚无已签约项目、评价、投诉或主管部门评分记录，暂无评级"
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True)
class Dimension:
    key: str
    name: str
    weight: Decimal
    source: str
    params: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "weight": str(self.weight),
            "source": self.source,
            "params": dict(self.params),
        }


@dataclass(frozen=True)
class Scheme:
    version: str
    dimensions: tuple[Dimension, ...]
    grades: tuple[tuple[str, Decimal], ...]  # (grade, min), highest first

    def dimension(self, key: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)

    def grades_as_list(self) -> list[dict[str, str]]:
        return [{"grade": g, "min": str(m)} for g, m in self.grades]


def _invalid(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed(code="providers.invalid_scheme", message=message, details={"fields": {field_name: message}})


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool) or value == "":
        return None
    try:
        dec = Decimal(str(value))
    except InvalidOperation:
        return None
    return dec if dec.is_finite() else None


def parse_scheme(data: Mapping[str, Any]) -> Scheme:
    """Validate a scheme (from the YAML file or the city's editor); every problem is a Chinese 422."""
    version = str(data.get("version") or "").strip()
    if not 1 <= len(version) <= 32:
        raise _invalid("version", "请填写方案版本号（不超过 32 个字符）")
    raw_dims = data.get("dimensions") or []
    if not isinstance(raw_dims, list) or not raw_dims:
        raise _invalid("dimensions", "请至少设置一个评级维度")
    dims: list[Dimension] = []
    for idx, d in enumerate(raw_dims, start=1):
        if not isinstance(d, Mapping):
            raise _invalid("dimensions", f"第 {idx} 个维度格式不正确")
        key = str(d.get("key") or "").strip()
        name = str(d.get("name") or "").strip()
        if not KEY_RE.match(key):
            raise _invalid("dimensions", f"第 {idx} 个维度的编码应为小写字母开头的字母、数字或下划线")
        if any(x.key == key for x in dims):
            raise _invalid("dimensions", f"维度编码“{key}”重复")
        if not 1 <= len(name) <= 64:
            raise _invalid("dimensions", f"请填写第 {idx} 个维度的名称（不超过 64 个字）")
        weight = _decimal(d.get("weight"))
        if weight is None or weight <= 0 or weight > 1000:
            raise _invalid("dimensions", f"“{name}”的权重应为大于 0 且不超过 1000 的数字")
        source = str(d.get("source") or "").strip()
        if source not in SOURCES:
            raise _invalid("dimensions", f"“{name}”的数据来源不正确")
        params: dict[str, int] = dict(SOURCES[source][1])
        given = d.get("params") or {}
        if not isinstance(given, Mapping):
            raise _invalid("dimensions", f"“{name}”的参数格式不正确")
        for pkey, pval in given.items():
            if pkey not in SOURCES[source][1]:
                raise _invalid("dimensions", f"“{name}”不支持参数“{pkey}”")
            label, lo, hi = PARAM_BOUNDS[pkey]
            num = _decimal(pval)
            if num is None or num != num.to_integral_value() or not lo <= num <= hi:
                raise _invalid("dimensions", f"“{name}”的{label}应为 {lo} 至 {hi} 之间的整数")
            params[pkey] = int(num)
        dims.append(Dimension(key=key, name=name, weight=weight.quantize(TWO), source=source, params=params))
    raw_grades = data.get("grades") or []
    if not isinstance(raw_grades, list) or not raw_grades:
        raise _invalid("grades", "请至少设置一个等级")
    grades: list[tuple[str, Decimal]] = []
    for idx, g in enumerate(raw_grades, start=1):
        if not isinstance(g, Mapping):
            raise _invalid("grades", f"第 {idx} 个等级格式不正确")
        name = str(g.get("grade") or "").strip()
        minimum = _decimal(g.get("min"))
        if not 1 <= len(name) <= 16:
            raise _invalid("grades", f"请填写第 {idx} 个等级的名称（不超过 16 个字）")
        if any(x[0] == name for x in grades):
            raise _invalid("grades", f"等级“{name}”重复")
        if minimum is None or not 0 <= minimum <= 100:
            raise _invalid("grades", f"等级“{name}”的最低分应在 0 至 100 之间")
        if any(x[1] == minimum for x in grades):
            raise _invalid("grades", f"等级“{name}”的最低分与其他等级相同")
        grades.append((name, minimum.quantize(TWO)))
    grades.sort(key=lambda g: -g[1])
    if grades[-1][1] != 0:
        raise _invalid("grades", "最低一档等级的最低分应为 0，使任何得分都有等级")
    return Scheme(version=version, dimensions=tuple(dims), grades=tuple(grades))


@lru_cache(maxsize=1)
def packaged_scheme() -> Scheme:
    return parse_scheme(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))


def packaged_scheme_data() -> dict[str, Any]:
    s = packaged_scheme()
    return {
        "version": s.version,
        "dimensions": [d.as_dict() for d in s.dimensions],
        "grades": s.grades_as_list(),
    }


# --- per-dimension scores from facts --------------------------------------------------------------------------


def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def _share(part: int, whole: int) -> Decimal | None:
    return None if whole <= 0 else _q(HUNDRED * part / whole)


def dimension_score(dim: Dimension, facts: Mapping[str, Any]) -> Decimal | None:
    """The 0–100 score of one dimension from the facts gathered for it; None = no data in the period.

    projects:     min(100, 100 × count / full_marks_at); no signed project in the period is no data (None), so
                  a provider without any record on the platform gets no rating (暂无评级), never the lowest grade.
    on_time:      100 × milestones done by their planned date / milestones due in the period.
    acceptance:   100 × projects accepted at the first review round / projects whose acceptance was decided.
    satisfaction: the average of the enterprises' project ratings (stars × 20).
    complaints:   max(0, 100 − penalty_per_upheld × upheld complaints); evaluated when the provider took projects
                  or had complaints decided in the period, otherwise no data.
    manual:       the city's number, when entered.
    """
    if dim.source == "projects":
        count = int(facts.get("count", 0))
        if count <= 0:
            return None
        full = int(dim.params.get("full_marks_at", 5))
        return min(HUNDRED, _q(HUNDRED * count / full))
    if dim.source == "on_time":
        return _share(int(facts.get("done_on_time", 0)), int(facts.get("total", 0)))
    if dim.source == "acceptance":
        return _share(int(facts.get("first_pass", 0)), int(facts.get("total", 0)))
    if dim.source == "satisfaction":
        count = int(facts.get("count", 0))
        return None if count <= 0 else _q(Decimal(str(facts.get("sum", 0))) / count)
    if dim.source == "complaints":
        upheld, dismissed = int(facts.get("upheld", 0)), int(facts.get("dismissed", 0))
        if upheld + dismissed == 0 and int(facts.get("projects", 0)) == 0:
            return None
        return max(Decimal(0), HUNDRED - int(dim.params.get("penalty_per_upheld", 20)) * upheld).quantize(TWO)
    if dim.source == "manual":
        value = _decimal(facts.get("score"))
        return None if value is None else _q(value)
    raise ValueError(f"unknown source {dim.source!r}")


@dataclass(frozen=True)
class Scorecard:
    scores: dict[str, Decimal | None]  # by dimension key; None = 无数据
    effective_weights: dict[str, Decimal]  # renormalised to sum 100 over the dimensions with data
    total: Decimal | None
    grade: str | None


def grade_for(scheme: Scheme, total: Decimal) -> str:
    return next(g for g, minimum in scheme.grades if total >= minimum)


def scorecard(scheme: Scheme, scores: Mapping[str, Decimal | None]) -> Scorecard:
    """Weighted total over the dimensions with data (weights renormalised); no data at all → no total, no grade."""
    present = [d for d in scheme.dimensions if scores.get(d.key) is not None]
    all_scores = {d.key: scores.get(d.key) for d in scheme.dimensions}
    weight_sum = sum((d.weight for d in present), Decimal(0))
    if not present or weight_sum <= 0:
        return Scorecard(scores=all_scores, effective_weights={}, total=None, grade=None)
    weighted = sum((Decimal(scores[d.key]) * d.weight for d in present), Decimal(0))  # type: ignore[arg-type]
    total = _q(weighted / weight_sum)
    effective = {d.key: _q(HUNDRED * d.weight / weight_sum) for d in present}
    return Scorecard(scores=all_scores, effective_weights=effective, total=total, grade=grade_for(scheme, total))


def clean_manual_score(dim: Dimension, value: Any) -> Decimal:
    dec = _decimal(value)
    if dec is None or not 0 <= dec <= 100:
        raise ValidationFailed(
            code="providers.invalid_rating",
            message=f"“{dim.name}”的得分应为 0 至 100 之间的数字",
            details={"fields": {"components": f"“{dim.name}”的得分应为 0 至 100 之间的数字"}},
        )
    return _q(dec)

"""Criteria files (``smedt.cultivation.criteria/1``): parse, resolve parameters, check. Pure: no Django.

A criteria file holds every number of one regime (63号 / 2号文). Figures the sources could not
confirm are ``parameters`` with the published value as default; a province or city changes
them as configuration (``CriteriaSetting``) and a result remembers the values it used.
A value written ``{param: key}`` (optionally ``index: n`` into a list) is replaced by the
parameter's current value when the criteria are compiled.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

FORMAT = "smedt.cultivation.criteria/1"
DATA_DIR = Path(__file__).resolve().parent / "data"
TIERS = ("innovative", "specialized", "little_giant")
TIER_LABELS = {
    "none": "未入库",
    "innovative": "创新型中小企业",
    "specialized": "专精特新中小企业",
    "little_giant": "专精特新“小巨人”企业",
}
TIER_RANK = {"none": 0, "innovative": 1, "specialized": 2, "little_giant": 3}
PARAM_KINDS = ("int", "decimal", "choice", "int_list", "bands", "tese")


class CriteriaInvalid(ValueError):
    """The file is not a valid criteria file; ``problems`` lists every finding in Chinese."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


class _DecimalLoader(yaml.SafeLoader):
    """YAML floats are read as exact Decimals (``1.875`` stays ``1.875``)."""


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)))  # type: ignore[arg-type]


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _decimal)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def parse_bytes(raw: bytes) -> dict[str, Any]:
    """The file as canonical JSON data (decimals as text); raises CriteriaInvalid."""
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_DecimalLoader)  # noqa: S506 - SafeLoader subclass
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CriteriaInvalid([f"文件无法解析：{exc}"]) from None
    if not isinstance(data, dict):
        raise CriteriaInvalid(["文件内容应为对象"])
    data = _jsonable(data)
    check(data)
    return data  # type: ignore[no-any-return]


def packaged_files() -> list[Path]:
    return sorted(DATA_DIR.glob("criteria-*.yaml"))


def dec(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise InvalidOperation
    return Decimal(str(value))


# --- parameters -------------------------------------------------------------------------------------------


def clean_param(spec: Mapping[str, Any], value: Any) -> Any:
    """A parameter value in canonical JSON form, or ValueError with a Chinese message."""
    kind = spec["kind"]
    try:
        if kind == "int":
            d = dec(value)
            if d != d.to_integral_value() or d < 0 or d > 10_000:
                raise ValueError
            return int(d)
        if kind == "decimal":
            d = dec(value)
            if not d.is_finite() or d < 0 or d > Decimal("1e9"):
                raise ValueError
            return str(d)
        if kind == "choice":
            if value not in spec.get("choices", {}):
                raise ValueError
            return value
        if kind == "int_list":
            default = spec["default"]
            if not isinstance(value, list) or len(value) != len(default):
                raise ValueError
            out = [clean_param({"kind": "int"}, v) for v in value]
            if any(v > 100 for v in out):
                raise ValueError
            return out
        if kind == "bands":
            return _clean_bands(value)
        if kind == "tese":
            return _clean_tese(value)
    except (InvalidOperation, TypeError, KeyError):
        raise ValueError(f"“{spec.get('label', '')}”取值不正确") from None
    except ValueError as exc:
        raise ValueError(str(exc) or f"“{spec.get('label', '')}”取值不正确") from None
    raise ValueError(f"未知的参数类型：{kind}")


def _clean_bands(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise ValueError("分档至少需要一档")
    out = []
    last: Decimal | None = None
    for i, band in enumerate(value):
        if not isinstance(band, dict):
            raise ValueError("分档格式不正确")
        lo = band.get("min")
        score = clean_param({"kind": "int"}, band.get("score"))
        if i == len(value) - 1:
            if lo not in (None, ""):
                raise ValueError("最后一档应为“以下”（不设下限）")
            out.append({"min": None, "score": score})
            continue
        lo_d = dec(lo)
        if last is not None and lo_d >= last:
            raise ValueError("分档下限应从高到低排列")
        last = lo_d
        out.append({"min": str(lo_d), "score": score})
    return out


def _clean_tese(value: Any) -> list[dict[str, Any]]:
    """Province 特色化 indicators: each one question with options and points; 15 points in all."""
    if not isinstance(value, list):
        raise ValueError("特色化指标应为列表")
    out = []
    total = 0
    for i, ind in enumerate(value, start=1):
        if not isinstance(ind, dict):
            raise ValueError("特色化指标格式不正确")
        name = str(ind.get("name", "")).strip()
        if not name or len(name) > 200:
            raise ValueError(f"第 {i} 项特色化指标缺少名称")
        options = ind.get("options") or []
        if not isinstance(options, list) or len(options) < 2:
            raise ValueError(f"特色化指标“{name}”至少需要两个选项")
        opts = []
        for j, opt in enumerate(options):
            text = str((opt or {}).get("text", "")).strip()
            if not text:
                raise ValueError(f"特色化指标“{name}”的第 {j + 1} 个选项缺少内容")
            opts.append(
                {"code": chr(ord("A") + j), "text": text[:200], "score": clean_param({"kind": "int"}, opt.get("score"))}
            )
        top = max(o["score"] for o in opts)
        total += top
        out.append({"id": f"T{i}", "name": name, "max": top, "options": opts})
    if total > 15:
        raise ValueError("特色化指标满分合计不能超过 15 分")
    return out


def param_values(definition: Mapping[str, Any], overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Every parameter's value in force: the override where one is set, else the default."""
    values = {}
    for key, spec in definition.get("parameters", {}).items():
        values[key] = (overrides or {}).get(key, spec["default"])
    return values


def resolve(definition: Mapping[str, Any], overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A copy of the definition with every ``{param: …}`` replaced by its value."""
    values = param_values(definition, overrides)

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            if set(node) <= {"param", "index"} and "param" in node:
                v = values[node["param"]]
                return copy.deepcopy(v[node["index"]] if "index" in node else v)
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    out = walk({k: v for k, v in definition.items() if k != "parameters"})
    out["parameters"] = copy.deepcopy(dict(definition.get("parameters", {})))
    out["parameter_values"] = values
    return out  # type: ignore[no-any-return]


# --- checks ----------------------------------------------------------------------------------------------


@dataclass
class _Check:
    problems: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}：{message}")


def check(data: Mapping[str, Any]) -> None:
    """Check the whole file (structure, parameter references, measures); raise with every problem."""
    from smedt.cultivation.evaluation import MEASURES, inputs_known

    c = _Check()
    if data.get("format") != FORMAT:
        c.add("format", f"应为 {FORMAT}")
    for key in ("code", "version", "name", "document_no", "effective_from"):
        if not data.get(key):
            c.add(key, "不能为空")
    try:
        date.fromisoformat(str(data.get("effective_from", "")))
    except ValueError:
        c.add("effective_from", "应为 YYYY-MM-DD")
    params = data.get("parameters") or {}
    for key, spec in params.items():
        if spec.get("kind") not in PARAM_KINDS:
            c.add(f"parameters.{key}", "kind 不正确")
            continue
        try:
            clean_param(spec, spec.get("default"))
        except ValueError as exc:
            c.add(f"parameters.{key}", f"默认值不正确（{exc}）")

    def refs(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if "param" in node and set(node) <= {"param", "index"}:
                if node["param"] not in params:
                    c.add(where, f"引用了未声明的参数 {node['param']}")
                return
            if "measure" in node and node["measure"] not in MEASURES:
                c.add(where, f"未知的计算项 {node['measure']}")
            if "flag" in node and node["flag"] not in inputs_known():
                c.add(where, f"未知的填报项 {node['flag']}")
            if "tier_held" in node and node["tier_held"] not in TIERS:
                c.add(where, f"未知的梯度 {node['tier_held']}")
            for k, v in node.items():
                refs(v, f"{where}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                refs(v, f"{where}[{i}]")

    tiers = data.get("tiers") or {}
    for tier in TIERS:
        if tier not in tiers:
            c.add("tiers", f"缺少 {tier}")
    refs(tiers, "tiers")
    if c.problems:
        raise CriteriaInvalid(c.problems)
    # the resolved criteria must compile (bands ordered, points add up)
    from smedt.cultivation.evaluation import compile_criteria

    try:
        compile_criteria(resolve(data))
    except (KeyError, ValueError, TypeError, InvalidOperation) as exc:
        raise CriteriaInvalid([f"指标结构不正确：{exc}"]) from None


def canonical_json(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)

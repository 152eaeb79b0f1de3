"""Provider rating: weighted total and grade from a versioned scheme (data/rating-scheme.yaml). Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from smedt.core.errors import ValidationFailed

DATA_FILE = Path(__file__).resolve().parent / "data" / "rating-scheme.yaml"
TWO = Decimal("0.01")


@dataclass(frozen=True)
class Scheme:
    version: str
    dimensions: tuple[tuple[str, str, Decimal], ...]  # (key, name, weight)
    grades: tuple[tuple[str, Decimal], ...]  # (grade, min), highest first


def parse_scheme(data: Mapping[str, Any]) -> Scheme:
    dims = tuple((str(d["key"]), str(d["name"]), Decimal(str(d["weight"]))) for d in data["dimensions"])
    grades = tuple(sorted(((str(g["grade"]), Decimal(str(g["min"]))) for g in data["grades"]), key=lambda g: -g[1]))
    if not dims or sum(w for _, _, w in dims) <= 0:
        raise ValueError("rating scheme needs positive weights")
    if not grades or grades[-1][1] > 0:
        raise ValueError("the lowest grade must start at 0")
    return Scheme(version=str(data["version"]), dimensions=dims, grades=grades)


@lru_cache(maxsize=1)
def packaged_scheme() -> Scheme:
    return parse_scheme(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))


def _error(message: str) -> ValidationFailed:
    return ValidationFailed(
        code="providers.invalid_rating", message=message, details={"fields": {"components": message}}
    )


def rate(scheme: Scheme, components: Mapping[str, Any]) -> tuple[dict[str, Decimal], Decimal, str]:
    """Every dimension scored 0–100 → (cleaned components, weighted total, grade)."""
    unknown = sorted(set(components) - {k for k, _, _ in scheme.dimensions})
    if unknown:
        raise _error(f"评级维度不存在：{'、'.join(unknown)}")
    cleaned: dict[str, Decimal] = {}
    for key, name, _ in scheme.dimensions:
        if components.get(key) in (None, ""):
            raise _error(f"请填写“{name}”的得分")
        try:
            value = Decimal(str(components[key]))
        except InvalidOperation:
            raise _error(f"“{name}”的得分应为数字") from None
        if not value.is_finite() or not 0 <= value <= 100:
            raise _error(f"“{name}”的得分应在 0 至 100 之间")
        cleaned[key] = value.quantize(TWO)
    weight_sum = sum((w for _, _, w in scheme.dimensions), Decimal(0))
    weighted = sum((cleaned[k] * w for k, _, w in scheme.dimensions), Decimal(0))
    total = (weighted / weight_sum).quantize(TWO)
    grade = next(g for g, minimum in scheme.grades if total >= minimum)
    return cleaned, total, grade

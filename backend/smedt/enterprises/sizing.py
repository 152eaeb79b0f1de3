"""企业划型 (大/中/小/微) from yearly figures. Pure: thresholds come from data/size-thresholds.yaml.

The rule of 工信部联企业〔2011〕300号: a class is reached when every lower bound the sector
lists for it is met ("且"); classes are tried from large down; an enterprise that reaches
none is micro. A measure the class needs but the figures lack gives no result (None), so a
missing number never makes an enterprise look smaller than it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "size-thresholds.yaml"

LARGE = "large"
MEDIUM = "medium"
SMALL = "small"
MICRO = "micro"
ORDER = (LARGE, MEDIUM, SMALL)
LABELS = {LARGE: "大型", MEDIUM: "中型", SMALL: "小型", MICRO: "微型"}
MEASURES = ("employees", "revenue", "total_assets")


@dataclass(frozen=True)
class Sector:
    key: str
    name: str
    sections: tuple[str, ...]
    divisions: tuple[str, ...]
    default: bool
    classes: Mapping[str, Mapping[str, Decimal]]


@dataclass(frozen=True)
class Thresholds:
    version: str
    title: str
    sectors: tuple[Sector, ...]

    def sector_for(self, industry_code: str) -> Sector:
        """The sector of a GB/T 4754 code such as "C3670" (section letter + digits)."""
        code = (industry_code or "").strip().upper()
        section, digits = code[:1], code[1:3]
        for sector in self.sectors:
            if digits and digits in sector.divisions:
                return sector
        for sector in self.sectors:
            if section and section in sector.sections:
                return sector
        return next(s for s in self.sectors if s.default)


def parse_thresholds(data: Mapping[str, Any]) -> Thresholds:
    sectors = []
    for key, raw in data["sectors"].items():
        classes = {}
        for cls in ORDER:
            bounds = raw["classes"][cls]
            unknown = set(bounds) - set(MEASURES)
            if unknown:
                raise ValueError(f"sector {key}: unknown measures {sorted(unknown)}")
            classes[cls] = {m: Decimal(str(v)) for m, v in bounds.items()}
        sectors.append(
            Sector(
                key=key,
                name=str(raw["name"]),
                sections=tuple(raw.get("sections", ())),
                divisions=tuple(str(d) for d in raw.get("divisions", ())),
                default=bool(raw.get("default", False)),
                classes=classes,
            )
        )
    if sum(1 for s in sectors if s.default) != 1:
        raise ValueError("exactly one sector must be the default")
    return Thresholds(version=str(data["version"]), title=str(data["title"]), sectors=tuple(sectors))


@lru_cache(maxsize=1)
def packaged_thresholds() -> Thresholds:
    return parse_thresholds(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class SizeResult:
    size_class: str | None  # None: the figures lack a measure the sector needs
    sector: str
    version: str
    missing: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return LABELS.get(self.size_class or "", "无法划型")


def size_class(
    *,
    thresholds: Thresholds,
    industry_code: str,
    employees: int | None,
    revenue: Decimal | None,
    total_assets: Decimal | None = None,
) -> SizeResult:
    sector = thresholds.sector_for(industry_code)
    values: dict[str, Decimal | None] = {
        "employees": Decimal(employees) if employees is not None else None,
        "revenue": revenue,
        "total_assets": total_assets,
    }
    needed = sorted({m for bounds in sector.classes.values() for m in bounds})
    missing = tuple(m for m in needed if values[m] is None)
    if missing:
        return SizeResult(None, sector.key, thresholds.version, missing)
    for cls in ORDER:
        if all(values[m] >= bound for m, bound in sector.classes[cls].items()):  # type: ignore[operator]  # missing handled above
            return SizeResult(cls, sector.key, thresholds.version)
    return SizeResult(MICRO, sector.key, thresholds.version)

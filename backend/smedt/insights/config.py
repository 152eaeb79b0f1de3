"""The insights data files: the pilot KPI target and dates, provider signing targets, the city map."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

DATA_DIR = Path(__file__).resolve().parent / "data"


def _path(setting: str, default: Path) -> Path:
    value = getattr(settings, setting, "")
    return Path(value) if value else default


@dataclass(frozen=True)
class PilotKpi:
    version: str
    metric: str
    min_level: int
    min_share_pct: Decimal
    below_scale_target: str
    starts_on: date
    ends_on: date
    ends_on_confirmed: bool


@cache
def pilot_kpi() -> PilotKpi:
    raw = yaml.safe_load(_path("SMEDT_INSIGHTS_KPI_FILE", DATA_DIR / "pilot-kpi.yaml").read_text(encoding="utf-8"))
    target, pilot = raw["target"], raw["pilot"]
    return PilotKpi(
        version=str(raw["version"]),
        metric=str(target["metric"]),
        min_level=int(target["min_level"]),
        min_share_pct=Decimal(str(target["min_share_pct"])),
        below_scale_target=str(target.get("below_scale_target", "")),
        starts_on=date.fromisoformat(str(pilot["starts_on"])),
        ends_on=date.fromisoformat(str(pilot["ends_on"])),
        ends_on_confirmed=bool(pilot.get("ends_on_confirmed", False)),
    )


@cache
def provider_targets() -> dict[str, Any]:
    path = _path("SMEDT_INSIGHTS_PROVIDER_TARGETS_FILE", DATA_DIR / "provider-targets.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {"default": dict(raw["default"]), "overrides": dict(raw.get("overrides") or {})}


def provider_target(credit_code: str) -> dict[str, int]:
    targets = provider_targets()
    return {k: int(v) for k, v in {**targets["default"], **targets["overrides"].get(credit_code, {})}.items()}


@cache
def city_map() -> dict[str, Any]:
    """The GeoJSON of the configured city's counties, each feature given the region code it stands for."""
    from smedt.regions.models import Region

    meta_path = _path("SMEDT_INSIGHTS_MAP_FILE", DATA_DIR / "map" / "map.yaml")
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    geo = json.loads((meta_path.parent / meta["file"]).read_text(encoding="utf-8"))
    aliases: dict[str, str] = {str(k): str(v) for k, v in (meta.get("aliases") or {}).items()}
    codes = dict(Region.objects.filter(code__startswith=str(meta["city_code"])[:4]).values_list("name", "code"))
    for feature in geo.get("features", []):
        name = feature.get("properties", {}).get("name", "")
        feature["properties"]["code"] = aliases.get(name) or codes.get(name, "")
    return {"city_code": str(meta["city_code"]), "city_name": str(meta["city_name"]), "geojson": geo}

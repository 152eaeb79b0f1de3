"""Configuration read from this module's data files (deadlines per step, acceptance requirements)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def deadlines() -> dict[str, int]:
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "deadlines.yaml").read_text(encoding="utf-8"))
    return {str(k): int(v) for k, v in (data.get("deadlines") or {}).items()}


@lru_cache(maxsize=1)
def acceptance() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "acceptance.yaml").read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def expert_scoring() -> dict[str, Any]:
    """Optional expert scoring at the city acceptance step: {enabled, min_experts, items}.

    Off unless acceptance.yaml says `expert_scoring.enabled: true`; the sheet is validated by the
    reviews kernel's score-sheet rules (unique keys, positive maxima)."""
    from smedt.reviews.scoresheet import validate_sheet_items

    raw: dict[str, Any] = acceptance().get("expert_scoring") or {}
    enabled = bool(raw.get("enabled", False))
    items = validate_sheet_items(raw.get("items") or [], error_code="projects.invalid_score") if enabled else []
    min_experts = int(raw.get("min_experts", 1) or 1)
    if enabled and not 1 <= min_experts <= 15:
        raise ValueError("expert_scoring.min_experts must be between 1 and 15")
    return {"enabled": enabled, "min_experts": min_experts, "items": items}


@lru_cache(maxsize=1)
def satisfaction() -> dict[str, Any]:
    """Enterprise satisfaction rating of the provider: {revise_days} (days the first rating may be revised)."""
    raw: dict[str, Any] = acceptance().get("satisfaction") or {}
    return {"revise_days": int(raw.get("revise_days", 7))}

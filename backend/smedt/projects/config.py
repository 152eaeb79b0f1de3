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

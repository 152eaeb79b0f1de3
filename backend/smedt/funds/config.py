"""Configuration of the funds module, read from `funds/data/funds.yaml` (versioned with the code)."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
TRANSFORMATION = "transformation"
CENTRAL = "central"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "funds.yaml").read_text(encoding="utf-8"))
    return data


def source_kinds() -> dict[str, str]:
    return {str(k["code"]): str(k["label"]) for k in _data()["source_kinds"]}


def purposes() -> dict[str, str]:
    return {str(p["code"]): str(p["label"]) for p in _data()["purposes"]}


def central_transformation_min_pct() -> Decimal:
    """At least this share (%) of the central money goes to transformation subsidies (default 80)."""
    from django.conf import settings

    value = Decimal(str(getattr(settings, "SMEDT_FUNDS_CENTRAL_TRANSFORMATION_MIN_PCT", 80)))
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError("central_transformation_min_pct must be between 0 and 100")
    return value


def version() -> str:
    return str(_data().get("version", ""))


def finance_review() -> bool:
    """New subsidy campaigns add the finance bureau's (财政) review after the city's (default off: the step
    needs a 财政审核员 account in the city first, or applications would wait with nobody to decide them)."""
    from django.conf import settings

    return bool(getattr(settings, "SMEDT_FUNDS_FINANCE_REVIEW", False))

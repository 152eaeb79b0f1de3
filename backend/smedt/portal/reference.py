"""Reference data of the portal: its dictionaries (idempotent; call from load_reference)."""

from __future__ import annotations

from pathlib import Path

from smedt.dicts.services import dicts_load

DATA_FILE = Path(__file__).resolve().parent / "data" / "portal-dicts.yaml"
CATEGORY_DICT = "portal_category"
SUB_INDUSTRY_DICT = "pilot_sub_industry"


def portal_reference_load() -> int:
    """Create the portal dictionaries and their items when missing; returns the number of new items."""
    return dicts_load(path=DATA_FILE)

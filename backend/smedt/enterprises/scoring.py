"""Expert score sheets of this module: the kernel's shared rules (smedt.reviews.scoresheet) with
this module's error code."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from smedt.reviews import scoresheet

ERROR_CODE = "enterprises.invalid_score"


def validate_sheet_items(items: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    return scoresheet.validate_sheet_items(items, error_code=ERROR_CODE)


def score_total(items: Sequence[Mapping[str, Any]], marks: Mapping[str, Any]) -> tuple[dict[str, Decimal], Decimal]:
    return scoresheet.score_total(items, marks, error_code=ERROR_CODE)

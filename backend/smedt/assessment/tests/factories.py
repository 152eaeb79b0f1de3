"""Factories for assessment rows (the service tests go through the services; lists and analysis use these)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from smedt.assessment.models import Assessment, AssessmentStatus, IndicatorSet, OnsiteRating
from smedt.assessment.scoring import evaluate
from smedt.assessment.selectors import indicator_set_definition
from smedt.assessment.services.analysis_entries import analysis_entry_refresh
from smedt.assessment.tests.helpers import Totals, document, highest, lowest
from smedt.assessment.workflow import industry_division
from smedt.orgs.models import Organization

# (total, scenario level) that give each level under the packaged rules
LEVEL_RECIPES: dict[int, tuple[Decimal, int]] = {
    0: (Decimal(10), 0),
    1: (Decimal(30), 1),
    2: (Decimal(50), 2),
    3: (Decimal(70), 3),
    4: (Decimal(90), 4),
}


def level_document(
    indicator_set: IndicatorSet, totals: Totals, level: int, total: Decimal | None = None
) -> dict[str, Any]:
    """A complete answer document scoring ``total`` (default: the recipe's) at ``level``."""
    defn = indicator_set_definition(indicator_set)
    recipe_total, scenario_level = LEVEL_RECIPES[level]
    return document(defn, choices=totals.choices(total if total is not None else recipe_total), level=scenario_level)


def full_document(indicator_set: IndicatorSet, *, best: bool = True) -> dict[str, Any]:
    defn = indicator_set_definition(indicator_set)
    return document(defn, pick=highest if best else lowest, level=4 if best else 0)


def make_submitted(
    *,
    org: Organization,
    indicator_set: IndicatorSet,
    doc: dict[str, Any],
    user: Any,
    when: dt.datetime | None = None,
    size_band: str | None = None,
    onsite: bool = False,
) -> Assessment | OnsiteRating:
    """A submitted self-assessment (or on-site rating) scored by the real scoring module."""
    evaluation = evaluate(indicator_set_definition(indicator_set), doc)
    result = evaluation.to_dict()
    fields: dict[str, Any] = {
        "org": org,
        "indicator_set": indicator_set,
        "status": AssessmentStatus.SUBMITTED,
        "answers": doc["answers"],
        "scenarios": doc["scenarios"],
        "evidence": doc.get("evidence", {}),
        "region": org.region,
        "industry_division": industry_division(org.industry_code),
        "size_band": size_band,
        "result": result,
        "total_score": Decimal(result["total"]),
        "level": evaluation.result.level,
        "submitted_at": when or timezone.now(),
        "progress_answered": 31,
        "progress_total": 31,
    }
    row: Assessment | OnsiteRating
    if onsite:
        row = OnsiteRating.objects.create(rated_by=user, remarks="现场核实", **fields)
    else:
        row = Assessment.objects.create(created_by=user, submitted_by=user, commitment=True, **fields)
    analysis_entry_refresh(org_id=org.pk)
    return row


__all__ = ["LEVEL_RECIPES", "full_document", "level_document", "lowest", "make_submitted"]

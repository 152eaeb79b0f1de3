"""Keep ``AnalysisEntry`` (one row per enterprise) in step with what was submitted last.

The current result of an enterprise is its latest submitted on-site rating that counts for
acceptance, else its latest submitted self-assessment. Called inside the submit services'
transactions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from smedt.assessment.models import (
    AnalysisEntry,
    Assessment,
    AssessmentStatus,
    OnsiteRating,
    ResultSource,
    SizeBand,
)
from smedt.core.aggcache import aggregate_changed
from smedt.orgs.models import Organization


def month_of(when: dt.datetime) -> dt.date:
    """The first day of the local (Asia/Shanghai) month of a submission."""
    return timezone.localtime(when).date().replace(day=1)


def dimension_scores(result: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: d["score"] for d in result.get("dimensions", [])}


def analysis_entry_refresh(*, org_id: int) -> AnalysisEntry | None:
    """Recompute the organization's entry from its submitted rows (idempotent).

    Locks the organization row first, so two submissions for one enterprise update its entry
    one after the other (lock order: the assessment or rating, then the organization).
    """
    Organization.objects.select_for_update().filter(pk=org_id).first()
    onsite = (
        OnsiteRating.objects.filter(org_id=org_id, status=AssessmentStatus.SUBMITTED, counts_for_acceptance=True)
        .order_by("-submitted_at", "-id")
        .first()
    )
    own = (
        None
        if onsite is not None
        else Assessment.objects.filter(org_id=org_id, status=AssessmentStatus.SUBMITTED)
        .order_by("-submitted_at", "-id")
        .first()
    )
    row: Assessment | OnsiteRating | None = onsite or own
    aggregate_changed("assessment.analysis")  # the cached summaries (assessment.analysis) recompute
    if row is None:
        AnalysisEntry.objects.filter(org_id=org_id).delete()
        return None
    assert row.result is not None and row.submitted_at is not None and row.level is not None
    entry, _ = AnalysisEntry.objects.update_or_create(
        org_id=org_id,
        defaults={
            "source": ResultSource.ONSITE if onsite is not None else ResultSource.SELF,
            "assessment": own,
            "onsite_rating": onsite,
            "indicator_set_id": row.indicator_set_id,
            "region_id": row.region_id,
            "industry_division": row.industry_division,
            "size_band": row.size_band or SizeBand.UNKNOWN,
            "submitted_at": row.submitted_at,
            "submitted_month": month_of(row.submitted_at),
            "total_score": row.total_score if row.total_score is not None else Decimal(0),
            "level": row.level,
            "dimension_scores": dimension_scores(row.result),
        },
    )
    return entry

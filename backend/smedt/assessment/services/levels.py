"""What other modules may read of an enterprise's digital level: its current result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from smedt.assessment.models import AnalysisEntry


@dataclass(frozen=True)
class DigitalLevel:
    level: int
    source: str  # self | onsite
    source_label: str
    submitted_at: datetime


def digital_level_current(*, org_id: int) -> DigitalLevel | None:
    """The enterprise's current level (latest counted on-site rating, else latest self-assessment)."""
    entry = AnalysisEntry.objects.filter(org_id=org_id).first()
    if entry is None:
        return None
    return DigitalLevel(
        level=entry.level, source=entry.source, source_label=entry.get_source_display(), submitted_at=entry.submitted_at
    )

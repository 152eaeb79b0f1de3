"""Assessment models, one file per aggregate."""

from smedt.assessment.models.assessment import (
    AnalysisEntry,
    Assessment,
    AssessmentStatus,
    ExpertAssignment,
    OnsiteRating,
    ResultSource,
    SizeBand,
)
from smedt.assessment.models.indicator_set import IndicatorSet, IndicatorSetStatus

__all__ = [
    "AnalysisEntry",
    "Assessment",
    "AssessmentStatus",
    "ExpertAssignment",
    "IndicatorSet",
    "IndicatorSetStatus",
    "OnsiteRating",
    "ResultSource",
    "SizeBand",
]

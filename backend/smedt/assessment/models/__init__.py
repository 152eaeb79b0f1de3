"""Assessment models, one file per aggregate."""

from smedt.assessment.models.assessment import (
    AnalysisEntry,
    Assessment,
    AssessmentStatus,
    AssessmentTrace,
    ExpertAssignment,
    OnsiteRating,
    OnsiteRatingTrace,
    ResultSource,
    SizeBand,
)
from smedt.assessment.models.indicator_set import IndicatorSet, IndicatorSetStatus

__all__ = [
    "AnalysisEntry",
    "Assessment",
    "AssessmentStatus",
    "AssessmentTrace",
    "ExpertAssignment",
    "IndicatorSet",
    "IndicatorSetStatus",
    "OnsiteRating",
    "OnsiteRatingTrace",
    "ResultSource",
    "SizeBand",
]

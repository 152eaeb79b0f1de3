"""Assessment models, one file per aggregate."""

from smedt.assessment.models.indicator_set import IndicatorSet, IndicatorSetStatus

__all__ = ["IndicatorSet", "IndicatorSetStatus"]

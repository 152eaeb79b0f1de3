"""Stable error codes of the assessment app (the front end switches on them). Pure: no Django."""

from __future__ import annotations

from enum import StrEnum


class AssessmentErrorCode(StrEnum):
    INVALID_INDICATOR_SET = "assessment.invalid_indicator_set"
    INDICATOR_SET_TOO_LARGE = "assessment.indicator_set_too_large"
    INDICATOR_SET_VERSION_EXISTS = "assessment.indicator_set_version_exists"
    INDICATOR_SET_NOT_FOUND = "assessment.indicator_set_not_found"
    INVALID_ANSWERS = "assessment.invalid_answers"

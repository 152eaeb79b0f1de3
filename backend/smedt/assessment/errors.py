"""Stable error codes of the assessment app (the front end switches on them). Pure: no Django."""

from __future__ import annotations

from enum import StrEnum


class AssessmentErrorCode(StrEnum):
    INVALID_INDICATOR_SET = "assessment.invalid_indicator_set"
    INDICATOR_SET_TOO_LARGE = "assessment.indicator_set_too_large"
    INDICATOR_SET_VERSION_EXISTS = "assessment.indicator_set_version_exists"
    INDICATOR_SET_NOT_FOUND = "assessment.indicator_set_not_found"
    INVALID_ANSWERS = "assessment.invalid_answers"
    ORG_REQUIRED = "assessment.org_required"
    NOT_AN_ENTERPRISE = "assessment.not_an_enterprise"
    COMMITMENT_REQUIRED = "assessment.commitment_required"
    INVALID_ATTACHMENTS = "assessment.invalid_attachments"
    NOT_AN_EXPERT = "assessment.not_an_expert"
    ASSIGNMENT_EXISTS = "assessment.assignment_exists"
    NOT_THE_RATER = "assessment.not_the_rater"
    INVALID_SIZE_BAND = "assessment.invalid_size_band"
    INVALID_FILTER = "assessment.invalid_filter"
    DIFFERENT_INDICATOR_SETS = "assessment.different_indicator_sets"

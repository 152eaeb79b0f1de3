"""Stable error codes of the industry module."""

from __future__ import annotations


class IndustryErrorCode:
    INVALID_FIELD = "industry.invalid_field"
    INVALID_PERIOD = "industry.invalid_period"
    NOT_ENTERPRISE = "industry.not_enterprise"
    EXPLANATION_REQUIRED = "industry.explanation_required"
    DUPLICATE = "industry.duplicate"
    IMPORT_INVALID_FILE = "industry.import_invalid_file"

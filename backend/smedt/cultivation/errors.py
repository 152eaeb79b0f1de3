"""Stable error codes of the cultivation app (the front end switches on them)."""

from __future__ import annotations

from enum import StrEnum


class CultivationErrorCode(StrEnum):
    INVALID_CRITERIA = "cultivation.invalid_criteria"
    CRITERIA_NOT_FOUND = "cultivation.criteria_not_found"
    INVALID_SETTING = "cultivation.invalid_setting"
    INVALID_ANSWERS = "cultivation.invalid_answers"
    NOT_AN_ENTERPRISE = "cultivation.not_an_enterprise"
    ORG_REQUIRED = "cultivation.org_required"
    INVALID_RECOGNITION = "cultivation.invalid_recognition"
    CERTIFICATE_EXISTS = "cultivation.certificate_exists"
    NOT_VALID = "cultivation.recognition_not_valid"
    ALREADY_REMOVED = "cultivation.already_removed"
    INVALID_ACTION = "cultivation.invalid_action"
    INVALID_FILTER = "cultivation.invalid_filter"

"""Stable error codes of the application engine."""

from __future__ import annotations


class ApplicationsErrorCode:
    INVALID_FIELD = "applications.invalid_field"
    INVALID_TEMPLATE = "applications.invalid_template"
    INVALID_SUBMISSION = "applications.invalid_submission"
    VERSION_FROZEN = "applications.version_frozen"
    CAMPAIGN_CLOSED = "applications.campaign_closed"
    STALE_TEMPLATE = "applications.stale_template"
    NOT_ELIGIBLE = "applications.not_eligible"
    DUPLICATE = "applications.duplicate_submission"
    QUOTA_FULL = "applications.quota_full"
    ALREADY_SCORED = "applications.already_scored"
    SCORES_MISSING = "applications.scores_missing"
    OVERRIDE_REASON = "applications.override_reason_required"

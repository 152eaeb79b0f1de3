"""Stable error codes of the portal."""

from __future__ import annotations


class PortalErrorCode:
    INVALID_CATEGORY = "portal.invalid_category"
    INVALID_SUB_INDUSTRY = "portal.invalid_sub_industry"
    INVALID_SCENARIO = "portal.invalid_scenario"
    INVALID_REGION = "portal.invalid_region"
    INVALID_ATTACHMENT = "portal.invalid_attachment"
    INVALID_ORG = "portal.invalid_org"
    INVALID_BUDGET = "portal.invalid_budget"
    INVALID_LEVEL = "portal.invalid_level"
    INVALID_EFFICIENCY = "portal.invalid_efficiency"
    INVALID_OUTCOME = "portal.invalid_outcome"
    NOT_EDITABLE = "portal.not_editable"
    CONSENT_REQUIRED = "portal.consent_required"
    TITLE_REQUIRED = "portal.title_required"
    NOT_PUBLISHED = "portal.not_published"
    CASE_EXISTS = "portal.case_exists"

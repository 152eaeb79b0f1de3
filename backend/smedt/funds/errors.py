"""Stable error codes of the funds module."""

from __future__ import annotations


class FundsErrorCode:
    INVALID_FIELD = "funds.invalid_field"
    SOURCE_EXCEEDED = "funds.source_exceeded"
    CENTRAL_SHARE = "funds.central_share"
    OVER_ALLOCATED = "funds.over_allocated"
    OVER_COMMITTED = "funds.over_committed"
    ALREADY_REVERSED = "funds.already_reversed"
    NOT_REVERSIBLE = "funds.not_reversible"
    REVERSAL_BREAKS_BALANCE = "funds.reversal_breaks_balance"
    NOT_AN_ENTERPRISE = "funds.not_an_enterprise"
    PROJECT_MISMATCH = "funds.project_mismatch"
    NOT_ELIGIBLE = "funds.subsidy_not_eligible"
    INVOICE_USED = "funds.invoice_already_subsidised"
    CLAIM_DECIDED = "funds.subsidy_claim_decided"
    CLAIM_NOT_APPROVED = "funds.subsidy_not_approved"

"""Stable error codes of the policies module."""

from __future__ import annotations


class PolicyErrorCode:
    INVALID_FIELD = "policies.invalid_field"
    INVALID_CONDITION = "policies.invalid_condition"
    INVALID_STATE = "policies.invalid_state"
    NO_CONDITIONS = "policies.no_conditions"
    EXPIRED = "policies.expired"
    INVALID_PUSH = "policies.invalid_push"

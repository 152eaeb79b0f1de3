"""Stable error codes of the enterprises app."""

from __future__ import annotations


class EnterpriseErrorCode:
    INVALID_FIELD = "enterprises.invalid_field"
    NOT_ENTERPRISE = "enterprises.not_enterprise"
    BATCH_CLOSED = "enterprises.batch_closed"
    DUPLICATE_APPLICATION = "enterprises.duplicate_application"
    MISSING_ATTACHMENT = "enterprises.missing_attachment"
    PUBLICITY_NOT_OVER = "enterprises.publicity_not_over"
    OPEN_OBJECTIONS = "enterprises.open_objections"
    NOT_IN_PUBLICITY = "enterprises.not_in_publicity"
    OBJECTION_HANDLED = "enterprises.objection_handled"
    ALREADY_SCORED = "enterprises.already_scored"
    NOT_A_PILOT = "enterprises.not_a_pilot"
    IMPORT_INVALID_FILE = "enterprises.import_invalid_file"
    QUOTA_FULL = "enterprises.quota_full"

"""Stable error codes of the projects module."""

from __future__ import annotations


class ProjectErrorCode:
    INVALID_FIELD = "projects.invalid_field"
    NOT_PILOT = "projects.not_pilot"
    PROVIDER_NOT_IN_POOL = "projects.provider_not_in_pool"
    CONTRACT_FROZEN = "projects.contract_frozen"
    CONTRACT_MISSING = "projects.contract_missing"
    ALREADY_SIGNED = "projects.already_signed"
    NOT_A_PARTY = "projects.not_a_party"
    DIAGNOSIS_NOT_DONE = "projects.diagnosis_not_done"
    BUNDLE_INVALID = "projects.bundle_invalid"
    EXPERT_SCORES_MISSING = "projects.expert_scores_missing"
    SCORING_OFF = "projects.scoring_off"
    NOT_IN_CITY_REVIEW = "projects.not_in_city_review"
    INVALID_SCORE = "projects.invalid_score"
    ALREADY_SCORED = "projects.already_scored"
    RATING_FINAL = "projects.rating_final"

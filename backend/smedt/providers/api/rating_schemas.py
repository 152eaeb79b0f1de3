"""Schemas of the rating endpoints: scheme, scorecards, manual scores, appeals, complaints."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class RatingDimensionIn(InSchema):
    key: str = Field(..., max_length=32)
    name: str = Field(..., max_length=64)
    weight: Decimal
    source: str = Field(..., max_length=32)
    params: dict[str, int] = {}


class RatingGradeIn(InSchema):
    grade: str = Field(..., max_length=16)
    min: Decimal


class RatingSchemeIn(InSchema):
    version: str = Field(..., max_length=32)
    dimensions: list[RatingDimensionIn]
    grades: list[RatingGradeIn]
    note: str = Field("", max_length=2000)


class RatingDimensionOut(Schema):
    key: str
    name: str
    weight: Decimal
    source: str
    params: dict[str, int]


class RatingGradeOut(Schema):
    grade: str
    min: Decimal


class RatingSourceOut(Schema):
    key: str
    label: str
    params: dict[str, int]


class RatingSchemeOut(Schema):
    id: int
    version: str
    dimensions: list[RatingDimensionOut]
    grades: list[RatingGradeOut]
    is_active: bool
    note: str
    created_at: datetime
    sources: list[RatingSourceOut]


class ProviderRatingIn(InSchema):
    """Manual scores (dimensions with source "manual") for a provider and year; the scorecard is recomputed."""

    org_id: int
    year: int
    components: dict[str, Decimal]
    note: str = Field("", max_length=2000)


class ProviderRatingFilter(InSchema):
    year: int | None = None
    org_id: int | None = None
    grade: str | None = Field(None, max_length=16)
    q: str | None = Field(None, max_length=64)


class ScorecardDimensionOut(Schema):
    key: str
    name: str
    source: str
    source_label: str
    weight: Decimal
    effective_weight: Decimal | None  # renormalised share in %, None when the dimension had no data
    score: Decimal | None  # None = 无数据
    evidence: dict[str, Any]


class ProviderRatingOut(Schema):
    id: int
    org_id: int
    org_name: str
    year: int
    components: dict[str, str]
    total: Decimal
    grade: str
    scheme_version: str
    note: str
    computed_at: datetime | None
    dimensions: list[ScorecardDimensionOut]
    has_open_appeal: bool
    my_actions: list[str]


class RatingComputeIn(InSchema):
    year: int
    org_id: int | None = None  # None: every pool provider in the caller's scope


class RatingComputeOut(Schema):
    year: int
    providers: int
    computed: int
    skipped: list[str]
    elapsed_ms: int


class ProviderAppealIn(InSchema):
    reason: str = Field(..., max_length=2000)


class ProviderAppealDecideIn(InSchema):
    upheld: bool
    resolution: str = Field(..., max_length=2000)
    components: dict[str, Decimal] | None = None  # corrected manual scores, when upheld


class ProviderAppealFilter(InSchema):
    status: str | None = Field(None, max_length=16)
    year: int | None = None


class ProviderAppealOut(Schema):
    id: int
    rating_id: int
    org_id: int
    org_name: str
    year: int
    total: Decimal
    grade: str
    reason: str
    status: str
    status_label: str
    resolution: str
    created_at: datetime
    decided_at: datetime | None
    my_actions: list[str]


class ProviderAppealDetailOut(ProviderAppealOut):
    rating: ProviderRatingOut


class ComplaintIn(InSchema):
    provider_id: int
    title: str = Field(..., max_length=128)
    content: str = Field(..., max_length=5000)
    project_id: int | None = None
    enterprise_id: int | None = None


class ComplaintHandleIn(InSchema):
    upheld: bool
    opinion: str = Field(..., max_length=2000)


class ComplaintFilter(InSchema):
    status: str | None = Field(None, max_length=16)
    year: int | None = None
    provider_id: int | None = None
    q: str | None = Field(None, max_length=64)


class ComplaintOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    provider_id: int
    provider_name: str
    project_id: int | None
    project_title: str
    title: str
    content: str
    status: str
    status_label: str
    opinion: str
    created_at: datetime
    handled_at: datetime | None
    my_actions: list[str]


class ComplaintProviderOption(Schema):
    id: int
    name: str


class ComplaintProjectOption(Schema):
    id: int
    title: str
    provider_id: int


class ComplaintOptionsOut(Schema):
    providers: list[ComplaintProviderOption]
    projects: list[ComplaintProjectOption]

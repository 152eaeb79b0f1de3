"""Schemas of /api/industry scenario endpoints (产业链场景库; separate In and Out)."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class ScenarioSceneOut(Schema):
    id: str
    name: str


class ScenarioOut(Schema):
    id: int
    chain_id: int
    chain_name: str
    link_id: int | None
    link_name: str
    code: str
    title: str
    description: str
    scenes: list[ScenarioSceneOut]
    keywords: list[str]
    status: str
    status_label: str
    inferred: bool
    reporter_count: int
    unmet_count: int
    refreshed_at: datetime | None


class ScenarioProductOut(Schema):
    id: int
    name: str
    kind: str
    provider_name: str
    score: int
    reasons: list[str]
    shared_scenes: list[ScenarioSceneOut]


class ScenarioCaseOut(Schema):
    id: int
    title: str
    enterprise_name: str
    level_before: int | None
    level_after: int | None
    shared_scenes: list[ScenarioSceneOut]


class ScenarioSourceCountOut(Schema):
    source: str
    label: str
    count: int


class ScenarioDetailOut(ScenarioOut):
    products: list[ScenarioProductOut]
    cases: list[ScenarioCaseOut]
    by_source: list[ScenarioSourceCountOut]
    allowed_actions: list[str]


class ScenarioPublicOut(Schema):
    id: int
    chain_id: int
    chain_name: str
    link_name: str
    title: str
    description: str
    scenes: list[ScenarioSceneOut]
    reporter_count: int
    unmet_count: int


class ScenarioPublicDetailOut(ScenarioPublicOut):
    products: list[ScenarioProductOut]
    cases: list[ScenarioCaseOut]
    by_source: list[ScenarioSourceCountOut]


class ScenarioFilter(InSchema):
    chain_id: int | None = Field(None, ge=1)
    link_id: int | None = Field(None, ge=1)
    status: str | None = Field(None, max_length=16)
    q: str | None = Field(None, max_length=64)


class ScenarioPublicFilter(InSchema):
    chain_id: int | None = Field(None, ge=1)
    q: str | None = Field(None, max_length=64)


class ScenarioCreateIn(InSchema):
    chain_id: int = Field(ge=1)
    link_id: int | None = Field(None, ge=1)
    code: str = Field(max_length=48, description="编码（小写字母开头的字母、数字、下划线）")
    title: str = Field(max_length=64)
    description: str = Field("", max_length=2000)
    scenes: list[str] = Field(max_length=8, description="对应的数字化水平场景编号，如 S07")
    keywords: list[str] = Field(default_factory=list, max_length=10)
    status: str = Field("draft", max_length=16)


class ScenarioUpdateIn(InSchema):
    link_id: int | None = Field(None, ge=1)
    title: str | None = Field(None, max_length=64)
    description: str | None = Field(None, max_length=2000)
    scenes: list[str] | None = Field(None, max_length=8)
    keywords: list[str] | None = Field(None, max_length=10)
    status: str | None = Field(None, max_length=16)


class ScenarioNeedIn(InSchema):
    scenario_id: int = Field(ge=1)
    org_id: int = Field(ge=1)
    scene: str | None = Field(None, max_length=8)
    title: str | None = Field(None, max_length=200)
    problem: str | None = Field(None, max_length=5000)


class ScenarioNeedOut(Schema):
    need_id: int
    title: str
    status: str


class ScenarioReporterFilter(InSchema):
    source: str | None = Field(None, max_length=16)


class ScenarioReporterOut(Schema):
    id: int
    org_id: int
    org_name: str
    region_name: str
    source: str
    source_label: str
    ref_id: int
    scene: ScenarioSceneOut | None
    raised: bool
    created_at: datetime


class ScenarioCandidateFilter(InSchema):
    chain_id: int | None = Field(None, ge=1)
    status: str | None = Field(None, max_length=16)


class ScenarioCandidateOut(Schema):
    id: int
    chain_id: int
    chain_name: str
    link_id: int
    link_name: str
    scene: ScenarioSceneOut
    enterprise_count: int
    status: str
    status_label: str
    scenario_id: int | None
    scenario_title: str
    updated_at: datetime


class ScenarioCandidateAcceptIn(InSchema):
    scenario_id: int | None = Field(None, ge=1, description="并入已有场景；不填则新建场景")
    title: str | None = Field(None, max_length=64)


class ScenarioRunStartIn(InSchema):
    region_code: str | None = Field(None, max_length=12)


class ScenarioRunOut(Schema):
    id: int
    status: str
    status_label: str
    total: int
    progress: int
    reporters: int
    candidates: int
    error: str
    created_at: datetime
    finished_at: datetime | None


class ScenarioLatestRunOut(Schema):
    run: ScenarioRunOut | None

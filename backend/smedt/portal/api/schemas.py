"""Request and response shapes of the portal API (In and Out kept apart)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema

# ---- filters -------------------------------------------------------------------------------------------


class AnnouncementFilter(InSchema):
    category: str | None = Field(None, description="栏目（字典 portal_category）", max_length=64)
    region_code: str | None = Field(None, description="区域编码（含下级）")
    status: str | None = Field(None, description="状态")
    q: str | None = Field(None, max_length=100, description="标题关键字")


class CaseFilter(InSchema):
    sub_industry: str | None = Field(None, description="细分行业（字典 pilot_sub_industry）", max_length=64)
    scenario: str | None = Field(None, max_length=16, description="场景编号，如 S01")
    region_code: str | None = None
    status: str | None = None
    q: str | None = Field(None, max_length=100)


class SupplyDemandFilter(InSchema):
    scenario: str | None = Field(None, max_length=16)
    sub_industry: str | None = Field(None, max_length=64)
    region_code: str | None = None
    status: str | None = None
    q: str | None = Field(None, max_length=100)


# ---- shared out ---------------------------------------------------------------------------------------


class FileRefOut(Schema):
    id: UUID
    name: str
    content_type: str
    size: int


class RegionRefOut(Schema):
    code: str
    name: str


# ---- announcements -------------------------------------------------------------------------------------


class AnnouncementCreateIn(InSchema):
    category: str = Field(..., max_length=64)
    title: str = Field(..., max_length=200)
    region_code: str
    summary: str = Field("", max_length=500)
    body: str = Field("", max_length=200_000)
    source: str = Field("", max_length=128)
    tags: list[str] = Field(default_factory=list)
    publish_at: datetime | None = None
    cover_id: UUID | None = None
    attachment_ids: list[UUID] = Field(default_factory=list)


class AnnouncementUpdateIn(InSchema):
    category: str | None = Field(None, max_length=64)
    title: str | None = Field(None, max_length=200)
    region_code: str | None = None
    summary: str | None = Field(None, max_length=500)
    body: str | None = Field(None, max_length=200_000)
    source: str | None = Field(None, max_length=128)
    tags: list[str] | None = None
    publish_at: datetime | None = None
    cover_id: UUID | None = None
    attachment_ids: list[UUID] | None = None


class AnnouncementPinIn(InSchema):
    pinned: bool


class AnnouncementOut(Schema):
    id: int
    category: str
    title: str
    summary: str
    source: str
    tags: list[str]
    region: RegionRefOut
    status: str
    status_label: str
    publish_at: datetime | None
    published_at: datetime | None
    pinned: bool
    view_count: int
    cover: FileRefOut | None


class AnnouncementDetailOut(AnnouncementOut):
    body: str
    attachments: list[FileRefOut]
    allowed_actions: list[str]


class PublicAnnouncementDetailOut(AnnouncementOut):
    body: str
    attachments: list[FileRefOut]
    related: list[AnnouncementOut]


# ---- cases ------------------------------------------------------------------------------------------------


class EfficiencyItem(InSchema):
    name: str = Field(..., max_length=64)
    before: Decimal | None = None
    after: Decimal | None = None
    unit: str = Field("", max_length=16)


class CaseCreateIn(InSchema):
    title: str = Field(..., max_length=200)
    region_code: str
    summary: str = Field("", max_length=500)
    enterprise_id: int | None = None
    enterprise_name: str = Field("", max_length=128)
    sub_industry: str = Field("", max_length=64)
    scenario_codes: list[str] = Field(default_factory=list)
    provider_id: int | None = None
    provider_name: str = Field("", max_length=128)
    product_name: str = Field("", max_length=200)
    investment: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    level_before: int | None = None
    level_after: int | None = None
    efficiency: list[EfficiencyItem] = Field(default_factory=list)
    story: str = Field("", max_length=200_000)
    cover_id: UUID | None = None
    image_ids: list[UUID] = Field(default_factory=list)


class CaseUpdateIn(InSchema):
    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=500)
    enterprise_id: int | None = None
    enterprise_name: str | None = Field(None, max_length=128)
    sub_industry: str | None = Field(None, max_length=64)
    scenario_codes: list[str] | None = None
    provider_id: int | None = None
    provider_name: str | None = Field(None, max_length=128)
    product_name: str | None = Field(None, max_length=200)
    investment: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    level_before: int | None = None
    level_after: int | None = None
    efficiency: list[EfficiencyItem] | None = None
    story: str | None = Field(None, max_length=200_000)
    cover_id: UUID | None = None
    image_ids: list[UUID] | None = None


class CaseConsentIn(InSchema):
    person: str = Field(..., max_length=64, description="企业同意人（姓名、职务）")
    note: str = Field("", max_length=500)


class ScenarioRefOut(Schema):
    code: str
    name: str


class EfficiencyOut(Schema):
    name: str
    before: Decimal | None
    after: Decimal | None
    unit: str


class CaseOut(Schema):
    id: int
    title: str
    summary: str
    enterprise_name: str
    sub_industry: str
    scenarios: list[ScenarioRefOut]
    provider_name: str
    product_name: str
    investment: Decimal | None
    level_before: int | None
    level_after: int | None
    region: RegionRefOut
    status: str
    status_label: str
    published_at: datetime | None
    view_count: int
    cover: FileRefOut | None


class CaseDetailOut(CaseOut):
    enterprise_id: int | None
    provider_id: int | None
    efficiency: list[EfficiencyOut]
    story: str
    images: list[FileRefOut]
    consent_person: str
    consent_note: str
    consent_at: datetime | None
    source_project_id: int | None
    allowed_actions: list[str]


class PublicCaseDetailOut(CaseOut):
    efficiency: list[EfficiencyOut]
    story: str
    images: list[FileRefOut]
    related: list[CaseOut]


# ---- supply–demand ---------------------------------------------------------------------------------------


class NeedCreateIn(InSchema):
    org_id: int
    title: str = Field(..., max_length=200)
    problem: str = Field(..., max_length=5000)
    scenario_code: str = Field(..., max_length=16)
    sub_industry: str = Field("", max_length=64)
    budget_min: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    budget_max: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    deadline: date | None = None


class NeedUpdateIn(InSchema):
    title: str | None = Field(None, max_length=200)
    problem: str | None = Field(None, max_length=5000)
    scenario_code: str | None = Field(None, max_length=16)
    sub_industry: str | None = Field(None, max_length=64)
    budget_min: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    budget_max: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    deadline: date | None = None


class NeedCloseIn(InSchema):
    outcome: str = Field(..., description="matched / not_matched / cancelled")
    note: str = Field("", max_length=500)


class NeedContactIn(InSchema):
    provider_id: int
    message: str = Field(..., max_length=2000)
    offer_id: int | None = None


class NeedContactOut(Schema):
    id: int
    need_id: int
    provider_id: int
    offer_id: int | None
    created_at: datetime


class NeedOut(Schema):
    id: int
    org_id: int
    org_name: str
    title: str
    problem: str
    scenario: ScenarioRefOut
    sub_industry: str
    budget_min: Decimal | None
    budget_max: Decimal | None
    deadline: date | None
    region: RegionRefOut
    status: str
    status_label: str
    published_at: datetime | None
    outcome: str
    outcome_note: str
    view_count: int


class OfferOut(Schema):
    id: int
    org_id: int
    org_name: str
    title: str
    description: str
    product_id: int | None
    product_name: str
    scenarios: list[ScenarioRefOut]
    sub_industries: list[str]
    region: RegionRefOut
    status: str
    status_label: str
    published_at: datetime | None
    view_count: int


class MatchOut(Schema):
    offer: OfferOut
    score: Decimal
    reasons: list[str]


class PublicNeedDetailOut(NeedOut):
    matches: list[MatchOut]


class OfferCreateIn(InSchema):
    org_id: int
    title: str = Field(..., max_length=200)
    description: str = Field(..., max_length=5000)
    scenario_codes: list[str]
    sub_industries: list[str] = Field(default_factory=list)
    product_id: int | None = Field(None, ge=1)
    product_name: str = Field("", max_length=200)


class OfferUpdateIn(InSchema):
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=5000)
    scenario_codes: list[str] | None = None
    sub_industries: list[str] | None = None
    product_id: int | None = Field(None, ge=1)
    product_name: str | None = Field(None, max_length=200)


class StatusCountOut(Schema):
    status: str
    label: str
    count: int


class OutcomeCountOut(Schema):
    outcome: str
    label: str
    count: int


class ScenarioStatOut(Schema):
    scenario_code: str
    scenario_name: str
    total: int
    outcomes: dict[str, int]


class StatisticsOut(Schema):
    total: int
    by_status: list[StatusCountOut]
    by_outcome: list[OutcomeCountOut]
    by_scenario: list[ScenarioStatOut]


# ---- home and search -------------------------------------------------------------------------------------


class HomeCategoryOut(Schema):
    category: str
    label: str
    items: list[AnnouncementOut]


class HeadlineOut(Schema):
    key: str
    label: str
    value: int


class HomeOut(Schema):
    categories: list[HomeCategoryOut]
    cases: list[CaseOut]
    headlines: list[HeadlineOut]


class SearchHitOut(Schema):
    kind: str
    kind_label: str
    id: int
    title: str
    title_highlight: str = Field(..., description="HTML：匹配词以 <em> 标出，其余已转义")
    snippet: str = Field(..., description="HTML：匹配词以 <em> 标出，其余已转义")
    score: float
    published_at: datetime | None


class SearchOut(Schema):
    items: list[SearchHitOut]
    total: int
    page: int
    page_size: int
    terms: list[str]


class SearchParams(InSchema):
    q: str = Field(..., min_length=1, max_length=100, description="关键词")
    kind: str | None = Field(None, description="announcement / case / need / offer / product")
    page: int = Field(1, ge=1, le=50)
    page_size: int = Field(20, ge=1, le=50)


class DictOptionOut(Schema):
    value: str
    label: str

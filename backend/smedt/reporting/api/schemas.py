from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from smedt.core.api.schema import InSchema


class OutboxFilter(InSchema):
    status: str | None = Field(None, max_length=16)
    kind: str | None = Field(None, max_length=24)


class OutboxOut(Schema):
    id: int
    kind: str
    kind_label: str
    object_ref: str
    title: str
    status: str
    status_label: str
    attempts: int
    last_error: str
    response_status: int | None
    receipt: str
    created_at: datetime
    sent_at: datetime | None
    allowed_actions: list[str]


class OutboxDetailOut(OutboxOut):
    idempotency_key: str
    algorithm: str
    signature: str
    timestamp: str
    body: str
    response_body: str


class TransportOut(Schema):
    transport: str
    transport_label: str
    algorithm: str
    url: str


class PlanIndicatorOut(Schema):
    code: str
    label: str
    unit: str
    definition: str


class PlanOut(Schema):
    version: str
    confirmer: str
    periods: list[str]
    indicators: list[PlanIndicatorOut]


class SnapshotIn(InSchema):
    period: str = Field(..., max_length=16)


class SnapshotOut(Schema):
    id: int
    period: str
    status: str
    status_label: str
    region_name: str
    digest: str
    error: str
    computed_at: datetime | None
    compute_ms: int
    confirmed_at: datetime | None
    confirmed_by_name: str
    outbox_status: str
    outbox_status_label: str
    allowed_actions: list[str]


class SnapshotDetailOut(SnapshotOut):
    data: dict[str, Any]
    rows: list[list[str]]


class AcceptedOut(Schema):
    message: str

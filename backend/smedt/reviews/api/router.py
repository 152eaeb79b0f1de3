from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.api.refs import OrgRef
from smedt.core.api.schema import InSchema
from smedt.files.services import attachment_response
from smedt.reviews import materials, selectors
from smedt.reviews.services.requests import review_decide, review_withdraw

router = Router(tags=["审核中心"])
ORDERING = ("id", "submitted_at", "decided_at")


class Ref(Schema):
    code: str
    name: str


class ReviewOut(Schema):
    id: int
    process_key: str
    process_name: str
    title: str
    status: str
    status_label: str
    current_step_name: str
    steps: list[str]
    round: int
    region: Ref
    org: OrgRef | None
    submitted_by_name: str
    submitted_at: datetime
    decided_at: datetime | None


class TimelineOut(Schema):
    id: int
    action: str
    action_label: str
    step_name: str
    round: int
    actor_name: str
    opinion: str
    created_at: datetime


class TargetOut(Schema):
    type: str
    id: str
    summary: dict[str, str]
    link: str


class ReviewDetailOut(ReviewOut):
    timeline: list[TimelineOut]
    target: TargetOut
    can_decide: bool
    allowed_actions: list[str]


class ReviewFilter(InSchema):
    process_key: str | None = Field(None, max_length=64)
    q: str | None = Field(None, max_length=100)
    status: str | None = Field(None, pattern=r"^(pending|approved|rejected|returned|withdrawn)$")


class DecisionIn(InSchema):
    opinion: str = Field("", max_length=2000)


def _page(qs: Any, page: PageParams) -> dict[str, Any]:
    return paginate(
        qs,
        page,
        allowed_ordering=ORDERING,
        default_ordering=("-submitted_at", "-id"),
        transform=lambda rows: [selectors.review_out(r) for r in rows],
    )


@router.get("/todo", response=Page[ReviewOut])
def todo(request: HttpRequest, filters: Query[ReviewFilter], page: Query[PageParams]) -> dict[str, Any]:
    return _page(selectors.review_todo(user=request_user(request), filters=filters), page)


@router.get("/done", response=Page[ReviewOut])
def done(request: HttpRequest, filters: Query[ReviewFilter], page: Query[PageParams]) -> dict[str, Any]:
    return _page(selectors.review_done(user=request_user(request), filters=filters), page)


@router.get("/mine", response=Page[ReviewOut])
def mine(request: HttpRequest, filters: Query[ReviewFilter], page: Query[PageParams]) -> dict[str, Any]:
    return _page(selectors.review_mine(user=request_user(request), filters=filters), page)


@router.get("/{review_id}", response=ReviewDetailOut)
def detail(request: HttpRequest, review_id: int) -> dict[str, Any]:
    user = request_user(request)
    return selectors.review_detail_out(selectors.review_get(user=user, review_id=review_id), user)


class ReviewMaterialFieldOut(Schema):
    label: str
    value: str
    long: bool


class ReviewMaterialTableOut(Schema):
    columns: list[str]
    rows: list[list[str]]


class ReviewMaterialSectionOut(Schema):
    title: str
    fields: list[ReviewMaterialFieldOut]
    table: ReviewMaterialTableOut | None


class ReviewMaterialAttachmentOut(Schema):
    id: str
    label: str
    name: str
    size: int
    content_type: str
    preview: str


class ReviewFindingOut(Schema):
    level: str
    message: str


class ReviewOpinionOut(Schema):
    author: str
    role: str
    text: str
    score: str
    at: datetime | None


class ReviewHistoryOut(Schema):
    id: int
    process_name: str
    status: str
    status_label: str
    submitted_at: datetime
    decided_at: datetime | None
    current: bool
    actions: list[TimelineOut]


class ReviewMaterialsOut(Schema):
    sections: list[ReviewMaterialSectionOut]
    attachments: list[ReviewMaterialAttachmentOut]
    findings: list[ReviewFindingOut]
    opinions: list[ReviewOpinionOut]
    history: list[ReviewHistoryOut]


@router.get("/{review_id}/materials", response=ReviewMaterialsOut)
def materials_get(request: HttpRequest, review_id: int) -> dict[str, Any]:
    """Everything the decision needs: the submitted form, attachments, automatic findings, history, opinions."""
    review = selectors.review_get(user=request_user(request), review_id=review_id)
    return materials.materials_out(review)


@router.get("/{review_id}/attachments/{file_id}")
def materials_attachment(request: HttpRequest, review_id: int, file_id: UUID, inline: bool = False) -> FileResponse:
    """An attachment of the review's materials, for whoever can see the review item; images and PDFs
    may be shown inline (preview), anything else is a download."""
    review = selectors.review_get(user=request_user(request), review_id=review_id)
    att = materials.materials_attachment(review, str(file_id))
    response = attachment_response(att)
    if inline and materials.preview_kind(att.content_type):
        response["Content-Disposition"] = response["Content-Disposition"].replace("attachment;", "inline;", 1)
    return response


def _decide(request: HttpRequest, review_id: int, decision: str, opinion: str) -> dict[str, Any]:
    user = request_user(request)
    review = selectors.review_get(user=user, review_id=review_id)
    review_decide(request=review, reviewer=user, decision=decision, opinion=opinion)
    return selectors.review_detail_out(selectors.review_get(user=user, review_id=review_id), user)


@router.post("/{review_id}/approve", response=ReviewDetailOut)
def approve(request: HttpRequest, review_id: int, payload: DecisionIn) -> dict[str, Any]:
    return _decide(request, review_id, "approve", payload.opinion)


@router.post("/{review_id}/reject", response=ReviewDetailOut)
def reject(request: HttpRequest, review_id: int, payload: DecisionIn) -> dict[str, Any]:
    return _decide(request, review_id, "reject", payload.opinion)


@router.post("/{review_id}/return", response=ReviewDetailOut)
def return_(request: HttpRequest, review_id: int, payload: DecisionIn) -> dict[str, Any]:
    return _decide(request, review_id, "return", payload.opinion)


@router.post("/{review_id}/withdraw", response=ReviewDetailOut)
def withdraw(request: HttpRequest, review_id: int) -> dict[str, Any]:
    user = request_user(request)
    review = selectors.review_get(user=user, review_id=review_id)
    review_withdraw(request=review, submitted_by=user)
    return selectors.review_detail_out(selectors.review_get(user=user, review_id=review_id), user)

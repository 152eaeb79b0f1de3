from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.api.schema import InSchema
from smedt.notify import services
from smedt.notify.models import Message

router = Router(tags=["消息中心"])


class MessageOut(Schema):
    id: int
    category: str
    title: str
    body: str
    link: str
    created_at: datetime
    read_at: datetime | None


class MessageFilter(InSchema):
    unread: bool | None = None


class MessageCountOut(Schema):
    count: int


@router.get("/messages", response=Page[MessageOut])
def messages(request: HttpRequest, filters: Query[MessageFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = Message.objects.filter(recipient_id=request_user(request).pk)
    if filters.unread is not None:
        qs = qs.filter(read_at__isnull=filters.unread)
    return paginate(qs, page, allowed_ordering=("id", "created_at"), default_ordering=("-id",))


@router.get("/unread-count", response=MessageCountOut)
def unread(request: HttpRequest) -> dict[str, int]:
    return {"count": services.unread_count(user=request_user(request))}


@router.post("/messages/{message_id}/read", response=MessageOut)
def read(request: HttpRequest, message_id: int) -> Message:
    return services.message_mark_read(user=request_user(request), message_id=message_id)


@router.post("/messages/read-all", response=MessageCountOut)
def read_all(request: HttpRequest) -> dict[str, int]:
    return {"count": services.message_mark_all_read(user=request_user(request))}

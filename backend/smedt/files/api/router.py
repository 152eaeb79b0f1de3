from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from smedt.core.api.auth import request_user
from smedt.core.api.schema import CodeText
from smedt.core.errors import NotFound
from smedt.files.models import Attachment
from smedt.files.services import attachment_response, attachment_upload

router = Router(tags=["附件"])


class AttachmentOut(Schema):
    id: UUID
    name: str
    size: int
    content_type: str
    sm3: str


@router.post("", response={201: AttachmentOut})
def upload(request: HttpRequest, file: File[UploadedFile], purpose: Form[CodeText] = "") -> Status[Attachment]:
    return Status(201, attachment_upload(actor=request_user(request), upload=file, purpose=purpose))


def _get(request: HttpRequest, file_id: UUID) -> Attachment:
    att = Attachment.objects.visible_to(request_user(request), "view").filter(pk=file_id).first()
    if att is None:
        raise NotFound("附件不存在或无权访问")
    return att


@router.get("/{file_id}", response=AttachmentOut)
def detail(request: HttpRequest, file_id: UUID) -> Attachment:
    return _get(request, file_id)


@router.get("/{file_id}/download")
def download(request: HttpRequest, file_id: UUID) -> FileResponse:
    return attachment_response(_get(request, file_id))


def attachment_out(att: Attachment) -> dict[str, Any]:
    return {"id": att.pk, "name": att.name, "size": att.size, "content_type": att.content_type, "sm3": att.sm3}

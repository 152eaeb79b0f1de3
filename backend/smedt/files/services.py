"""Upload: size and type checks, SM3 digest while streaming, stored under a random name; the download response."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse

from smedt.audit.services import audit_record
from smedt.core.errors import ValidationFailed
from smedt.files.checks import ALLOWED, check_type, extension_of
from smedt.files.models import Attachment
from smedt.gmcrypto.sm3 import Sm3Hasher
from smedt.rbac.grants import user_grants


def _clean_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in base if ch >= " ")[:200] or "file"


@transaction.atomic
def attachment_upload(*, actor: Any, upload: File[Any], purpose: str = "") -> Attachment:
    name = _clean_name(upload.name or "")
    size = upload.size or 0
    if size <= 0:
        raise ValidationFailed(code="files.empty", message="文件为空，请重新选择")
    limit = settings.SMEDT_UPLOAD_MAX_BYTES
    if size > limit:
        raise ValidationFailed(
            code="files.too_large", message=f"文件过大，单个文件不能超过 {limit // (1024 * 1024)} MB"
        )
    upload.seek(0)
    head = upload.read(4096)
    content_type = check_type(name, head)
    if content_type is None:
        allowed = "、".join(sorted(ALLOWED))
        raise ValidationFailed(
            code="files.type_not_allowed",
            message=f"不支持该文件类型或文件内容与扩展名不符，允许：{allowed}",
        )
    hasher = Sm3Hasher()
    upload.seek(0)
    for chunk in upload.chunks():
        hasher.update(chunk)
    upload.seek(0)
    grants = user_grants(actor)
    org_ids = sorted(grants.org_ids)
    org_id = org_ids[0] if len(org_ids) == 1 else None
    region_ids = sorted({a["region"].pk for a in grants.assignments if a["region"] is not None})
    region_id = region_ids[0] if org_id is None and len(region_ids) == 1 else None
    storage_name = default_storage.save(f"attachments/{uuid.uuid4().hex}.{extension_of(name)}", upload)
    try:
        att = Attachment.objects.create(
            name=name,
            content_type=content_type,
            size=size,
            sm3=hasher.hexdigest(),
            storage_name=storage_name,
            purpose=purpose[:64],
            uploaded_by=actor,
            org_id=org_id,
            region_id=region_id,
        )
        audit_record(
            actor=actor,
            action="files.attachment_upload",
            target=att,
            after={"name": name, "sm3": att.sm3, "size": size},
        )
    except Exception:
        # the row was refused: the stored bytes must not stay behind
        default_storage.delete(storage_name)
        raise
    return att


def attachment_response(att: Attachment) -> FileResponse:
    """Stream a stored attachment as a download: its checked content type, the (Chinese) file name in
    RFC 5987 form, no sniffing, and the SM3 digest fixed at upload. Callers check access first."""
    response = FileResponse(default_storage.open(att.storage_name, "rb"), content_type=att.content_type)
    response["Content-Disposition"] = f"attachment; filename=\"file\"; filename*=UTF-8''{quote(att.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-SM3-Digest"] = att.sm3
    return response

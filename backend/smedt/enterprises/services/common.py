"""Helpers shared by the enterprises services: field errors, dictionary checks, notifications."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from smedt.core.errors import ValidationFailed
from smedt.enterprises.errors import EnterpriseErrorCode
from smedt.files.models import Attachment


def field_error(field: str, message: str, code: str = EnterpriseErrorCode.INVALID_FIELD) -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def dict_values(code: str) -> dict[str, str]:
    """Active values → labels of a dictionary (e.g. pilot_sub_industry)."""
    from smedt.dicts.models import DictItem

    return dict(
        DictItem.objects.filter(dict_type__code=code, is_active=True).values_list("value", "label").order_by("sort")
    )


def clean_dict_list(
    values: Iterable[str], *, dict_code: str, field: str, label: str, required: bool = True
) -> list[str]:
    allowed = dict_values(dict_code)
    out: list[str] = []
    for v in values:
        v = str(v).strip()
        if v not in allowed:
            raise field_error(field, f"{label}“{v}”不在字典中")
        if v not in out:
            out.append(v)
    if required and not out:
        raise field_error(field, f"请至少选择一个{label}")
    return out


def actor_name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "系统"
    return str(getattr(user, "display_name", "") or user.username)


def visible_attachment(actor: Any, attachment_id: Any, *, field: str) -> Attachment:
    """An attachment the actor may see (their own upload or in their scope); else a field error."""
    if attachment_id in (None, ""):
        raise field_error(field, "请上传附件")
    try:
        key = uuid.UUID(str(attachment_id))
    except ValueError:  # a malformed id is bad input, not a 500
        raise field_error(field, "附件不存在或无权使用") from None
    att = Attachment.objects.visible_to(actor, "view").filter(pk=key).first()
    if att is None:
        raise field_error(field, "附件不存在或无权使用")
    return att


def org_member_ids(org_id: int) -> list[int]:
    from smedt.rbac.models import RoleAssignment

    return sorted(set(RoleAssignment.objects.filter(org_id=org_id).values_list("user_id", flat=True)))


def notify_org(*, org_id: int, title: str, body: str = "", link: str = "", dedupe_key: str = "") -> None:
    """Tell every member of an organization. In-app messages are rows written in the caller's
    transaction, so they commit or vanish with the change they announce."""
    from smedt.notify.services import message_send

    message_send(
        recipient_ids=org_member_ids(org_id),
        title=title,
        body=body,
        link=link,
        category="enterprises",
        dedupe_key=dedupe_key,
    )

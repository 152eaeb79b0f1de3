"""Helpers of the application services: field errors, the actor's region, org notifications."""

from __future__ import annotations

from typing import Any

from smedt.applications.errors import ApplicationsErrorCode
from smedt.core.errors import PermissionDenied, ValidationFailed
from smedt.rbac.grants import user_grants
from smedt.regions.models import Region


def field_error(field: str, message: str, code: str = ApplicationsErrorCode.INVALID_FIELD) -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def actor_name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "系统"
    return str(getattr(user, "display_name", "") or user.username)


def region_of_actor(actor: Any, code: str) -> Region:
    """The broadest region the actor holds `code` over (the root for a global grant)."""
    grant = user_grants(actor).grant(code)
    if grant.is_global:
        region = Region.objects.filter(parent__isnull=True).order_by("path").first()
    else:
        paths = sorted(grant.region_paths, key=len)
        region = Region.objects.filter(path=paths[0]).first() if paths else None
    if region is None:
        raise PermissionDenied()
    return region


def org_member_ids(org_id: int) -> list[int]:
    from smedt.rbac.models import RoleAssignment

    return sorted(
        set(RoleAssignment.objects.filter(org_id=org_id, user__is_active=True).values_list("user_id", flat=True))
    )


def notify_org(*, org_id: int, title: str, body: str = "", link: str = "", dedupe_key: str = "") -> None:
    """Tell every member of an organization (rows in the caller's transaction)."""
    from smedt.notify.services import message_send

    message_send(
        recipient_ids=org_member_ids(org_id),
        title=title,
        body=body,
        link=link,
        category="applications",
        dedupe_key=dedupe_key,
    )

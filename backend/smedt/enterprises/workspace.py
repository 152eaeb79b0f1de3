"""The enterprises' share of the 工作台: recruitment posts about to expire (pilot applications are the
application engine's submissions, listed by its own contributor)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from smedt.core.workspace import Alert, WorkspacePart
from smedt.enterprises.models import RecruitmentPost
from smedt.rbac.grants import user_grants

EXPIRING_DAYS = 7


def enterprises_workspace(user: Any, limit: int) -> WorkspacePart:
    part = WorkspacePart()
    grants = user_grants(user)
    org_ids = sorted(grants.grant("enterprises.manage_recruitment").org_ids)
    if not org_ids:
        return part
    today = timezone.localdate()
    expiring = RecruitmentPost.objects.filter(
        org_id__in=org_ids, status="published", valid_until__lte=today + timedelta(days=EXPIRING_DAYS)
    ).order_by("valid_until")[:limit]
    for post in expiring:
        part.alerts.append(
            Alert("warning", f"招聘信息“{post.title}”将于 {post.valid_until:%Y-%m-%d} 到期", "/enterprises/recruitment")
        )
    return part

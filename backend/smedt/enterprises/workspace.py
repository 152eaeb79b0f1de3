"""The enterprises' share of the 工作台: pilot applications still in draft (with the batch's deadline),
recruitment posts about to expire."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from smedt.core.workspace import Alert, WorkItem, WorkspacePart
from smedt.enterprises.models import PilotApplication, RecruitmentPost
from smedt.rbac.grants import user_grants

EXPIRING_DAYS = 7


def enterprises_workspace(user: Any, limit: int) -> WorkspacePart:
    part = WorkspacePart()
    grants = user_grants(user)
    org_ids = sorted(grants.grant("enterprises.apply_pilot").org_ids)
    if not org_ids:
        return part
    drafts = PilotApplication.objects.filter(org_id__in=org_ids, status="draft").select_related("batch")[:limit]
    for app in drafts:
        part.todos.append(
            WorkItem(
                kind="试点企业申报",
                title=app.batch.name,
                status_label="草稿",
                link="/enterprises/selection",
                due_at=app.batch.deadline,
                at=app.created_at,
                action="完善并提交申报",
            )
        )
    for app in PilotApplication.objects.filter(org_id__in=org_ids, status="publicity").select_related("batch")[:limit]:
        part.in_flight.append(
            WorkItem(
                kind="试点企业申报",
                title=app.batch.name,
                status_label="公示中",
                link="/enterprises/selection",
                due_at=app.publicity_ends_at,
                at=app.submitted_at,
            )
        )
    today = timezone.localdate()
    expiring = RecruitmentPost.objects.filter(
        org_id__in=org_ids, status="published", valid_until__lte=today + timedelta(days=EXPIRING_DAYS)
    ).order_by("valid_until")[:limit]
    for post in expiring:
        part.alerts.append(
            Alert("warning", f"招聘信息“{post.title}”将于 {post.valid_until:%Y-%m-%d} 到期", "/enterprises/recruitment")
        )
    return part

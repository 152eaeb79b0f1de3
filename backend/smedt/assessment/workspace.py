"""The assessment's share of the 工作台: drafts to finish, enterprises assigned to me for an on-site rating."""

from __future__ import annotations

from typing import Any

from smedt.assessment.models import Assessment, ExpertAssignment, OnsiteRating
from smedt.core.workspace import Alert, WorkItem, WorkspacePart
from smedt.rbac.grants import user_grants


def assessment_workspace(user: Any, limit: int) -> WorkspacePart:
    part = WorkspacePart()
    grants = user_grants(user)
    org_ids = sorted(grants.grant("assessment.fill_assessment").org_ids)
    if org_ids:
        rows = list(Assessment.objects.filter(org_id__in=org_ids).order_by("-id")[:limit])
        for a in rows:
            if a.status == "draft":
                part.todos.append(
                    WorkItem(
                        kind="数字化水平自评测",
                        title=f"自评测（已答 {a.progress_answered}/{a.progress_total} 题）",
                        status_label="草稿",
                        link=f"/assessment/fill/{a.pk}",
                        at=a.updated_at,
                        action="继续填写",
                    )
                )
        if not any(a.status == "submitted" for a in rows):
            part.alerts.append(
                Alert("info", "尚未完成数字化水平自评测，完成后可查看等级与改进建议", "/assessment/self")
            )
    assignments = list(
        ExpertAssignment.objects.filter(expert_id=user.pk).select_related("org").order_by("created_at")[:limit]
    )
    if assignments:
        done = set(
            OnsiteRating.objects.filter(
                rated_by_id=user.pk, status="submitted", org_id__in=[a.org_id for a in assignments]
            ).values_list("org_id", flat=True)
        )
        for asg in assignments:
            if asg.org_id in done:
                continue
            part.todos.append(
                WorkItem(
                    kind="现场评定",
                    title=asg.org.name,
                    status_label="已指派",
                    link="/assessment/onsite",
                    at=asg.created_at,
                    action="现场评定",
                )
            )
    return part

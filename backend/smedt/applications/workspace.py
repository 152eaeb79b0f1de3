"""The application engine's share of the 工作台: an applicant's drafts and returned submissions (with the
campaign's closing time), its submissions on 公示, and for an expert the submissions waiting for their score.
A fixed number of LIMITed queries whatever the data."""

from __future__ import annotations

from typing import Any

from smedt.applications import workflow
from smedt.applications.kinds import kind_label
from smedt.applications.models import Submission, SubmissionScore
from smedt.core.workspace import WorkItem, WorkspacePart
from smedt.rbac.grants import user_grants


def applications_workspace(user: Any, limit: int) -> WorkspacePart:
    part = WorkspacePart()
    grants = user_grants(user)
    org_ids = sorted(grants.grant("applications.apply").org_ids)
    if org_ids:
        rows = (
            Submission.objects.filter(org_id__in=org_ids, status__in=[*workflow.EDITABLE, workflow.PUBLICITY])
            .select_related("campaign")
            .only(
                "id",
                "status",
                "created_at",
                "submitted_at",
                "publicity_ends_at",
                "campaign__name",
                "campaign__kind",
                "campaign__closes_at",
            )
            .order_by("-id")[: limit * 2]
        )
        for s in rows:
            kind = kind_label(s.campaign.kind) or "申报"
            if s.status in workflow.EDITABLE:
                part.todos.append(
                    WorkItem(
                        kind=kind,
                        title=s.campaign.name,
                        status_label=workflow.SUBMISSION_LABELS[s.status],
                        link=f"/applications/submissions/{s.pk}",
                        due_at=s.campaign.closes_at if s.status == workflow.DRAFT else None,
                        at=s.created_at,
                        action="修改后重新提交" if s.status == workflow.RETURNED else "完善并提交申报",
                    )
                )
            else:
                part.in_flight.append(
                    WorkItem(
                        kind=kind,
                        title=s.campaign.name,
                        status_label="公示中",
                        link=f"/applications/submissions/{s.pk}",
                        due_at=s.publicity_ends_at,
                        at=s.submitted_at,
                    )
                )
    score = grants.grant("applications.score_submission")
    if not score.empty:
        scored = SubmissionScore.objects.filter(expert_id=user.pk).values("submission_id")
        waiting = (
            Submission.objects.visible_to(user, "score")
            .filter(status=workflow.REVIEWING, campaign__expert_scoring=True)
            .exclude(pk__in=scored)
            .select_related("campaign", "org")
            .only("id", "submitted_at", "campaign__name", "campaign__kind", "org__name")
            .order_by("submitted_at")[:limit]
        )
        for s in waiting:
            part.todos.append(
                WorkItem(
                    kind=f"{kind_label(s.campaign.kind) or '申报'} · 专家评分",
                    title=f"{s.org.name}（{s.campaign.name}）",
                    status_label="待评分",
                    link=f"/applications/submissions/{s.pk}",
                    at=s.submitted_at,
                    action="评分",
                )
            )
    return part

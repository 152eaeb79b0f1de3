"""The projects' share of the 工作台: projects waiting for my side (with the step's deadline), the rest
of my projects in flight, major changes awaiting the county, overdue projects in a government scope."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from smedt.core.workspace import Alert, WorkItem, WorkspacePart
from smedt.projects import workflow
from smedt.projects.models import ContractSignature, LogEntry, Project
from smedt.rbac.grants import user_grants

# what each side must do next, by status (pure: read off the workflow; contract signing is both sides)
TURN: dict[str, dict[str, str]] = {
    "enterprise": {
        "contracting": "签署合同",
        "report_submitted": "确认诊断报告",
        "signed": "提交备案",
        "filing_returned": "修改后重新提交备案",
        "implementing": "实施完成后确认",
        "completed": "申请验收",
        "rectifying": "整改后重新提交验收",
    },
    "provider": {
        "pending_provider": "确认需求",
        "contracting": "签署合同",
        "diagnosing": "提交诊断报告",
    },
}


def _item(p: Project, action: str) -> WorkItem:
    return WorkItem(
        kind=p.get_kind_display(),
        title=p.title,
        status_label=workflow.STATUS_LABELS.get(p.status, p.status),
        link=f"/projects/{p.pk}",
        due_at=p.step_due_at,
        at=p.created_at,
        action=action,
    )


def projects_workspace(user: Any, limit: int) -> WorkspacePart:
    part = WorkspacePart()
    grants = user_grants(user)
    org_ids = set(grants.grant("projects.view_project").org_ids)
    if org_ids:
        rows = list(
            Project.objects.filter(enterprise_id__in=sorted(org_ids))
            .exclude(status__in=workflow.TERMINAL)
            .order_by("step_due_at", "id")[: limit * 2]
        ) + list(
            Project.objects.filter(provider_id__in=sorted(org_ids))
            .exclude(status__in=workflow.TERMINAL)
            .order_by("step_due_at", "id")[: limit * 2]
        )
        signed = set(
            ContractSignature.objects.filter(
                contract__project_id__in=[p.pk for p in rows if p.status == "contracting"], org_id__in=org_ids
            ).values_list("contract__project_id", flat=True)
        )
        for p in rows:
            side = "enterprise" if p.enterprise_id in org_ids else "provider"
            action = TURN[side].get(p.status, "")
            if p.status == "contracting" and p.pk in signed:
                action = ""  # my side signed: waiting for the other
            if action:
                part.todos.append(_item(p, action))
            else:
                part.in_flight.append(_item(p, ""))
    approve = grants.grant("projects.approve_change")
    if not approve.empty:
        changes = (
            LogEntry.objects.filter(
                is_major_change=True,
                change_status="pending",
                project__in=Project.objects.visible_to(user, "approve_change").values("pk"),
            )
            .select_related("project")
            .order_by("created_at")[:limit]
        )
        for c in changes:
            part.todos.append(
                WorkItem(
                    kind="重大变更",
                    title=c.project.title,
                    status_label="待审批",
                    link=f"/projects/{c.project_id}",
                    at=c.created_at,
                    action="审批重大变更",
                )
            )
    if not org_ids and not grants.grant("projects.view_project").empty:
        overdue = (
            Project.objects.visible_to(user, "view")
            .filter(step_due_at__lt=timezone.now())
            .exclude(status__in=workflow.TERMINAL)
            .order_by("step_due_at")[:limit]
        )
        for p in overdue:
            part.alerts.append(
                Alert(
                    "error",
                    f"项目环节已逾期：{p.title}（{workflow.STATUS_LABELS.get(p.status, p.status)}）",
                    f"/projects/{p.pk}",
                    p.step_due_at,
                )
            )
    return part

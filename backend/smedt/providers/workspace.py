"""The providers' share of the 工作台: pool applications still in draft (with the batch's deadline),
applications in publicity."""

from __future__ import annotations

from typing import Any

from smedt.core.workspace import WorkItem, WorkspacePart
from smedt.providers.models import ProviderApplication
from smedt.rbac.grants import user_grants


def providers_workspace(user: Any, limit: int) -> WorkspacePart:
    part = WorkspacePart()
    org_ids = sorted(user_grants(user).grant("providers.apply").org_ids)
    if not org_ids:
        return part
    rows = (
        ProviderApplication.objects.filter(org_id__in=org_ids, status__in=["draft", "publicity"])
        .select_related("batch")
        .order_by("-id")[:limit]
    )
    for app in rows:
        if app.status == "draft":
            part.todos.append(
                WorkItem(
                    kind="服务商入库申请",
                    title=app.batch.name,
                    status_label="草稿",
                    link="/providers/selection",
                    due_at=app.batch.deadline,
                    at=app.created_at,
                    action="完善并提交申请",
                )
            )
        else:
            part.in_flight.append(
                WorkItem(
                    kind="服务商入库申请",
                    title=app.batch.name,
                    status_label="公示中",
                    link="/providers/selection",
                    due_at=app.publicity_ends_at,
                    at=app.submitted_at,
                )
            )
    return part

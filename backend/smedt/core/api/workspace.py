"""GET /api/workspace/summary — the signed-in user's 工作台."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from smedt.core.api.auth import request_user
from smedt.core.workspace import workspace_summary

router = Router(tags=["工作台"])


class WorkItemOut(Schema):
    kind: str
    title: str
    status_label: str
    link: str
    due_at: datetime | None
    at: datetime | None
    action: str
    overdue: bool


class WorkspaceAlertOut(Schema):
    level: str
    title: str
    link: str
    due_at: datetime | None


class WorkspaceCounterOut(Schema):
    label: str
    value: int


class WorkspaceSummaryOut(Schema):
    todos: list[WorkItemOut]
    todo_total: int
    in_flight: list[WorkItemOut]
    alerts: list[WorkspaceAlertOut]
    counters: list[WorkspaceCounterOut]


@router.get("/summary", response=WorkspaceSummaryOut)
def summary(request: HttpRequest) -> dict[str, Any]:
    """To-dos with deadlines, items in flight, alerts and counters of the signed-in user, per role and scope."""
    return workspace_summary(user=request_user(request))

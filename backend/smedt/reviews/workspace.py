"""The reviews' share of the 工作台: items awaiting my decision; my organization's items in review,
and those returned for revision (a to-do for the submitter)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from smedt.core.workspace import Alert, WorkItem, WorkspacePart
from smedt.reviews import workflow
from smedt.reviews.models import ReviewRequest
from smedt.reviews.processes import get_process


def _item(r: ReviewRequest, *, action: str, box: str) -> WorkItem:
    process = get_process(r.process_key)
    step = process.steps[min(r.current_step, len(process.steps) - 1)]
    status = f"{step.name}" if r.status == workflow.PENDING else workflow.STATUS_LABELS[r.status]
    return WorkItem(
        kind=process.name,
        title=r.title,
        status_label=status,
        link=f"/reviews?tab={box}&open={r.pk}",
        at=r.submitted_at,
        action=action,
    )


def reviews_workspace(user: Any, limit: int) -> WorkspacePart:
    from smedt.rbac.grants import user_grants

    part = WorkspacePart()
    awaiting = ReviewRequest.objects.awaiting(user)
    part.todos += [_item(r, action="审核", box="todo") for r in awaiting.order_by("submitted_at", "id")[:limit]]
    if part.todos:
        part.counters["待我审核"] = awaiting.count()
    org_ids = sorted(user_grants(user).grant("reviews.view_review").org_ids)
    mine = ReviewRequest.objects.filter(
        Q(submitted_by_id=user.pk) | Q(org_id__in=org_ids), status__in=[workflow.PENDING, workflow.RETURNED]
    ).order_by("-submitted_at", "-id")[: limit * 2]
    for r in mine:
        if r.status == workflow.RETURNED:
            item = _item(r, action="按意见修改后重新提交", box="mine")
            part.todos.append(item)
            part.alerts.append(Alert("warning", f"被退回修改：{r.title}", item.link))
        else:
            part.in_flight.append(_item(r, action="", box="mine"))
    return part

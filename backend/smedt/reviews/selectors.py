"""Review reads: to-do, done, mine, detail with timeline — all from the user's scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from smedt.core.errors import NotFound
from smedt.reviews import workflow
from smedt.reviews.models import ReviewAction, ReviewRequest
from smedt.reviews.processes import get_process


def _base(qs: QuerySet[ReviewRequest], filters: Any) -> QuerySet[ReviewRequest]:
    qs = qs.select_related("region", "org", "submitted_by")
    if getattr(filters, "process_key", None):
        qs = qs.filter(process_key=filters.process_key)
    if getattr(filters, "q", None):
        qs = qs.filter(Q(title__icontains=filters.q))
    if getattr(filters, "status", None):
        qs = qs.filter(status=filters.status)
    return qs


def review_todo(*, user: Any, filters: Any) -> QuerySet[ReviewRequest]:
    return _base(ReviewRequest.objects.awaiting(user), filters)


def review_done(*, user: Any, filters: Any) -> QuerySet[ReviewRequest]:
    acted = ReviewAction.objects.filter(
        actor_id=user.pk, action__in=[workflow.APPROVE, workflow.REJECT, workflow.RETURN]
    ).values("request_id")
    return _base(ReviewRequest.objects.filter(pk__in=acted), filters)


def review_mine(*, user: Any, filters: Any) -> QuerySet[ReviewRequest]:
    from smedt.rbac.grants import user_grants

    org_ids = sorted(user_grants(user).grant("reviews.view_review").org_ids)
    return _base(ReviewRequest.objects.filter(Q(submitted_by_id=user.pk) | Q(org_id__in=org_ids)), filters)


def review_get(*, user: Any, review_id: int) -> ReviewRequest:
    found = (
        ReviewRequest.objects.visible_to(user, "view")
        .select_related("region", "org", "submitted_by")
        .filter(pk=review_id)
        .first()
    )
    if found is None:
        raise NotFound("审核事项不存在或无权访问")
    return found


def review_out(r: ReviewRequest) -> dict[str, Any]:
    process = get_process(r.process_key)
    step = process.steps[min(r.current_step, len(process.steps) - 1)]
    return {
        "id": r.pk,
        "process_key": r.process_key,
        "process_name": process.name,
        "title": r.title,
        "status": r.status,
        "status_label": workflow.STATUS_LABELS[r.status],
        "current_step_name": step.name if r.status == workflow.PENDING else "",
        "steps": [s.name for s in process.steps],
        "round": r.round,
        "region": {"code": r.region.code, "name": r.region.display_name},
        "org": {"id": r.org.pk, "name": r.org.name} if r.org else None,
        "submitted_by_name": (r.submitted_by.display_name or r.submitted_by.username) if r.submitted_by else "",
        "submitted_at": r.submitted_at,
        "decided_at": r.decided_at,
    }


def review_detail_out(r: ReviewRequest, user: Any) -> dict[str, Any]:
    process = get_process(r.process_key)
    target = r.target
    out = review_out(r)
    out["timeline"] = [
        {
            "id": a.pk,
            "action": a.action,
            "action_label": workflow.ACTION_LABELS.get(a.action, a.action),
            "step_name": a.step_name,
            "round": a.round,
            "actor_name": a.actor_name,
            "opinion": a.opinion,
            "created_at": a.created_at,
        }
        for a in r.actions.order_by("id")
    ]
    out["target"] = {
        "type": r.content_type.model,
        "id": r.object_id,
        "summary": process.summary(target),
        "link": process.link(target),
    }
    out["can_decide"] = ReviewRequest.objects.awaiting(user).filter(pk=r.pk).exists()
    out["allowed_actions"] = list(workflow.allowed_actions(r.status)) if out["can_decide"] else []
    return out

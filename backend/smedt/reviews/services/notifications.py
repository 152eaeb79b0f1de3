"""Who hears about a review step: the submitting side on every decision, the next reviewers on arrival."""

from __future__ import annotations

from django.db.models import Q

from smedt.notify.services import message_send
from smedt.rbac.models import RoleAssignment
from smedt.reviews import workflow
from smedt.reviews.models import ReviewAction
from smedt.reviews.processes import get_process


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def reviewers_for(request_id: int) -> list[int]:
    """Users who may decide the current step of a pending request."""
    from smedt.reviews.models import ReviewRequest

    request = ReviewRequest.objects.select_related("region").get(pk=request_id)
    if request.status != workflow.PENDING:
        return []
    step = get_process(request.process_key).steps[request.current_step]
    rows = RoleAssignment.objects.filter(role__permissions__code=step.permission, user__is_active=True).filter(
        Q(role__scope_kind="global") | Q(region__path__in=_ancestor_paths(request.region.path))
    )
    return sorted(set(rows.values_list("user_id", flat=True)))


def submitters_for(request_id: int) -> list[int]:
    from smedt.reviews.models import ReviewRequest

    request = ReviewRequest.objects.get(pk=request_id)
    ids = set()
    if request.submitted_by_id:
        ids.add(request.submitted_by_id)
    if request.org_id:
        ids |= set(
            RoleAssignment.objects.filter(org_id=request.org_id, user__is_active=True).values_list("user_id", flat=True)
        )
    return sorted(ids)


def review_action_notify(*, action_id: int) -> int:
    """Send the messages one timeline entry calls for. Safe to run twice."""
    action = ReviewAction.objects.select_related("request").filter(pk=action_id).first()
    if action is None:
        return 0
    request = action.request
    process = get_process(request.process_key)
    link = f"/reviews/{request.pk}"
    sent = 0
    label = workflow.ACTION_LABELS.get(action.action, action.action)
    if action.action in (workflow.APPROVE, workflow.REJECT, workflow.RETURN):
        body = f"{process.name}“{request.title}”在{action.step_name}环节：{label}。"
        if action.opinion:
            body += f"审核意见：{action.opinion}"
        sent += message_send(
            recipient_ids=submitters_for(request.pk),
            title=f"审核结果：{request.title}（{label}）",
            body=body,
            link=link,
            category="review",
            dedupe_key=f"review_action:{action.pk}:submitter",
            sms=True,  # a review result is a service notice: also by SMS
        )
    if request.status == workflow.PENDING and action.action in ("submit", workflow.RESUBMIT, workflow.APPROVE):
        step = process.steps[request.current_step]
        sent += message_send(
            recipient_ids=reviewers_for(request.pk),
            title=f"待审核：{request.title}",
            body=f"{process.name}“{request.title}”已到{step.name}环节，请及时办理。",
            link=link,
            category="review",
            dedupe_key=f"review_action:{action.pk}:reviewer",
        )
    return sent

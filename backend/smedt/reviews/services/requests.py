"""Submitting and deciding reviews. Every step is audited and notifies the parties (via a task)."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, PermissionDenied, ValidationFailed
from smedt.rbac.services import require
from smedt.reviews import workflow
from smedt.reviews.models import ReviewAction, ReviewRequest
from smedt.reviews.processes import get_process
from smedt.reviews.querysets import ReviewRequestQuerySet


def _actor_name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "系统"
    return str(getattr(user, "display_name", "") or user.username)


def _enqueue_notification(action: ReviewAction) -> None:
    from smedt.reviews.tasks import notify_review_action

    # django-tasks-db writes the task row in this transaction: it commits or vanishes with it
    notify_review_action.enqueue(action_id=action.pk)


def _record(request: ReviewRequest, *, action: str, actor: Any, opinion: str = "") -> ReviewAction:
    process = get_process(request.process_key)
    step = process.steps[min(request.current_step, len(process.steps) - 1)]
    entry = ReviewAction.objects.create(
        request=request,
        round=request.round,
        step_key="" if action in ("submit", workflow.RESUBMIT) else step.key,
        step_name="" if action in ("submit", workflow.RESUBMIT) else step.name,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=_actor_name(actor),
        opinion=opinion,
    )
    _enqueue_notification(entry)
    return entry


@transaction.atomic
def review_submit(
    *, process_key: str, target: models.Model, title: str, region: Any, org: Any, submitted_by: Any
) -> ReviewRequest:
    """Open a review of `target`. Call from the owning module's service, inside its transaction."""
    process = get_process(process_key)
    if target._meta.label_lower != process.model_label:
        raise ValueError(f"process {process_key} reviews {process.model_label}, not {target._meta.label_lower}")
    try:
        with transaction.atomic():
            request = ReviewRequest.objects.create(
                process_key=process_key,
                content_type=ContentType.objects.get_for_model(target),
                object_id=str(target.pk),
                title=title[:255],
                region=region,
                org=org,
                submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
                submitted_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise Conflict(code="reviews.already_open", message="该事项已在审核中，请勿重复提交") from exc
    _record(request, action="submit", actor=submitted_by)
    audit_record(
        actor=submitted_by,
        action="reviews.review_submit",
        target=request,
        region=region,
        org_id=getattr(org, "pk", None),
        after={"process": process_key, "title": title},
    )
    return request


@transaction.atomic
def review_decide(*, request: ReviewRequest, reviewer: Any, decision: str, opinion: str = "") -> ReviewRequest:
    """approve / reject / return at the current step; the reviewer needs the step's permission in scope."""
    if decision not in (workflow.APPROVE, workflow.REJECT, workflow.RETURN):
        raise ValidationFailed(code="reviews.invalid_decision", message="审核结论不正确")
    opinion = (opinion or "").strip()
    if decision != workflow.APPROVE and not opinion:
        raise ValidationFailed(
            code="reviews.opinion_required",
            message="退回或不予通过时必须填写审核意见",
            details={"fields": {"opinion": "请填写审核意见"}},
        )
    request = ReviewRequest.objects.select_for_update().select_related("region").get(pk=request.pk)
    process = get_process(request.process_key)
    step = process.steps[request.current_step]
    require(reviewer, step.permission, region_path=request.region.path)
    if process.separation_of_duties:
        _refuse_own_submission(request, reviewer)
    before = {"status": request.status, "step": step.key}
    state = workflow.transition(
        workflow.State(request.status, request.current_step), decision, step_count=len(process.steps)
    )
    _record(request, action=decision, actor=reviewer, opinion=opinion)
    request.status = state.status
    request.current_step = state.step
    fields = ["status", "current_step"]
    if state.status != workflow.PENDING:
        request.decided_at = timezone.now()
        fields.append("decided_at")
    request.save(update_fields=fields)
    target = request.target
    if state.status == workflow.APPROVED:
        process.on_approved(target, request, reviewer)
    elif state.status == workflow.REJECTED:
        process.on_rejected(target, request, reviewer)
    elif state.status == workflow.RETURNED:
        process.on_returned(target, request, reviewer)
    audit_record(
        actor=reviewer,
        action=f"reviews.review_{decision}",
        target=request,
        region=request.region,
        org_id=request.org_id,
        before=before,
        after={"status": request.status, "step": process.steps[request.current_step].key, "opinion": opinion},
    )
    return request


@transaction.atomic
def review_resubmit(*, request: ReviewRequest, submitted_by: Any, note: str = "") -> ReviewRequest:
    """After a return for revision the submitter (or a member of the same org) sends it back to step one."""
    request = ReviewRequest.objects.select_for_update().select_related("region").get(pk=request.pk)
    _require_submitter(request, submitted_by)
    state = workflow.transition(
        workflow.State(request.status, request.current_step),
        workflow.RESUBMIT,
        step_count=len(get_process(request.process_key).steps),
    )
    request.status = state.status
    request.current_step = state.step
    request.round += 1
    request.submitted_at = timezone.now()
    request.decided_at = None
    request.save(update_fields=["status", "current_step", "round", "submitted_at", "decided_at"])
    process = get_process(request.process_key)
    process.on_resubmitted(request.target, request, submitted_by)
    _record(request, action=workflow.RESUBMIT, actor=submitted_by, opinion=note)
    audit_record(
        actor=submitted_by,
        action="reviews.review_resubmit",
        target=request,
        region=request.region,
        org_id=request.org_id,
    )
    return request


@transaction.atomic
def review_withdraw(*, request: ReviewRequest, submitted_by: Any) -> ReviewRequest:
    request = ReviewRequest.objects.select_for_update().select_related("region").get(pk=request.pk)
    _require_submitter(request, submitted_by)
    state = workflow.transition(
        workflow.State(request.status, request.current_step),
        workflow.WITHDRAW,
        step_count=len(get_process(request.process_key).steps),
    )
    _record(request, action=workflow.WITHDRAW, actor=submitted_by)
    request.status = state.status
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    audit_record(
        actor=submitted_by,
        action="reviews.review_withdraw",
        target=request,
        region=request.region,
        org_id=request.org_id,
    )
    return request


def _refuse_own_submission(request: ReviewRequest, reviewer: Any) -> None:
    """The person who submitted or resubmitted an item cannot also decide on it (separation of duties)."""
    if getattr(reviewer, "pk", None) is None:
        return
    if ReviewRequest.objects.filter(pk=request.pk).filter(ReviewRequestQuerySet.own_submission_q(reviewer)).exists():
        raise PermissionDenied("不能审核本人提交的事项：请由本单位其他审核人员办理", code="reviews.own_submission")


def _require_submitter(request: ReviewRequest, user: Any) -> None:
    from smedt.rbac.grants import user_grants

    if request.submitted_by_id == user.pk:
        return
    if request.org_id is not None and request.org_id in user_grants(user).grant("reviews.view_review").org_ids:
        return
    raise PermissionDenied("只有提交单位可以办理该操作")

"""The review chain of a submission: callbacks from the `reviews` kernel (county → city), publicity
with objections (`reviews.publicity`), and the result after publicity."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.applications import workflow
from smedt.applications.errors import ApplicationsErrorCode
from smedt.applications.models import Submission, SubmissionObjection
from smedt.applications.results import result_handle
from smedt.applications.services.common import notify_org
from smedt.applications.services.submissions import APPLICATION_REVIEW
from smedt.audit.services import audit_record
from smedt.core.errors import Conflict
from smedt.rbac.services import require
from smedt.reviews import publicity

__all__ = ["APPLICATION_REVIEW"]


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("campaign", "region", "org")
        .get(pk=submission.pk)
    )


def _on_review(action: str, app: Submission, actor: Any) -> None:
    app = _lock(app)
    if action == "resubmit" and app.status == workflow.REVIEWING:
        return  # submission_submit already moved it
    if action == "review_approved" and app.campaign.expert_scoring:
        needed = app.campaign.min_expert_scores
        if app.scores.count() < needed:
            raise Conflict(
                code=ApplicationsErrorCode.SCORES_MISSING,
                message=f"该批次需要至少 {needed} 位专家评分，请待专家评分后再通过",
            )
    before = app.status
    app.status = workflow.next_status(app.status, action)
    fields = ["status", "updated_at"]
    if app.status == workflow.PUBLICITY:
        app.publicity_starts_at = timezone.now()
        app.publicity_ends_at = app.publicity_starts_at + timedelta(days=app.campaign.publicity_days)
        fields += ["publicity_starts_at", "publicity_ends_at"]
        notify_org(
            org_id=app.org_id,
            title=f"申报进入公示：{app.campaign.name}",
            body=f"公示期至 {timezone.localtime(app.publicity_ends_at):%Y-%m-%d %H:%M}。",
            link=f"/applications/submissions/{app.pk}",
            dedupe_key=f"applications-publicity-{app.pk}",
        )
    if app.status == workflow.REJECTED:
        app.decided_at = timezone.now()
        fields.append("decided_at")
    app.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"applications.submission_{action}",
        target=app,
        region=app.region,
        org_id=app.org_id,
        before={"status": before},
        after={"status": app.status},
    )


def on_approved(target: Submission, request: Any, actor: Any) -> None:
    _on_review("review_approved", target, actor)


def on_rejected(target: Submission, request: Any, actor: Any) -> None:
    _on_review("review_rejected", target, actor)


def on_returned(target: Submission, request: Any, actor: Any) -> None:
    _on_review("review_returned", target, actor)


def on_resubmitted(target: Submission, request: Any, actor: Any) -> None:
    _on_review("resubmit", target, actor)


def review_summary(app: Submission) -> dict[str, str]:
    return {
        "申报单位": app.org.name,
        "申报批次": app.campaign.name,
        "预评审得分": str(app.prereview_score),
        "预审发现": f"{app.findings_count} 处",
    }


@transaction.atomic
def objection_file(*, actor: Any, submission: Submission, content: str, evidence_id: Any = None) -> SubmissionObjection:
    app = _lock(submission)
    objection = publicity.objection_file(
        model=SubmissionObjection,
        application=app,
        actor=actor,
        content=content,
        evidence_id=evidence_id,
        app_label="applications",
        noun="申报",
    )
    assert isinstance(objection, SubmissionObjection)
    return objection


@transaction.atomic
def objection_handle(
    *, actor: Any, objection: SubmissionObjection, upheld: bool, resolution: str
) -> SubmissionObjection:
    objection = SubmissionObjection.objects.select_for_update(of=("self",)).get(pk=objection.pk)
    app = _lock(objection.application)
    require(actor, "applications.handle_objection", region_path=app.region.path)

    def revoke(resolution: str) -> None:
        before = app.status
        app.status = workflow.next_status(app.status, "revoke")
        app.decided_at = timezone.now()
        app.decision_note = f"公示异议成立：{resolution}"[:255]
        app.save(update_fields=["status", "decided_at", "decision_note", "updated_at"])
        notify_org(
            org_id=app.org_id,
            title=f"申报未通过（公示异议成立）：{app.campaign.name}",
            body=resolution,
            link=f"/applications/submissions/{app.pk}",
            dedupe_key=f"applications-revoke-{app.pk}",
        )
        audit_record(
            actor=actor,
            action="applications.submission_revoke",
            target=app,
            region=app.region,
            org_id=app.org_id,
            before={"status": before},
            after={"status": app.status, "objection": objection.pk},
        )

    publicity.objection_handle(
        objection=objection,
        application=app,
        actor=actor,
        upheld=upheld,
        resolution=resolution,
        app_label="applications",
        revoke=revoke,
    )
    return objection


@transaction.atomic
def submission_finalize(*, actor: Any, submission: Submission) -> Submission:
    """After publicity without open objections: the result (入选), within the campaign's quota."""
    app = _lock(submission)
    require(actor, "applications.handle_objection", region_path=app.region.path)
    workflow.next_status(app.status, "finalize")
    publicity.finalize_check(application=app, app_label="applications")
    approved = Submission.objects.filter(campaign=app.campaign, status=workflow.APPROVED).count()
    if approved >= app.campaign.quota:
        raise Conflict(code=ApplicationsErrorCode.QUOTA_FULL, message=f"本批次名额（{app.campaign.quota} 个）已满")
    before = app.status
    app.status = workflow.next_status(app.status, "finalize")
    app.decided_at = timezone.now()
    app.decision_note = "公示期满，无异议，确定入选"
    app.save(update_fields=["status", "decided_at", "decision_note", "updated_at"])
    result_handle(app.campaign.result_handler, app, actor)  # e.g. the pilot library or the provider pool
    notify_org(
        org_id=app.org_id,
        title=f"恭喜，贵单位已入选：{app.campaign.name}",
        body="公示期满，结果已在门户网站发布。",
        link=f"/applications/submissions/{app.pk}",
        dedupe_key=f"applications-result-{app.pk}",
    )
    audit_record(
        actor=actor,
        action="applications.submission_finalize",
        target=app,
        region=app.region,
        org_id=app.org_id,
        before={"status": before},
        after={"status": app.status},
    )
    return app

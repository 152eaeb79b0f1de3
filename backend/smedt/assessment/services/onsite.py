"""On-site ratings (现场评定) by government officers or assigned experts, and expert assignments."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from smedt.accounts.models import User
from smedt.assessment import workflow
from smedt.assessment.errors import AssessmentErrorCode
from smedt.assessment.models import Assessment, AssessmentStatus, ExpertAssignment, OnsiteRating
from smedt.assessment.querysets import RATE, VIEW, rate_scope_q
from smedt.assessment.scoring import answer_progress, evaluate
from smedt.assessment.selectors import indicator_set_definition, indicator_set_get
from smedt.assessment.services.analysis_entries import analysis_entry_refresh
from smedt.assessment.services.assessments import DEFAULT_INDICATOR_SET
from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from smedt.files.models import Attachment
from smedt.orgs.models import Organization, OrgKind
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require

MAX_ATTACHMENTS = 50


def rating_snapshot(r: OnsiteRating) -> dict[str, Any]:
    return {
        "org": r.org_id,
        "indicator_set": r.indicator_set_id,
        "status": r.status,
        "total_score": r.total_score,
        "level": r.level,
        "attachments": list(r.attachments),
        "remarks": r.remarks,
    }


def _org(org_id: int) -> Organization:
    org = Organization.objects.select_related("region").filter(pk=org_id, kind=OrgKind.ENTERPRISE).first()
    if org is None:
        raise NotFound("企业不存在或无权访问")
    return org


def require_rate(actor: Any, org: Organization) -> None:
    """403 unless ``actor`` may rate ``org`` on site (their region, or an expert assignment)."""
    require(actor, RATE)
    q = rate_scope_q(actor, org_field="id", region_field="region__path")
    qs = Organization.objects.filter(pk=org.pk)
    if q is not None and not qs.filter(q).exists():
        raise PermissionDenied("该企业不在您的现场评定范围内（专家只能评定指派给自己的企业）")


def require_government(actor: Any, org: Organization) -> None:
    """City or county officers over the organization's region (experts and enterprises are refused)."""
    require(actor, VIEW, region_path=org.region.path)
    require(actor, RATE, region_path=org.region.path)


def _attachments(actor: Any, ids: list[str]) -> list[str]:
    unique = list(dict.fromkeys(str(i).lower() for i in ids))
    if len(unique) > MAX_ATTACHMENTS:
        raise ValidationFailed(
            code=AssessmentErrorCode.INVALID_ATTACHMENTS,
            message=f"佐证附件最多 {MAX_ATTACHMENTS} 个",
            details={"fields": {"attachments": f"最多 {MAX_ATTACHMENTS} 个"}},
        )
    wellformed = []
    for value in unique:
        try:
            wellformed.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    visible = {
        str(pk)
        for pk in Attachment.objects.visible_to(actor, "view").filter(pk__in=wellformed).values_list("pk", flat=True)
    }
    missing = [i for i in unique if i not in visible]
    if missing:
        raise ValidationFailed(
            code=AssessmentErrorCode.INVALID_ATTACHMENTS,
            message=f"佐证附件不存在或无权使用：{'、'.join(missing[:5])}",
            details={"fields": {"attachments": "包含不存在或无权使用的附件"}},
        )
    return unique


@transaction.atomic
def onsite_rating_create(
    *, actor: Any, org_id: int, assessment_id: int | None = None, indicator_set_code: str = DEFAULT_INDICATOR_SET
) -> OnsiteRating:
    """Start an on-site rating; from a submitted self-assessment its answers are the starting point."""
    org = _org(org_id)
    require_rate(actor, org)
    source: Assessment | None = None
    if assessment_id is not None:
        source = (
            Assessment.objects.select_related("indicator_set")
            .filter(pk=assessment_id, org=org, status=AssessmentStatus.SUBMITTED)
            .first()
        )
        if source is None:
            raise ValidationFailed(
                code="assessment.invalid_assessment",
                message="所选自评测不存在、未提交或不属于该企业",
                details={"fields": {"assessment_id": "自评测不存在或未提交"}},
            )
    indicator_set = source.indicator_set if source is not None else indicator_set_get(code=indicator_set_code)
    definition = indicator_set_definition(indicator_set)
    rating = OnsiteRating(
        org=org,
        indicator_set=indicator_set,
        assessment=source,
        region=org.region,
        industry_division=workflow.industry_division(org.industry_code),
        size_band=source.size_band if source is not None else None,
        rated_by=actor,
        progress_total=len(definition.questions) + len(definition.scenarios),
    )
    if source is not None:
        rating.answers, rating.scenarios, rating.evidence = source.answers, source.scenarios, source.evidence
        rating.progress_answered = rating.progress_total
    rating.save()
    audit_record(
        actor=actor,
        action="assessment.onsite_rating_create",
        target=rating,
        after=rating_snapshot(rating),
        org_id=org.pk,
    )
    return rating


def _locked(actor: Any, rating: OnsiteRating, action: str) -> OnsiteRating:
    locked = OnsiteRating.objects.select_for_update().select_related("indicator_set", "org__region").get(pk=rating.pk)
    require_rate(actor, locked.org)
    if locked.rated_by_id != actor.pk:
        raise PermissionDenied("只有发起该现场评定的评定人可以修改或提交", code=AssessmentErrorCode.NOT_THE_RATER)
    workflow.transition(locked.status, action)
    return locked


@transaction.atomic
def onsite_rating_save_draft(
    *,
    actor: Any,
    rating: OnsiteRating,
    patch: dict[str, Any],
    remarks: str | None = None,
    attachments: list[str] | None = None,
) -> OnsiteRating:
    """Autosave the rater's answers, remarks and evidence attachments (attachments must be visible to the rater)."""
    locked = _locked(actor, rating, "save")
    before = rating_snapshot(locked)
    merged = workflow.merge_draft(locked.document(), patch)
    progress = answer_progress(indicator_set_definition(locked.indicator_set), merged)
    locked.answers, locked.scenarios, locked.evidence = merged["answers"], merged["scenarios"], merged["evidence"]
    locked.progress_answered, locked.progress_total = progress.answered, progress.total
    fields = ["answers", "scenarios", "evidence", "progress_answered", "progress_total", "updated_at"]
    if attachments is not None:
        locked.attachments = _attachments(actor, attachments)
        fields.append("attachments")
    if remarks is not None:
        locked.remarks = remarks
        fields.append("remarks")
    locked.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="assessment.onsite_rating_save_draft",
        target=locked,
        before=before,
        after=rating_snapshot(locked),
        org_id=locked.org_id,
    )
    return locked


@transaction.atomic
def onsite_rating_submit(*, actor: Any, rating: OnsiteRating) -> OnsiteRating:
    """Score and freeze the on-site rating; it becomes the enterprise's result in the analysis."""
    locked = _locked(actor, rating, "submit")
    before = rating_snapshot(locked)
    evaluation = evaluate(indicator_set_definition(locked.indicator_set), locked.document())
    if not locked.remarks.strip():
        raise ValidationFailed(
            code="assessment.remarks_required",
            message="请填写现场评定意见",
            details={"fields": {"remarks": "请填写评定意见"}},
        )
    result = evaluation.to_dict()
    locked.status = AssessmentStatus.SUBMITTED
    locked.result = result  # written to the trace table by save()
    locked.total_score = Decimal(result["total"])
    locked.level = evaluation.result.level
    locked.progress_answered = locked.progress_total
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "total_score", "level", "progress_answered", "submitted_at", "updated_at"])
    analysis_entry_refresh(org_id=locked.org_id)
    audit_record(
        actor=actor,
        action="assessment.onsite_rating_submit",
        target=locked,
        before=before,
        after=rating_snapshot(locked),
        org_id=locked.org_id,
    )
    return locked


@transaction.atomic
def onsite_rating_delete(*, actor: Any, rating: OnsiteRating) -> None:
    """Delete a draft rating (a submitted one is kept for good)."""
    locked = _locked(actor, rating, "delete")
    audit_record(
        actor=actor,
        action="assessment.onsite_rating_delete",
        target=locked,
        before=rating_snapshot(locked),
        org_id=locked.org_id,
    )
    locked.delete()


def assignment_snapshot(a: ExpertAssignment) -> dict[str, Any]:
    return {"expert": a.expert_id, "org": a.org_id, "note": a.note}


@transaction.atomic
def expert_assign(*, actor: Any, expert_id: int, org_id: int, note: str = "") -> ExpertAssignment:
    """Let an expert rate one enterprise on site; only city/county officers over its region may assign."""
    org = _org(org_id)
    require_government(actor, org)
    expert = User.objects.filter(pk=expert_id, is_active=True).first()
    if expert is None or user_grants(expert).grant(RATE).empty:
        raise ValidationFailed(
            code=AssessmentErrorCode.NOT_AN_EXPERT,
            message="所选用户不存在或不具备现场评定权限（需为专家）",
            details={"fields": {"expert_id": "不是专家"}},
        )
    if ExpertAssignment.objects.filter(expert=expert, org=org).exists():
        raise Conflict(
            code=AssessmentErrorCode.ASSIGNMENT_EXISTS,
            message="该专家已被指派评定该企业",
            details={"fields": {"expert_id": "已指派"}},
        )
    try:
        with transaction.atomic():
            assignment = ExpertAssignment.objects.create(
                expert=expert, org=org, region=org.region, assigned_by=actor, note=note[:255]
            )
    except IntegrityError:
        raise Conflict(code=AssessmentErrorCode.ASSIGNMENT_EXISTS, message="该专家已被指派评定该企业") from None
    audit_record(
        actor=actor,
        action="assessment.expert_assign",
        target=assignment,
        after=assignment_snapshot(assignment),
        org_id=org.pk,
    )
    return assignment


@transaction.atomic
def expert_unassign(*, actor: Any, assignment: ExpertAssignment) -> None:
    """Withdraw an assignment (ratings the expert already made stay)."""
    locked = ExpertAssignment.objects.select_for_update().select_related("org__region").get(pk=assignment.pk)
    require_government(actor, locked.org)
    audit_record(
        actor=actor,
        action="assessment.expert_unassign",
        target=locked,
        before=assignment_snapshot(locked),
        org_id=locked.org_id,
    )
    locked.delete()

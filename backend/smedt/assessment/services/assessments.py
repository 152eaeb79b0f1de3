"""Self-assessment writes: start, autosave a draft, submit (frozen result, truthfulness commitment)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.assessment import workflow
from smedt.assessment.definition import to_decimal
from smedt.assessment.errors import AssessmentErrorCode
from smedt.assessment.models import Assessment, AssessmentStatus, SizeBand
from smedt.assessment.scoring import (
    EXPLANATION_MAX,
    AnswersInvalid,
    answer_progress,
    clean_explanation,
    evaluate,
    figure_findings,
    submission_issues,
)
from smedt.assessment.selectors import indicator_set_definition, indicator_set_get
from smedt.assessment.services.analysis_entries import analysis_entry_refresh
from smedt.audit.services import audit_record
from smedt.core.errors import NotFound, ValidationFailed
from smedt.orgs.models import Organization, OrgKind
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require

FILL = "assessment.fill_assessment"
DEFAULT_INDICATOR_SET = "2024-manufacturing"
COMMITMENT_TEXT = "本企业承诺所填报的信息和佐证材料真实、准确、完整，如有虚假，愿承担相应责任。"


def snapshot(a: Assessment) -> dict[str, Any]:
    return {
        "org": a.org_id,
        "indicator_set": a.indicator_set_id,
        "status": a.status,
        "progress": f"{a.progress_answered}/{a.progress_total}",
        "total_score": a.total_score,
        "level": a.level,
    }


def size_band_of(org: Organization, given: str | None = None) -> str | None:
    """The size band: the organization's own field when it has one, else what the enterprise declared."""
    for attr in ("size_band", "scale"):
        value = getattr(org, attr, None)
        if isinstance(value, str) and value in SizeBand.values:
            return value
    if given is None or given == "":
        return None
    if given not in SizeBand.values:
        raise ValidationFailed(
            code=AssessmentErrorCode.INVALID_SIZE_BAND,
            message=f"企业规模“{given}”不正确",
            details={"fields": {"size_band": "应为 " + "、".join(f"{v}（{n}）" for v, n in SizeBand.choices)}},
        )
    return given


def _fill_org(actor: Any, org_id: int | None) -> Organization:
    if org_id is None:
        own = sorted(user_grants(actor).grant(FILL).org_ids)
        if len(own) != 1:
            require(actor, FILL)
            raise ValidationFailed(
                code=AssessmentErrorCode.ORG_REQUIRED,
                message="请选择要填报评测的企业",
                details={"fields": {"org_id": "请选择企业"}},
            )
        org_id = own[0]
    org = Organization.objects.select_related("region").filter(pk=org_id).first()
    if org is None:
        require(actor, FILL)
        raise NotFound("企业不存在或无权访问")
    require(actor, FILL, org_id=org.pk)
    if org.kind != OrgKind.ENTERPRISE:
        raise ValidationFailed(
            code=AssessmentErrorCode.NOT_AN_ENTERPRISE,
            message="只有企业可以填报数字化水平评测",
            details={"fields": {"org_id": "不是企业"}},
        )
    return org


@transaction.atomic
def assessment_start(
    *,
    actor: Any,
    org_id: int | None = None,
    indicator_set_code: str = DEFAULT_INDICATOR_SET,
    size_band: str | None = None,
) -> tuple[Assessment, bool]:
    """Start a self-assessment on the active version of the indicator set (or return the open draft).

    Returns ``(assessment, created)``; an enterprise has at most one draft per indicator set.
    """
    org = _fill_org(actor, org_id)
    Organization.objects.select_for_update().filter(pk=org.pk).first()  # one draft at a time per org
    indicator_set = indicator_set_get(code=indicator_set_code)
    draft = Assessment.objects.filter(org=org, indicator_set=indicator_set, status=AssessmentStatus.DRAFT).first()
    if draft is not None:
        return draft, False
    definition = indicator_set_definition(indicator_set)
    assessment = Assessment.objects.create(
        org=org,
        indicator_set=indicator_set,
        region=org.region,
        industry_division=workflow.industry_division(org.industry_code),
        size_band=size_band_of(org, size_band),
        progress_total=len(definition.questions) + len(definition.scenarios),
        created_by=actor,
    )
    audit_record(
        actor=actor, action="assessment.assessment_start", target=assessment, after=snapshot(assessment), org_id=org.pk
    )
    return assessment, True


def _locked(actor: Any, assessment: Assessment, action: str) -> Assessment:
    locked = Assessment.objects.select_for_update().select_related("indicator_set").get(pk=assessment.pk)
    require(actor, FILL, org_id=locked.org_id)
    workflow.transition(locked.status, action)
    return locked


def _merge_explanations(definition: Any, current: dict[str, Any], patch: dict[str, Any]) -> dict[str, str]:
    """Explanations are keyed by a question with computed figures; an empty or null value clears one."""
    merged = {k: str(v) for k, v in current.items()}
    for qid, value in patch.items():
        q = definition.question_by_id.get(qid)
        if q is None or q.compute is None:
            raise ValidationFailed(
                code=AssessmentErrorCode.INVALID_ANSWERS,
                message=f"题目“{qid}”没有需要说明的佐证数据",
                details={"fields": {qid: "该题无需说明"}},
            )
        if value is not None and not isinstance(value, str):
            raise ValidationFailed(
                code=AssessmentErrorCode.INVALID_ANSWERS,
                message=f"{qid} 的说明应为文字",
                details={"fields": {qid: "说明应为文字"}},
            )
        text = clean_explanation(value)
        if len(text) > EXPLANATION_MAX:
            raise ValidationFailed(
                code=AssessmentErrorCode.INVALID_ANSWERS,
                message=f"{qid} 的说明不能超过 {EXPLANATION_MAX} 个字",
                details={"fields": {qid: f"不能超过 {EXPLANATION_MAX} 个字"}},
            )
        if text:
            merged[qid] = text
        else:
            merged.pop(qid, None)
    return merged


# Evidence figures (amounts in 万元, counts, shares) stay far below this; a larger one is a typing error and
# would overflow the exact arithmetic of the scoring (the 28-digit Decimal context).
MAX_FIGURE = Decimal(10) ** 15


def _check_figure_range(document: dict[str, Any]) -> None:
    """A 422 naming each evidence figure whose size is beyond any real value (nothing is saved)."""
    evidence = document.get("evidence")
    if not isinstance(evidence, dict):
        return
    fields = {
        str(fid): "数值超出合理范围（绝对值应小于 10 的 15 次方）"
        for fid, value in evidence.items()
        if (number := to_decimal(value)) is not None and abs(number) >= MAX_FIGURE
    }
    if fields:
        raise ValidationFailed(
            code=AssessmentErrorCode.INVALID_ANSWERS,
            message="佐证数据中有数值超出合理范围，请检查是否多输入了数字",
            details={"fields": fields},
        )


@transaction.atomic
def assessment_save_draft(
    *,
    actor: Any,
    assessment: Assessment,
    patch: dict[str, Any],
    size_band: str | None = None,
    explanations: dict[str, Any] | None = None,
) -> Assessment:
    """Autosave: merge the sections of ``patch`` into the draft and recompute the progress.

    Unknown questions, options, scenarios or levels are a 422 with one Chinese message per
    question and nothing is saved; unanswered questions are fine in a draft.
    """
    locked = _locked(actor, assessment, "save")
    before = snapshot(locked)
    merged = workflow.merge_draft(locked.document(), patch)
    _check_figure_range(merged)
    progress = answer_progress(indicator_set_definition(locked.indicator_set), merged)
    locked.answers, locked.scenarios, locked.evidence = merged["answers"], merged["scenarios"], merged["evidence"]
    locked.progress_answered, locked.progress_total = progress.answered, progress.total
    fields = ["answers", "scenarios", "evidence", "progress_answered", "progress_total", "updated_at"]
    if explanations:
        definition = indicator_set_definition(locked.indicator_set)
        locked.explanations = _merge_explanations(definition, dict(locked.explanations or {}), explanations)
        fields.append("explanations")
    if size_band is not None:
        locked.size_band = size_band_of(locked.org, size_band)
        fields.append("size_band")
    locked.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="assessment.assessment_save_draft",
        target=locked,
        before=before,
        after=snapshot(locked),
        org_id=locked.org_id,
    )
    return locked


@transaction.atomic
def assessment_submit(*, actor: Any, assessment: Assessment, commitment: bool) -> Assessment:
    """Check every answer, score, freeze the result and the commitment; the analysis picks it up.

    Incomplete or invalid answers are a 422 listing each question in Chinese
    (``details.fields`` by question id); the truthfulness commitment is required.
    """
    locked = _locked(actor, assessment, "submit")
    before = snapshot(locked)
    definition = indicator_set_definition(locked.indicator_set)
    commitment_msg = "请阅读并勾选真实性承诺"
    _check_figure_range(locked.document())
    try:
        evaluation = evaluate(definition, locked.document())
    except AnswersInvalid as exc:
        if not commitment:
            exc.details["fields"]["commitment"] = commitment_msg
        raise
    # impossible figures block; contradictions between figures and options must be resolved or explained
    explanations = dict(locked.explanations or {})
    issues = submission_issues(definition, evaluation.answers, explanations)
    if issues:
        refused = AnswersInvalid(issues)
        if not commitment:
            refused.details["fields"]["commitment"] = commitment_msg
        raise refused
    if not commitment:
        raise ValidationFailed(
            code=AssessmentErrorCode.COMMITMENT_REQUIRED,
            message=f"提交前{commitment_msg}：{COMMITMENT_TEXT}",
            details={"fields": {"commitment": commitment_msg}},
        )
    now = timezone.now()
    result = evaluation.to_dict()
    # the explanation of each contradiction goes with the result (reviewers and the report read it)
    contradictions = {f.question_id for f in figure_findings(definition, evaluation.answers)}
    result["explanations"] = {qid: explanations[qid] for qid in sorted(contradictions) if qid in explanations}
    for w in result.get("warnings", []):
        if w.get("ref") in result["explanations"]:
            w["message"] = f"{w['message']}（企业说明：{result['explanations'][w['ref']]}）"
    locked.status = AssessmentStatus.SUBMITTED
    locked.result = result  # written to the trace table by save()
    locked.total_score = Decimal(result["total"])
    locked.level = evaluation.result.level
    locked.progress_answered = locked.progress_total
    locked.submitted_at = now
    locked.submitted_by = actor
    locked.commitment, locked.commitment_at, locked.commitment_by = True, now, actor
    locked.save(
        update_fields=[
            "status",
            "total_score",
            "level",
            "progress_answered",
            "submitted_at",
            "submitted_by",
            "commitment",
            "commitment_at",
            "commitment_by",
            "updated_at",
        ]
    )
    analysis_entry_refresh(org_id=locked.org_id)
    audit_record(
        actor=actor,
        action="assessment.assessment_submit",
        target=locked,
        before=before,
        after={**snapshot(locked), "commitment_text": COMMITMENT_TEXT},
        org_id=locked.org_id,
    )
    return locked

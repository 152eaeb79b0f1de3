"""申报书: live checking, draft autosave, submission (validated against the stored template version),
reviewer overrides and expert scores. Every write is atomic: a refused request writes nothing."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from smedt.applications import prereview, workflow
from smedt.applications.errors import ApplicationsErrorCode
from smedt.applications.facts import fact_catalog, facts_for
from smedt.applications.models import Campaign, IndicatorOverride, Submission, SubmissionScore, TemplateVersion
from smedt.applications.results import submit_check
from smedt.applications.schema import fact_keys, restrict_options, schema_fields
from smedt.applications.services.campaigns import eligibility_problem, require_accepting
from smedt.applications.services.common import actor_name, field_error, notify_org
from smedt.applications.validation import FileInfo, files_in
from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, PermissionDenied, ValidationFailed
from smedt.files.checks import extension_of
from smedt.orgs.models import Organization
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require
from smedt.regions.models import Region
from smedt.reviews.scoresheet import score_total
from smedt.reviews.services.requests import review_resubmit, review_submit, review_withdraw

APPLICATION_REVIEW = workflow.CHAIN_COUNTY_CITY
TWO = Decimal("0.01")


# --- the engine, with its inputs fetched --------------------------------------------------------------------


def files_visible(actor: Any, ids: list[str]) -> dict[str, FileInfo]:
    """The attachments among `ids` the actor may use (their uploads or in their scope), one query."""
    from smedt.files.models import Attachment

    keys = []
    for raw in ids:
        try:
            keys.append(uuid.UUID(str(raw)))
        except ValueError:
            continue
    rows = Attachment.objects.visible_to(actor, "view").filter(pk__in=keys).values_list("pk", "name")
    return {str(pk): FileInfo(id=str(pk), name=name, ext=extension_of(name)) for pk, name in rows}


def region_exists(code: str) -> bool:
    return Region.objects.filter(code=code).exists()


def org_facts(org_id: int, schema: dict[str, Any]) -> dict[str, prereview.Fact]:
    catalog = fact_catalog()
    return facts_for(org_id, {k for k in fact_keys(schema) if k in catalog})


def evaluate(
    *,
    actor: Any,
    org_id: int,
    schema: dict[str, Any],
    data: Any,
    partial: bool,
    overrides: dict[str, str] | None = None,
) -> prereview.Review:
    data = data if isinstance(data, dict) else {}
    return prereview.run(
        schema,
        data,
        facts=org_facts(org_id, schema),
        files=files_visible(actor, files_in(schema, data)),
        region_ok=region_exists,
        partial=partial,
        overrides=overrides,
    )


def prefill(*, org_id: int, schema: dict[str, Any]) -> dict[str, Any]:
    """Values of the fact-bound fields from the back end, each with its provenance."""
    facts = org_facts(org_id, schema)
    values: dict[str, Any] = {}
    provenance: dict[str, Any] = {}
    for f in schema_fields(schema):
        fact = facts.get(f.get("fact") or "")
        if fact is None or fact.value in (None, ""):
            continue
        values[f["key"]] = fact.value
        provenance[f["key"]] = fact_out(fact)
    return {"values": values, "provenance": provenance}


def fact_out(fact: prereview.Fact) -> dict[str, Any]:
    return {
        "value": fact.value,
        "label": fact.label,
        "source_label": fact.source_label,
        "recorded_at": fact.recorded_at,
        "year": fact.year,
    }


def _invalid(review: prereview.Review) -> ValidationFailed:
    errors = review.outcome.errors
    first = next(iter(errors.values()))
    more = f"（共 {len(errors)} 处）" if len(errors) > 1 else ""
    return ValidationFailed(
        code=ApplicationsErrorCode.INVALID_SUBMISSION,
        message=f"{first}{more}",
        details={"fields": errors},
    )


def offered_schema(campaign: Campaign, version: TemplateVersion | None = None) -> dict[str, Any]:
    """The template version as the campaign offers it (its option overrides applied)."""
    return restrict_options((version or campaign.template_version).schema, campaign.field_options)


# --- the applicant side --------------------------------------------------------------------------------------


def applicant_org(actor: Any, org_id: int | None) -> Organization:
    """The organization the actor applies for (their only one unless they name it)."""
    ids = sorted(user_grants(actor).grant("applications.apply").org_ids)
    if org_id is None:
        if len(ids) != 1:
            if not ids:
                raise PermissionDenied()
            raise field_error("org_id", "请选择申报单位")
        org_id = ids[0]
    require(actor, "applications.apply", org_id=org_id)
    org = Organization.objects.select_related("region").filter(pk=org_id).first()
    if org is None:
        raise field_error("org_id", "申报单位不存在")
    return org


def _check_version(campaign: Campaign, template_version_id: int | None) -> None:
    if template_version_id != campaign.template_version_id:
        raise Conflict(
            code=ApplicationsErrorCode.STALE_TEMPLATE,
            message="申报模板已更新，请刷新页面按最新版本填写",
            details={"current_version_id": campaign.template_version_id},
        )


def submission_validate(
    *, actor: Any, campaign: Campaign, template_version_id: int | None, data: Any, org_id: int | None = None
) -> prereview.Review:
    """The live check while typing: errors, findings, indicators, score. Writes nothing."""
    org = applicant_org(actor, org_id)
    _check_version(campaign, template_version_id)
    return evaluate(actor=actor, org_id=org.pk, schema=offered_schema(campaign), data=data, partial=True)


def _store(app: Submission, review: prereview.Review, facts: dict[str, prereview.Fact]) -> None:
    app.data = review.outcome.data
    app.indicators = review.indicators
    app.findings = review.findings
    app.findings_count = len(review.findings)
    app.prereview_score = review.score
    app.facts = {k: fact_out(f) for k, f in facts.items()}


@transaction.atomic
def submission_create(
    *, actor: Any, campaign: Campaign, template_version_id: int | None, data: Any, org_id: int | None = None
) -> Submission:
    """Start (and autosave) a draft; the campaign must be open and the organization eligible."""
    org = applicant_org(actor, org_id)
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("template_version").get(pk=campaign.pk)
    require_accepting(campaign)
    _check_version(campaign, template_version_id)
    problem = eligibility_problem(campaign, org)
    if problem:
        raise Conflict(code=ApplicationsErrorCode.NOT_ELIGIBLE, message=problem)
    schema = offered_schema(campaign)
    review = evaluate(actor=actor, org_id=org.pk, schema=schema, data=data, partial=True)
    if review.outcome.errors:
        raise _invalid(review)
    app = Submission(
        campaign=campaign,
        template_version=campaign.template_version,
        org=org,
        region=org.region,
        created_by=actor,
    )
    _store(app, review, org_facts(org.pk, schema))
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError as exc:
        raise Conflict(
            code=ApplicationsErrorCode.DUPLICATE, message="贵单位已在本批次申报，请在“我的申报”中继续填写"
        ) from exc
    audit_record(
        actor=actor,
        action="applications.submission_create",
        target=app,
        region=app.region,
        org_id=org.pk,
        after={"campaign": campaign.pk, "version": campaign.template_version.version},
    )
    return app


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("campaign__template_version", "template_version", "region", "org")
        .get(pk=submission.pk)
    )


@transaction.atomic
def submission_save(*, actor: Any, submission: Submission, template_version_id: int | None, data: Any) -> Submission:
    """Autosave a draft (or a returned submission). A draft follows the campaign's current version."""
    app = _lock(submission)
    require(actor, "applications.apply", org_id=app.org_id)
    before = app.status
    app.status = workflow.next_status(app.status, "edit")
    if app.status == workflow.DRAFT:
        require_accepting(app.campaign)
        _check_version(app.campaign, template_version_id)
        app.template_version = app.campaign.template_version
    elif template_version_id != app.template_version_id:  # a returned submission keeps its version
        raise Conflict(
            code=ApplicationsErrorCode.STALE_TEMPLATE,
            message="申报书所用模板版本与提交的不一致，请刷新页面",
            details={"current_version_id": app.template_version_id},
        )
    schema = offered_schema(app.campaign, app.template_version)
    review = evaluate(actor=actor, org_id=app.org_id, schema=schema, data=data, partial=True)
    if review.outcome.errors:
        raise _invalid(review)
    _store(app, review, org_facts(app.org_id, schema))
    app.save(
        update_fields=[
            "template_version",
            "data",
            "indicators",
            "findings",
            "findings_count",
            "prereview_score",
            "facts",
            "updated_at",
        ]
    )
    audit_record(
        actor=actor,
        action="applications.submission_save",
        target=app,
        region=app.region,
        org_id=app.org_id,
        before={"status": before},
        after={"findings": app.findings_count, "score": str(app.prereview_score)},
    )
    return app


@transaction.atomic
def submission_submit(*, actor: Any, submission: Submission, template_version_id: int | None, data: Any) -> Submission:
    """Save the final content and submit it: every field, formula and evidence checked on the server."""
    app = _lock(submission)
    require(actor, "applications.apply", org_id=app.org_id)
    returned = app.status == workflow.RETURNED
    if not returned:
        require_accepting(app.campaign)
        _check_version(app.campaign, template_version_id)
        app.template_version = app.campaign.template_version
    elif template_version_id != app.template_version_id:
        raise Conflict(
            code=ApplicationsErrorCode.STALE_TEMPLATE,
            message="申报书所用模板版本与提交的不一致，请刷新页面",
            details={"current_version_id": app.template_version_id},
        )
    before = app.status
    app.status = workflow.next_status(app.status, "resubmit" if returned else "submit")
    schema = offered_schema(app.campaign, app.template_version)
    review = evaluate(actor=actor, org_id=app.org_id, schema=schema, data=data, partial=False)
    if review.outcome.errors:
        raise _invalid(review)
    missing = [r for r in review.indicators if not r["evidence_ok"]]
    if missing:
        message = "；".join(f"指标“{r['name']}”{r['evidence_message']}" for r in missing)
        raise ValidationFailed(
            code=ApplicationsErrorCode.INVALID_SUBMISSION,
            message=f"请上传佐证材料：{message}",
            details={"fields": {r["key"]: r["evidence_message"] for r in missing}},
        )
    _store(app, review, org_facts(app.org_id, schema))
    app.submitted_at = timezone.now()
    fields = [
        "status",
        "template_version",
        "data",
        "indicators",
        "findings",
        "findings_count",
        "prereview_score",
        "facts",
        "submitted_at",
        "updated_at",
    ]
    if returned:
        assert app.review is not None
        app.save(update_fields=fields)
        review_resubmit(request=app.review, submitted_by=actor)
    else:
        app.review = review_submit(
            process_key=app.campaign.review_chain,
            target=app,
            title=f"{app.campaign.name}：{app.org.name}",
            region=app.region,
            org=app.org,
            submitted_by=actor,
        )
        app.save(update_fields=[*fields, "review"])
    submit_check(app.campaign.result_handler, app, actor)  # e.g. a subsidy claim reserving its invoices
    notify_org(
        org_id=app.org_id,
        title=f"申报已提交：{app.campaign.name}",
        body=f"预评审得分 {app.prereview_score}，发现 {app.findings_count} 处与平台数据不一致或缺少材料。",
        link=f"/applications/submissions/{app.pk}",
        dedupe_key=f"applications-submitted-{app.pk}-{app.review.round if app.review else 1}",
    )
    audit_record(
        actor=actor,
        action="applications.submission_submit",
        target=app,
        region=app.region,
        org_id=app.org_id,
        before={"status": before},
        after={"status": app.status, "score": str(app.prereview_score), "findings": app.findings_count},
    )
    return app


@transaction.atomic
def submission_withdraw(*, actor: Any, submission: Submission) -> Submission:
    app = _lock(submission)
    require(actor, "applications.apply", org_id=app.org_id)
    before = app.status
    app.status = workflow.next_status(app.status, "withdraw")
    if app.review is not None and before in (workflow.REVIEWING, workflow.RETURNED):
        review_withdraw(request=app.review, submitted_by=actor)
    app.decided_at = timezone.now()
    app.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="applications.submission_withdraw",
        target=app,
        region=app.region,
        org_id=app.org_id,
        before={"status": before},
        after={"status": app.status},
    )
    return app


# --- the reviewer side ---------------------------------------------------------------------------------------


@transaction.atomic
def indicator_override(
    *, actor: Any, submission: Submission, indicator_key: str, points: Any, reason: str
) -> Submission:
    """A reviewer replaces an indicator's computed points; only with a reason, always audited."""
    app = _lock(submission)
    require(actor, "applications.override_indicator", region_path=app.region.path)
    workflow.next_status(app.status, "override")
    result = next((r for r in app.indicators if r["key"] == indicator_key), None)
    if result is None:
        raise field_error("indicator_key", "该指标不存在")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise field_error("reason", "请填写调整理由（至少 4 个字）", code=ApplicationsErrorCode.OVERRIDE_REASON)
    from smedt.applications.expr import to_decimal

    value = to_decimal(points)
    maximum = Decimal(result["max_points"])
    if value is None or value < 0 or value > maximum:
        raise field_error("points", f"调整后得分应在 0 至 {maximum} 之间")
    value = value.quantize(TWO)
    IndicatorOverride.objects.create(
        submission=app,
        indicator_key=indicator_key,
        computed_points=Decimal(result["points"]),
        points=value,
        reason=reason[:500],
        actor=actor,
        actor_name=actor_name(actor),
    )
    before = app.overrides.get(indicator_key, result["points"])
    app.overrides = {**app.overrides, indicator_key: str(value)}
    app.prereview_score = prereview.total_points(app.indicators, app.overrides)
    app.save(update_fields=["overrides", "prereview_score", "updated_at"])
    audit_record(
        actor=actor,
        action="applications.indicator_override",
        target=app,
        region=app.region,
        org_id=app.org_id,
        before={"indicator": indicator_key, "points": before},
        after={"indicator": indicator_key, "points": str(value), "reason": reason},
    )
    return app


@transaction.atomic
def score_submit(*, actor: Any, submission: Submission, marks: dict[str, Any], opinion: str = "") -> SubmissionScore:
    app = _lock(submission)
    require(actor, "applications.score_submission", region_path=app.region.path)
    if app.status != workflow.REVIEWING:
        raise Conflict(code="applications.not_reviewing", message="只有审核中的申报书可以评分")
    if not app.campaign.expert_scoring:
        raise Conflict(code="applications.no_score_sheet", message="该批次不需要专家评分")
    cleaned, total = score_total(app.campaign.score_items, marks, error_code=ApplicationsErrorCode.INVALID_FIELD)
    if SubmissionScore.objects.filter(submission=app, expert=actor).exists():
        raise Conflict(code=ApplicationsErrorCode.ALREADY_SCORED, message="您已对该申报书评分")
    score = SubmissionScore.objects.create(
        submission=app,
        expert=actor,
        expert_name=actor_name(actor),
        marks={k: str(v) for k, v in cleaned.items()},
        total=total,
        opinion=(opinion or "").strip()[:2000],
    )
    audit_record(
        actor=actor,
        action="applications.score_submit",
        target=app,
        region=app.region,
        org_id=app.org_id,
        after={"marks": score.marks, "total": str(total)},
    )
    return score


def version_for(campaign: Campaign) -> TemplateVersion:
    return campaign.template_version

"""/api/cultivation: criteria, self-assessment, the cultivation library, statistics and the pipeline."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.cultivation import selectors as sel
from smedt.cultivation.api.schemas import (
    ActionFilter,
    ActionIn,
    ActionOut,
    ApplicationTemplateIn,
    ApplicationTemplateOut,
    CriteriaDetailOut,
    CriteriaOut,
    CriteriaSettingIn,
    CultivationTimelineOut,
    LibraryFilter,
    LibraryRowOut,
    PipelineCandidateFilter,
    PipelineCandidateOut,
    PipelineOut,
    PlannerOut,
    RecognitionIn,
    RecognitionOut,
    RemoveIn,
    ReReviewIn,
    ReReviewOut,
    SelfAssessmentDetailOut,
    SelfAssessmentFilter,
    SelfAssessmentFormOut,
    SelfAssessmentIn,
    SelfAssessmentRowOut,
    TierStatisticsOut,
)
from smedt.cultivation.report import report_pdf
from smedt.cultivation.services import library as lib
from smedt.cultivation.services.criteria import criteria_for, criteria_get, criteria_setting_set
from smedt.cultivation.services.self_assessment import SOURCE_LABELS, enterprise_org, prefill, self_assessment_run
from smedt.rbac.services import require

router = Router(tags=["梯度培育"])


def _u(request: HttpRequest) -> Any:
    return request_user(request)


# --- criteria ---------------------------------------------------------------------------------------------


@router.get("/criteria", response=list[CriteriaOut])
def criteria_list(request: HttpRequest) -> list[dict[str, Any]]:
    require(_u(request), "cultivation.view_criteria")
    return [sel.criteria_out(cs) for cs in sel.criteria_list()]


@router.get("/criteria/{version}", response=CriteriaDetailOut)
def criteria_detail(request: HttpRequest, version: str) -> dict[str, Any]:
    require(_u(request), "cultivation.view_criteria")
    return sel.criteria_out(criteria_get(version=version), with_parameters=True)


@router.put("/criteria/{version}/settings/{key}", response=CriteriaDetailOut)
def criteria_setting(request: HttpRequest, version: str, key: str, payload: CriteriaSettingIn) -> dict[str, Any]:
    cs = criteria_get(version=version)
    criteria_setting_set(actor=_u(request), criteria_set=cs, key=key, value=payload.value)
    return sel.criteria_out(cs, with_parameters=True)


# --- self-assessment --------------------------------------------------------------------------------------


@router.post("/application-templates", response={201: ApplicationTemplateOut})
def application_template(request: HttpRequest, payload: ApplicationTemplateIn) -> tuple[int, dict[str, Any]]:
    """The published application form of a tier under a regime, built from the criteria (idempotent)."""
    from smedt.cultivation.services.applications import application_template_publish

    v = application_template_publish(actor=_u(request), criteria_version=payload.criteria_version, tier=payload.tier)
    return 201, {"template_id": v.template_id, "version_id": v.pk, "version": v.version, "name": v.template.name}


@router.get("/self-assessments/form", response=SelfAssessmentFormOut)
def self_assessment_form(request: HttpRequest, org_id: int | None = None) -> dict[str, Any]:
    org = enterprise_org(_u(request), org_id)
    today = timezone.localdate()
    cs = criteria_for(today)
    pre = prefill(org=org, as_of=today)
    last = sel.self_assessment_list(user=_u(request), org_id=org.pk).order_by("-id").first()
    return {
        "org_id": org.pk,
        "org_name": org.name,
        **sel.form_definition(cs),
        "prefill": {k: {**v, "source_label": SOURCE_LABELS[v["source"]]} for k, v in pre.items()},
        "previous": {k: v["value"] for k, v in last.answers.items()} if last else {},
        "previous_tese": last.tese if last else {},
    }


@router.post("/self-assessments", response={201: SelfAssessmentDetailOut})
def self_assessment_create(request: HttpRequest, payload: SelfAssessmentIn) -> Status[Any]:
    sa = self_assessment_run(actor=_u(request), org_id=payload.org_id, answers=payload.answers, tese=payload.tese)
    return Status(201, sel.self_assessment_detail(sel.self_assessment_get(user=_u(request), sa_id=sa.pk)))


@router.get("/self-assessments", response=Page[SelfAssessmentRowOut])
def self_assessment_list(
    request: HttpRequest, filters: Query[SelfAssessmentFilter], page: Query[PageParams]
) -> dict[str, Any]:
    qs = sel.self_assessment_list(user=_u(request), org_id=filters.org_id)
    return paginate(
        qs, page, allowed_ordering=("id",), transform=lambda rows: [sel.self_assessment_row(r) for r in rows]
    )


@router.get("/self-assessments/{sa_id}", response=SelfAssessmentDetailOut)
def self_assessment_detail(request: HttpRequest, sa_id: int) -> dict[str, Any]:
    return sel.self_assessment_detail(sel.self_assessment_get(user=_u(request), sa_id=sa_id))


@router.get("/self-assessments/{sa_id}/report.pdf")
def self_assessment_report(request: HttpRequest, sa_id: int) -> HttpResponse:
    sa = sel.self_assessment_get(user=_u(request), sa_id=sa_id)
    name = f"梯度培育自评报告-{sa.org.name}-{sa.pk}.pdf"
    response = HttpResponse(report_pdf(sa), content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=\"cultivation-{sa.pk}.pdf\"; filename*=UTF-8''{quote(name)}"
    return response


@router.get("/planner/{org_id}", response=PlannerOut)
def planner(request: HttpRequest, org_id: int) -> dict[str, Any]:
    return sel.planner(user=_u(request), org_id=org_id)


# --- library ----------------------------------------------------------------------------------------------


@router.get("/library", response=Page[LibraryRowOut])
def library(request: HttpRequest, filters: Query[LibraryFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.library_list(user=_u(request), filters=filters)
    return paginate(qs, page, allowed_ordering=("id", "valid_until", "tier_since"), transform=sel.library_rows)


@router.get("/library/{entry_id}", response=CultivationTimelineOut)
def library_detail(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    return sel.timeline(user=_u(request), entry=sel.library_get(user=_u(request), entry_id=entry_id))


@router.post("/library/{entry_id}/remove", response=LibraryRowOut)
def library_remove(request: HttpRequest, entry_id: int, payload: RemoveIn) -> dict[str, Any]:
    entry = sel.library_get(user=_u(request), entry_id=entry_id, action="manage")
    return sel.library_rows([lib.library_remove(actor=_u(request), entry=entry, reason=payload.reason)])[0]


@router.post("/recognitions", response={201: RecognitionOut})
def recognition_create(request: HttpRequest, payload: RecognitionIn) -> Status[Any]:
    rec = lib.recognition_record(actor=_u(request), **payload.dict())
    return Status(201, sel.recognition_out(rec))


@router.post("/recognitions/{recognition_id}/re-reviews", response={201: ReReviewOut})
def re_review_create(request: HttpRequest, recognition_id: int, payload: ReReviewIn) -> Status[Any]:
    rec = sel.recognition_get(user=_u(request), recognition_id=recognition_id, action="manage")
    rr = lib.re_review_record(actor=_u(request), recognition=rec, **payload.dict())
    rr.recognition.refresh_from_db()
    return Status(
        201,
        {
            "id": rr.pk,
            "recognition": sel.recognition_out(rr.recognition),
            "passed": rr.passed,
            "reviewed_on": rr.reviewed_on,
            "valid_until_after": rr.valid_until_after,
        },
    )


@router.get("/actions", response=Page[ActionOut])
def action_list(request: HttpRequest, filters: Query[ActionFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.action_list(user=_u(request), org_id=filters.org_id)
    return paginate(
        qs, page, allowed_ordering=("happened_on", "id"), transform=lambda rows: [sel.action_out(a) for a in rows]
    )


@router.post("/actions", response={201: ActionOut})
def action_create(request: HttpRequest, payload: ActionIn) -> Status[Any]:
    act = lib.action_log(actor=_u(request), **payload.dict())
    return Status(201, sel.action_out(act))


# --- statistics and the pipeline ----------------------------------------------------------------------------


@router.get("/statistics", response=TierStatisticsOut)
def statistics(request: HttpRequest) -> dict[str, Any]:
    require(_u(request), "cultivation.view_pipeline")
    return sel.tier_statistics(user=_u(request))


@router.get("/pipeline", response=PipelineOut)
def pipeline(request: HttpRequest) -> dict[str, Any]:
    require(_u(request), "cultivation.view_pipeline")
    return sel.pipeline(user=_u(request))


@router.get("/pipeline/candidates", response=Page[PipelineCandidateOut])
def pipeline_candidates(
    request: HttpRequest, filters: Query[PipelineCandidateFilter], page: Query[PageParams]
) -> dict[str, Any]:
    require(_u(request), "cultivation.view_pipeline")
    qs = sel.pipeline_candidates(user=_u(request), filters=filters)
    return paginate(
        qs, page, default_ordering=("points_gap", "unmet", "missing", "org_id"), transform=sel.candidate_rows
    )

"""Assessment API, mounted at /api/assessment: questionnaire, self-assessments, on-site ratings, analysis."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from smedt.assessment import analysis, selectors
from smedt.assessment.api.schemas import (
    AnalysisDrillDownFilter,
    AnalysisEntryOut,
    AnalysisFilter,
    AnalysisOut,
    AssessmentCompareOut,
    AssessmentDetailOut,
    AssessmentFilter,
    AssessmentHistoryItem,
    AssessmentOut,
    AssessmentPeersOut,
    AssessmentSaveDraftIn,
    AssessmentStartIn,
    AssessmentSubmitIn,
    ExpertAssignIn,
    ExpertAssignmentFilter,
    ExpertAssignmentOut,
    IndicatorSetFilter,
    IndicatorSetImportOut,
    IndicatorSetOut,
    OnsiteRatingCreateIn,
    OnsiteRatingDetailOut,
    OnsiteRatingFilter,
    OnsiteRatingOut,
    OnsiteRatingSaveDraftIn,
)
from smedt.assessment.models import Assessment, IndicatorSet, OnsiteRating
from smedt.assessment.report import report_pdf
from smedt.assessment.services import assessments as assessment_services
from smedt.assessment.services import onsite as onsite_services
from smedt.assessment.services.indicator_sets import indicator_set_import
from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.core.api.schema import CodeText
from smedt.rbac.services import require

router = Router(tags=["数字化水平评测"])
INDICATOR_SET_FIELDS = ("id", "code", "version", "name", "status", "source_name", "source_digest", "imported_at")
ROW_ORDERING = ("id", "created_at", "updated_at", "submitted_at", "total_score", "level")


def _sections(payload: AssessmentSaveDraftIn) -> dict[str, Any]:
    return {k: v for k, v in payload.model_dump(include={"answers", "scenarios", "evidence"}).items() if v is not None}


# ---- indicator sets --------------------------------------------------------------------------------------


@router.get("/indicator-sets", response=Page[IndicatorSetOut])
def indicator_sets(request: HttpRequest, filters: Query[IndicatorSetFilter], page: Query[PageParams]) -> dict[str, Any]:
    require(request_user(request), "assessment.view_indicator_set")
    qs = IndicatorSet.objects.all()  # the definition tells whether the level rules await confirmation
    qs = qs.filter(code=filters.code) if filters.code else qs
    qs = qs.filter(status=filters.status) if filters.status else qs
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "code", "imported_at"),
        default_ordering=("code", "-imported_at"),
        transform=lambda rows: [
            {
                **{f: getattr(s, f) for f in INDICATOR_SET_FIELDS},
                "pending_confirmation": selectors.pending_confirmation_note(s),
            }
            for s in rows
        ],
    )


@router.post("/indicator-sets/import", response={201: IndicatorSetImportOut, 200: IndicatorSetImportOut})
def indicator_sets_import(
    request: HttpRequest, file: File[UploadedFile], activate: Form[bool] = True
) -> Status[dict[str, Any]]:
    outcome = indicator_set_import(
        actor=request_user(request), path_or_bytes=file.read(), source_name=file.name or "", activate=activate
    )
    return Status(201 if outcome.created else 200, {"created": outcome.created, "indicator_set": outcome.indicator_set})


@router.get("/indicator-sets/current", response=dict[str, Any])
def indicator_set_current(request: HttpRequest, code: CodeText = analysis.DEFAULT_CODE) -> dict[str, Any]:
    require(request_user(request), "assessment.view_indicator_set")
    return selectors.questionnaire(selectors.indicator_set_get(code=code))


@router.get("/indicator-sets/{indicator_set_id}/definition", response=dict[str, Any])
def indicator_set_definition(request: HttpRequest, indicator_set_id: int) -> dict[str, Any]:
    require(request_user(request), "assessment.view_indicator_set")
    return selectors.questionnaire(selectors.indicator_set_by_id(indicator_set_id=indicator_set_id))


# ---- self-assessments ------------------------------------------------------------------------------------


@router.get("/assessments", response=Page[AssessmentOut])
def assessments(request: HttpRequest, filters: Query[AssessmentFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = selectors.assessment_list(user=request_user(request), filters=filters)
    return paginate(
        qs, page, allowed_ordering=ROW_ORDERING, transform=lambda rows: [selectors.assessment_out(a) for a in rows]
    )


@router.post("/assessments", response={201: AssessmentDetailOut, 200: AssessmentDetailOut})
def assessment_start(request: HttpRequest, payload: AssessmentStartIn) -> Status[dict[str, Any]]:
    a, created = assessment_services.assessment_start(actor=request_user(request), **payload.model_dump())
    return Status(201 if created else 200, selectors.assessment_detail(a))


@router.get("/assessments/compare", response=AssessmentCompareOut)
def assessment_compare(request: HttpRequest, a: int, b: int) -> dict[str, Any]:
    user = request_user(request)
    first, second = (selectors.assessment_get(user=user, assessment_id=i) for i in (a, b))
    return selectors.assessment_compare(first, second)


@router.get("/assessments/{assessment_id}", response=AssessmentDetailOut)
def assessment_detail(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    return selectors.assessment_detail(
        selectors.assessment_get(user=request_user(request), assessment_id=assessment_id)
    )


@router.patch("/assessments/{assessment_id}/draft", response=AssessmentDetailOut)
def assessment_save_draft(request: HttpRequest, assessment_id: int, payload: AssessmentSaveDraftIn) -> dict[str, Any]:
    user = request_user(request)
    a = selectors.assessment_get(user=user, assessment_id=assessment_id, action="fill")
    saved = assessment_services.assessment_save_draft(
        actor=user,
        assessment=a,
        patch=_sections(payload),
        size_band=payload.size_band,
        explanations=payload.explanations,
    )
    return selectors.assessment_detail(saved)


@router.post("/assessments/{assessment_id}/submit", response=AssessmentDetailOut)
def assessment_submit(request: HttpRequest, assessment_id: int, payload: AssessmentSubmitIn) -> dict[str, Any]:
    user = request_user(request)
    a = selectors.assessment_get(user=user, assessment_id=assessment_id, action="fill")
    return selectors.assessment_detail(
        assessment_services.assessment_submit(actor=user, assessment=a, commitment=payload.commitment)
    )


@router.get("/assessments/{assessment_id}/result", response=dict[str, Any])
def assessment_result(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    return selectors.assessment_result(
        selectors.assessment_get(user=request_user(request), assessment_id=assessment_id)
    )


@router.get("/assessments/{assessment_id}/peers", response=AssessmentPeersOut)
def assessment_peers(request: HttpRequest, assessment_id: int) -> dict[str, Any]:
    return selectors.assessment_peers(selectors.assessment_get(user=request_user(request), assessment_id=assessment_id))


@router.get("/assessments/{assessment_id}/report.pdf")
def assessment_report(request: HttpRequest, assessment_id: int) -> HttpResponse:
    a = selectors.assessment_get(user=request_user(request), assessment_id=assessment_id)
    return _pdf(a)


@router.get("/orgs/{org_id}/history", response=Page[AssessmentHistoryItem])
def assessment_history(request: HttpRequest, org_id: int, page: Query[PageParams]) -> dict[str, Any]:
    """An enterprise's submitted self-assessments and on-site ratings, newest first (``source`` says which)."""
    return selectors.assessment_history(
        user=request_user(request), org_id=org_id, page=page.page, page_size=page.page_size
    )


def _pdf(a: Assessment | OnsiteRating) -> HttpResponse:
    selectors.assessment_result(a)  # 404 before submission
    name = f"数字化水平评测报告-{a.org.name}-{a.pk}.pdf"
    response = HttpResponse(report_pdf(a), content_type="application/pdf")
    response["Content-Disposition"] = f"inline; filename=\"report-{a.pk}.pdf\"; filename*=UTF-8''{quote(name)}"
    return response


# ---- on-site ratings -------------------------------------------------------------------------------------


@router.get("/onsite-ratings", response=Page[OnsiteRatingOut])
def onsite_ratings(request: HttpRequest, filters: Query[OnsiteRatingFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = selectors.onsite_rating_list(user=request_user(request), filters=filters)
    return paginate(
        qs, page, allowed_ordering=ROW_ORDERING, transform=lambda rows: [selectors.onsite_rating_out(r) for r in rows]
    )


@router.post("/onsite-ratings", response={201: OnsiteRatingDetailOut})
def onsite_rating_create(request: HttpRequest, payload: OnsiteRatingCreateIn) -> Status[dict[str, Any]]:
    rating = onsite_services.onsite_rating_create(actor=request_user(request), **payload.model_dump())
    return Status(
        201, selectors.assessment_detail(selectors.onsite_rating_get(user=request_user(request), rating_id=rating.pk))
    )


@router.get("/onsite-ratings/{rating_id}", response=OnsiteRatingDetailOut)
def onsite_rating_detail(request: HttpRequest, rating_id: int) -> dict[str, Any]:
    return selectors.assessment_detail(selectors.onsite_rating_get(user=request_user(request), rating_id=rating_id))


@router.patch("/onsite-ratings/{rating_id}/draft", response=OnsiteRatingDetailOut)
def onsite_rating_save_draft(request: HttpRequest, rating_id: int, payload: OnsiteRatingSaveDraftIn) -> dict[str, Any]:
    user = request_user(request)
    rating = selectors.onsite_rating_get(user=user, rating_id=rating_id, action="rate")
    saved = onsite_services.onsite_rating_save_draft(
        actor=user, rating=rating, patch=_sections(payload), remarks=payload.remarks, attachments=payload.attachments
    )
    return selectors.assessment_detail(selectors.onsite_rating_get(user=user, rating_id=saved.pk))


@router.post("/onsite-ratings/{rating_id}/submit", response=OnsiteRatingDetailOut)
def onsite_rating_submit(request: HttpRequest, rating_id: int) -> dict[str, Any]:
    user = request_user(request)
    rating = selectors.onsite_rating_get(user=user, rating_id=rating_id, action="rate")
    onsite_services.onsite_rating_submit(actor=user, rating=rating)
    return selectors.assessment_detail(selectors.onsite_rating_get(user=user, rating_id=rating_id))


@router.delete("/onsite-ratings/{rating_id}", response={204: None})
def onsite_rating_delete(request: HttpRequest, rating_id: int) -> Status[None]:
    user = request_user(request)
    onsite_services.onsite_rating_delete(
        actor=user, rating=selectors.onsite_rating_get(user=user, rating_id=rating_id, action="rate")
    )
    return Status(204, None)


@router.get("/onsite-ratings/{rating_id}/result", response=dict[str, Any])
def onsite_rating_result(request: HttpRequest, rating_id: int) -> dict[str, Any]:
    return selectors.assessment_result(selectors.onsite_rating_get(user=request_user(request), rating_id=rating_id))


@router.get("/onsite-ratings/{rating_id}/report.pdf")
def onsite_rating_report(request: HttpRequest, rating_id: int) -> HttpResponse:
    return _pdf(selectors.onsite_rating_get(user=request_user(request), rating_id=rating_id))


# ---- expert assignments ----------------------------------------------------------------------------------


@router.get("/expert-assignments", response=Page[ExpertAssignmentOut])
def expert_assignments(
    request: HttpRequest, filters: Query[ExpertAssignmentFilter], page: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.expert_assignment_list(user=request_user(request), filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "created_at"),
        transform=lambda rows: [selectors.expert_assignment_out(a) for a in rows],
    )


@router.post("/expert-assignments", response={201: ExpertAssignmentOut})
def expert_assign(request: HttpRequest, payload: ExpertAssignIn) -> Status[dict[str, Any]]:
    assignment = onsite_services.expert_assign(actor=request_user(request), **payload.model_dump())
    return Status(201, selectors.expert_assignment_out(assignment))


@router.delete("/expert-assignments/{assignment_id}", response={204: None})
def expert_unassign(request: HttpRequest, assignment_id: int) -> Status[None]:
    user = request_user(request)
    onsite_services.expert_unassign(
        actor=user, assignment=selectors.expert_assignment_get(user=user, assignment_id=assignment_id)
    )
    return Status(204, None)


# ---- analysis (综合分析) ---------------------------------------------------------------------------------


@router.get("/analysis", response=AnalysisOut)
def analysis_summary(request: HttpRequest, filters: Query[AnalysisFilter]) -> dict[str, Any]:
    """Level distribution, dimension averages and trend over each enterprise's current result.

    The current result of an enterprise is its latest on-site rating (现场评定) when it has one —
    on-site ratings override self-assessments — else its latest submitted self-assessment;
    each drill-down row says which (``source``). A county sees its own enterprises only.
    """
    require(request_user(request), "assessment.view_analysis")
    return analysis.analysis_summary(user=request_user(request), filters=filters)


@router.get("/analysis/entries", response=Page[AnalysisEntryOut])
def analysis_entries(
    request: HttpRequest, filters: Query[AnalysisDrillDownFilter], page: Query[PageParams]
) -> dict[str, Any]:
    """Drill-down: the enterprises behind one bucket of the analysis (same filters, plus level / month)."""
    require(request_user(request), "assessment.view_analysis")
    qs, names = analysis.analysis_drill_down(user=request_user(request), filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=("submitted_at", "total_score", "level"),
        default_ordering=("-submitted_at", "-pk"),
        transform=lambda rows: [analysis.analysis_entry_out(e, names) for e in rows],
    )

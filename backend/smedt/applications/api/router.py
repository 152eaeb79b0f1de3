"""/api/applications: templates (designer), campaigns, submissions, pre-review, review, publicity, results."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from smedt.applications import selectors as sel
from smedt.applications.api.schemas import (
    ApplicationPrefillOut,
    CampaignDetailOut,
    CampaignFilter,
    CampaignIn,
    CampaignKindOut,
    CampaignRowOut,
    CampaignUpdateIn,
    FactOut,
    FormDataIn,
    LiveCheckOut,
    OpenCampaignOut,
    OverrideIn,
    PublicityFilter,
    PublicRowOut,
    ResultFilter,
    ResultHandlerOut,
    SchemaCheckIn,
    SchemaOut,
    SubmissionDetailOut,
    SubmissionFilter,
    SubmissionObjectionFilter,
    SubmissionRowOut,
    SubmissionScoreIn,
    SubmissionScoreOut,
    TemplateDetailOut,
    TemplateFilter,
    TemplateIn,
    TemplateRowOut,
    TemplateUpdateIn,
)
from smedt.applications.kinds import campaign_kinds, kind_out
from smedt.applications.models import Campaign
from smedt.applications.prereview import Review
from smedt.applications.report import submission_pdf
from smedt.applications.results import result_handlers
from smedt.applications.services import campaigns, review, submissions, templates
from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.rbac.services import require
from smedt.reviews.api.publicity import ObjectionHandleIn, ObjectionIn, ObjectionOut, ObjectionRowOut
from smedt.reviews.publicity import objection_row

router = Router(tags=["申报"])


def _u(request: HttpRequest) -> Any:
    return request_user(request)


def _live(r: Review) -> dict[str, Any]:
    return {
        "errors": r.outcome.errors,
        "computed": r.outcome.computed,
        "indicators": r.indicators,
        "findings": r.findings,
        "score": str(r.score),
    }


# --- templates (designer) ------------------------------------------------------------------------------------


@router.get("/facts", response=list[FactOut])
def facts(request: HttpRequest) -> list[dict[str, str]]:
    """The back-end data a field may be bound to (一企一档, assessment results…)."""
    require(_u(request), "applications.view_template")
    return sel.fact_catalog_out()


@router.get("/result-handlers", response=list[ResultHandlerOut])
def result_handler_list(request: HttpRequest) -> list[dict[str, str]]:
    """What a campaign may do with a selected submission (e.g. enter the pilot library)."""
    require(_u(request), "applications.manage_campaign")
    return [{"key": k, "label": v} for k, v in sorted(result_handlers().items())]


@router.get("/campaign-kinds", response=list[CampaignKindOut])
def campaign_kind_list(request: HttpRequest) -> list[dict[str, object]]:
    """The kinds of campaign domain modules run on the engine (e.g. 试点企业遴选), for filters and forms (with the
    presets a new campaign of the kind starts from)."""
    require(_u(request), "applications.view_submission")
    return [kind_out(k) for k in campaign_kinds().values()]


@router.post("/templates/check", response=SchemaOut)
def template_check(request: HttpRequest, payload: SchemaCheckIn) -> dict[str, Any]:
    """The designer's preview: the schema as the server would store it, or every problem at once."""
    require(_u(request), "applications.manage_template")
    return {"form": templates.schema_clean(payload.form)}


@router.get("/templates", response=Page[TemplateRowOut])
def template_list(request: HttpRequest, filters: Query[TemplateFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.template_list(user=_u(request), filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "name", "updated_at"),
        transform=lambda rows: [sel.template_row(t) for t in rows],
    )


@router.post("/templates", response={201: TemplateDetailOut})
def template_create(request: HttpRequest, payload: TemplateIn) -> Status[Any]:
    version = templates.template_create(
        actor=_u(request), name=payload.name, description=payload.description, schema=payload.form
    )
    return Status(201, sel.template_detail(version.template))


@router.get("/templates/{template_id}", response=TemplateDetailOut)
def template_detail(request: HttpRequest, template_id: int) -> dict[str, Any]:
    return sel.template_detail(sel.template_get(user=_u(request), template_id=template_id))


@router.put("/templates/{template_id}", response=TemplateDetailOut)
def template_update(request: HttpRequest, template_id: int, payload: TemplateUpdateIn) -> dict[str, Any]:
    t = sel.template_get(user=_u(request), template_id=template_id, action="manage")
    templates.template_version_save(
        actor=_u(request), template=t, schema=payload.form, name=payload.name, description=payload.description
    )
    return sel.template_detail(sel.template_get(user=_u(request), template_id=template_id))


@router.post("/templates/{template_id}/versions/{version_id}/publish", response=TemplateDetailOut)
def template_version_publish(request: HttpRequest, template_id: int, version_id: int) -> dict[str, Any]:
    t = sel.template_get(user=_u(request), template_id=template_id, action="manage")
    templates.template_version_publish(
        actor=_u(request), version=sel.version_get(user=_u(request), template=t, version_id=version_id)
    )
    return sel.template_detail(t)


# --- campaigns -----------------------------------------------------------------------------------------------


@router.get("/campaigns", response=Page[CampaignRowOut])
def campaign_list(request: HttpRequest, filters: Query[CampaignFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.campaign_list(user=_u(request), filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "opens_at", "closes_at"),
        default_ordering=("-opens_at", "-id"),
        transform=lambda rows: [sel.campaign_row(c) for c in rows],
    )


@router.post("/campaigns", response={201: CampaignDetailOut})
def campaign_create(request: HttpRequest, payload: CampaignIn) -> Status[Any]:
    c = campaigns.campaign_create(actor=_u(request), values=payload.dict())
    return Status(201, sel.campaign_detail(sel.campaign_get(user=_u(request), campaign_id=c.pk)))


@router.get("/campaigns/open", response=list[OpenCampaignOut])
def campaign_open_list(request: HttpRequest) -> list[dict[str, Any]]:
    """For applicants: campaigns accepting now, whether they may apply, and their own submission."""
    require(_u(request), "applications.apply")
    return sel.campaign_open_list(user=_u(request))


@router.get("/campaigns/{campaign_id}", response=CampaignDetailOut)
def campaign_detail(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    user = _u(request)
    found = Campaign.objects.visible_to(user, "view").filter(pk=campaign_id).exists()
    c = (
        sel.campaign_get(user=user, campaign_id=campaign_id)
        if found
        else sel.campaign_for_applicant(user=user, campaign_id=campaign_id)
    )
    return sel.campaign_detail(c)


@router.patch("/campaigns/{campaign_id}", response=CampaignDetailOut)
def campaign_update(request: HttpRequest, campaign_id: int, payload: CampaignUpdateIn) -> dict[str, Any]:
    c = sel.campaign_get(user=_u(request), campaign_id=campaign_id, action="manage")
    campaigns.campaign_update(actor=_u(request), campaign=c, values=payload.dict(exclude_unset=True))
    return sel.campaign_detail(sel.campaign_get(user=_u(request), campaign_id=campaign_id))


@router.post("/campaigns/{campaign_id}/open", response=CampaignDetailOut)
def campaign_open(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    c = sel.campaign_get(user=_u(request), campaign_id=campaign_id, action="manage")
    campaigns.campaign_open(actor=_u(request), campaign=c)
    return sel.campaign_detail(sel.campaign_get(user=_u(request), campaign_id=campaign_id))


@router.post("/campaigns/{campaign_id}/close", response=CampaignDetailOut)
def campaign_close(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    c = sel.campaign_get(user=_u(request), campaign_id=campaign_id, action="manage")
    campaigns.campaign_close(actor=_u(request), campaign=c)
    return sel.campaign_detail(sel.campaign_get(user=_u(request), campaign_id=campaign_id))


@router.get("/campaigns/{campaign_id}/prefill", response=ApplicationPrefillOut)
def campaign_prefill(request: HttpRequest, campaign_id: int, org_id: int | None = None) -> dict[str, Any]:
    """Fact-bound fields pre-filled from the back end, with provenance."""
    c = sel.campaign_for_applicant(user=_u(request), campaign_id=campaign_id)
    org = submissions.applicant_org(_u(request), org_id)
    return submissions.prefill(org_id=org.pk, schema=submissions.offered_schema(c))


@router.post("/campaigns/{campaign_id}/validate", response=LiveCheckOut)
def campaign_validate(request: HttpRequest, campaign_id: int, payload: FormDataIn) -> dict[str, Any]:
    """The live check while typing: field errors, findings against back-end data, indicators. Saves nothing."""
    c = sel.campaign_for_applicant(user=_u(request), campaign_id=campaign_id)
    r = submissions.submission_validate(
        actor=_u(request),
        campaign=c,
        template_version_id=payload.template_version_id,
        data=payload.data,
        org_id=payload.org_id,
    )
    return _live(r)


@router.post("/campaigns/{campaign_id}/submissions", response={201: SubmissionDetailOut})
def submission_create(request: HttpRequest, campaign_id: int, payload: FormDataIn) -> Status[Any]:
    c = sel.campaign_for_applicant(user=_u(request), campaign_id=campaign_id)
    s = submissions.submission_create(
        actor=_u(request),
        campaign=c,
        template_version_id=payload.template_version_id,
        data=payload.data,
        org_id=payload.org_id,
    )
    return Status(201, sel.submission_detail(sel.submission_get(user=_u(request), submission_id=s.pk), _u(request)))


# --- submissions ---------------------------------------------------------------------------------------------


@router.get("/submissions", response=Page[SubmissionRowOut])
def submission_list(request: HttpRequest, filters: Query[SubmissionFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.submission_list(user=_u(request), filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "prereview_score", "findings_count", "submitted_at", "updated_at"),
        transform=lambda rows: [sel.submission_row(s) for s in rows],
    )


@router.get("/submissions/{submission_id}", response=SubmissionDetailOut)
def submission_detail(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    return sel.submission_detail(sel.submission_get(user=_u(request), submission_id=submission_id), _u(request))


@router.patch("/submissions/{submission_id}", response=SubmissionDetailOut)
def submission_save(request: HttpRequest, submission_id: int, payload: FormDataIn) -> dict[str, Any]:
    """Autosave a draft."""
    s = sel.submission_get(user=_u(request), submission_id=submission_id)
    submissions.submission_save(
        actor=_u(request), submission=s, template_version_id=payload.template_version_id, data=payload.data
    )
    return sel.submission_detail(sel.submission_get(user=_u(request), submission_id=submission_id), _u(request))


@router.post("/submissions/{submission_id}/submit", response=SubmissionDetailOut)
def submission_submit(request: HttpRequest, submission_id: int, payload: FormDataIn) -> dict[str, Any]:
    s = sel.submission_get(user=_u(request), submission_id=submission_id)
    submissions.submission_submit(
        actor=_u(request), submission=s, template_version_id=payload.template_version_id, data=payload.data
    )
    return sel.submission_detail(sel.submission_get(user=_u(request), submission_id=submission_id), _u(request))


@router.post("/submissions/{submission_id}/withdraw", response=SubmissionDetailOut)
def submission_withdraw(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    s = sel.submission_get(user=_u(request), submission_id=submission_id)
    submissions.submission_withdraw(actor=_u(request), submission=s)
    return sel.submission_detail(sel.submission_get(user=_u(request), submission_id=submission_id), _u(request))


@router.post("/submissions/{submission_id}/overrides", response=SubmissionDetailOut)
def indicator_override(request: HttpRequest, submission_id: int, payload: OverrideIn) -> dict[str, Any]:
    """Override a computed indicator: only with a reason, audited."""
    s = sel.submission_get(user=_u(request), submission_id=submission_id)
    submissions.indicator_override(
        actor=_u(request),
        submission=s,
        indicator_key=payload.indicator_key,
        points=payload.points,
        reason=payload.reason,
    )
    return sel.submission_detail(sel.submission_get(user=_u(request), submission_id=submission_id), _u(request))


@router.post("/submissions/{submission_id}/scores", response={201: SubmissionScoreOut})
def score_submit(request: HttpRequest, submission_id: int, payload: SubmissionScoreIn) -> Status[Any]:
    s = sel.submission_get(user=_u(request), submission_id=submission_id)
    x = submissions.score_submit(actor=_u(request), submission=s, marks=payload.marks, opinion=payload.opinion)
    return Status(
        201,
        {
            "expert_name": x.expert_name,
            "total": str(x.total),
            "marks": x.marks,
            "opinion": x.opinion,
            "created_at": x.created_at,
        },
    )


@router.post("/submissions/{submission_id}/finalize", response=SubmissionDetailOut)
def submission_finalize(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    s = sel.submission_get(user=_u(request), submission_id=submission_id)
    review.submission_finalize(actor=_u(request), submission=s)
    return sel.submission_detail(sel.submission_get(user=_u(request), submission_id=submission_id), _u(request))


@router.get("/submissions/{submission_id}/pdf")
def submission_pdf_download(request: HttpRequest, submission_id: int) -> HttpResponse:
    s = sel.submission_get(user=_u(request), submission_id=submission_id)
    response = HttpResponse(submission_pdf(s), content_type="application/pdf")
    name = quote(f"申报书-{s.org.name}.pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@router.get("/objections", response=Page[ObjectionRowOut])
def objection_list(
    request: HttpRequest, filters: Query[SubmissionObjectionFilter], page: Query[PageParams]
) -> dict[str, Any]:
    qs = sel.objection_list(user=_u(request), filters=filters)
    return paginate(qs, page, transform=lambda rows: [objection_row(o) for o in rows])


@router.post("/objections/{objection_id}/handle", response=ObjectionOut)
def objection_handle(request: HttpRequest, objection_id: int, payload: ObjectionHandleIn) -> dict[str, Any]:
    o = sel.objection_get(user=_u(request), objection_id=objection_id)
    o = review.objection_handle(actor=_u(request), objection=o, upheld=payload.upheld, resolution=payload.resolution)
    return {**objection_row(o), "status_label": o.get_status_display()}


# --- public: publicity and results ---------------------------------------------------------------------------


@router.get("/public/publicity", response=Page[PublicRowOut], auth=None)
def public_publicity(request: HttpRequest, filters: Query[PublicityFilter], page: Query[PageParams]) -> dict[str, Any]:
    """公示 notice (no login); filing an objection needs a signed-in user."""
    return paginate(sel.publicity_list(kind=filters.kind), page, transform=sel.public_rows)


@router.post("/public/publicity/{submission_id}/objections", response={201: ObjectionOut})
def objection_file(request: HttpRequest, submission_id: int, payload: ObjectionIn) -> Status[Any]:
    s = sel.publicity_get(submission_id=submission_id)
    o = review.objection_file(actor=_u(request), submission=s, content=payload.content, evidence_id=payload.evidence_id)
    return Status(201, {**objection_row(o), "status_label": o.get_status_display()})


@router.get("/public/results", response=Page[PublicRowOut], auth=None)
def public_results(request: HttpRequest, filters: Query[ResultFilter], page: Query[PageParams]) -> dict[str, Any]:
    """Published results (入选名单) of every campaign, for the portal (no login)."""
    return paginate(
        sel.result_list(campaign_id=filters.campaign_id, kind=filters.kind),
        page,
        default_ordering=("-decided_at", "-id"),
        transform=sel.public_rows,
    )

"""/api/projects: diagnosis and transformation projects, electronic contracts, government follow-up."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, paginate
from smedt.files.services import attachment_response
from smedt.projects import config, services, workflow
from smedt.projects import selectors as sel
from smedt.projects.actions import my_actions
from smedt.projects.api.schemas import (
    AcceptanceIn,
    AcceptanceScoreIn,
    AssessmentOptionOut,
    CandidateFilter,
    CandidateOut,
    ChangeDecideIn,
    ContractOut,
    CountsOut,
    DiagnosisFindingsIn,
    InvestmentIn,
    InvestmentOut,
    LogIn,
    LogOut,
    MilestoneDoneIn,
    MilestoneIn,
    MilestoneOut,
    ProjectActIn,
    ProjectCreateIn,
    ProjectDetailOut,
    ProjectFilter,
    ProjectOut,
    ReportIn,
    SatisfactionIn,
    VerifyOut,
)
from smedt.projects.models import Contract, LogEntry, Milestone, Project, ProjectKind
from smedt.providers.rating import NO_RATING_NOTE

router = Router(tags=["试点项目"])


def _u(request: HttpRequest) -> Any:
    return request_user(request)


def project_out(p: Project) -> dict[str, Any]:
    return {
        **p.__dict__,
        "kind_label": ProjectKind(p.kind).label,
        "enterprise_name": p.enterprise.name,
        "provider_name": p.provider.name,
        "region_code": p.region.code,
        "region_name": p.region.name,
        "status_label": workflow.STATUS_LABELS.get(p.status, p.status),
        "overdue": sel.is_overdue(p),
    }


def contract_out(c: Contract) -> dict[str, Any]:
    sigs = list(c.signatures.all())
    return {**c.__dict__, "frozen": bool(sigs), "signatures": [s.__dict__ for s in sigs]}


def _comparison(p: Project) -> dict[str, Any] | None:
    from smedt.assessment.selectors import assessment_compare
    from smedt.core.errors import ApplicationError

    after = p.after_onsite or p.after_assessment
    if p.before_assessment is None or after is None:
        return None
    try:
        return assessment_compare(p.before_assessment, after)  # type: ignore[arg-type]  # an on-site rating has the same result shape
    except ApplicationError as exc:
        return {"error": exc.message}


def _expert_scoring(p: Project, user: Any) -> dict[str, Any] | None:
    """Reviewers (county/city review permission over the region) see all scores and the average; an expert
    sees the sheet and only their own score (independent scoring); the parties see nothing."""
    from smedt.rbac.grants import user_grants

    if not config.expert_scoring()["enabled"] or p.kind != ProjectKind.TRANSFORMATION or p.acceptance_review is None:
        return None
    grants = user_grants(user)
    path = p.region.path
    reviewer = any(
        not grants.grant(code).empty and grants.grant(code).covers(region_path=path)
        for code in ("reviews.review_city", "reviews.review_county")
    )
    expert = not grants.grant("projects.score_acceptance").empty
    if not (reviewer or expert):
        return None
    summary = services.expert_scores_summary(p, p.acceptance_review.round)
    if not reviewer:
        mine = [sc for sc in summary["scores"] if sc.expert_id == user.pk]
        summary = {**summary, "count": len(mine), "average": mine[0].total if mine else None, "scores": mine}
    summary["scores"] = [sc.__dict__ for sc in summary["scores"]]
    return summary


def _satisfaction(p: Project) -> dict[str, Any] | None:
    if p.satisfaction_stars is None or p.satisfaction_rated_at is None:
        return None
    return {
        "stars": p.satisfaction_stars,
        "comment": p.satisfaction_comment,
        "rated_at": p.satisfaction_rated_at,
        "revisable_until": p.satisfaction_rated_at + timedelta(days=config.satisfaction()["revise_days"]),
    }


def findings_out(p: Project) -> list[dict[str, Any]]:
    """The diagnosis findings with scene names and severity labels (every reader of the project sees them)."""
    if p.kind != ProjectKind.DIAGNOSIS:
        return []
    rows = list(p.findings.all())
    names = services.finding_scene_names() if any(f.scene for f in rows) else {}
    return [
        {
            **f.__dict__,
            "scene_name": names.get(f.scene, f.scene),
            "severity_label": f.get_severity_display(),
        }
        for f in rows
    ]


def detail_out(p: Project, user: Any) -> dict[str, Any]:
    contract = Contract.objects.filter(project=p).first()
    signed = set(contract.signatures.values_list("org_id", flat=True)) if contract else set()
    investments = list(p.investments.all())
    logs = list(p.log_entries.prefetch_related("attachments"))
    return {
        **project_out(p),
        "waiting_on": sel.waiting_on(p),
        "allowed_actions": workflow.allowed_actions(p.kind, p.status),
        "my_actions": my_actions(user, p, contract=contract, signed_org_ids=signed),
        "expert_scoring": _expert_scoring(p, user),
        "satisfaction": _satisfaction(p),
        "report_id": str(p.report_id) if p.report_id else None,
        "report_name": p.report.name if p.report else "",
        "investment_total": sum((i.amount for i in investments), Decimal("0.00")),
        "comparison": _comparison(p),
        "contract": contract_out(contract) if contract else None,
        "timeline": [
            {**e.__dict__, "action_label": workflow.ACTION_LABELS.get(e.action, e.action)}
            for e in sel.project_timeline(p)
        ],
        "milestones": list(p.milestones.all()),
        "logs": [{**e.__dict__, "attachment_ids": [str(a.pk) for a in e.attachments.all()]} for e in logs],
        "findings": findings_out(p),
        "investments": [
            {
                **i.__dict__,
                "cost_category_label": i.get_cost_category_display() if i.cost_category else "未标注",
                "invoice_id": str(i.invoice_id) if i.invoice_id else None,
                "payment_proof_id": str(i.payment_proof_id) if i.payment_proof_id else None,
            }
            for i in investments
        ],
    }


def _detail(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return detail_out(sel.project_get(user=_u(request), project_id=project_id), _u(request))


@router.get("", response=Page[ProjectOut])
def project_list(request: HttpRequest, filters: Query[ProjectFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.project_list(user=_u(request), filters=filters)
    return paginate(
        qs,
        page,
        allowed_ordering=("created_at", "step_due_at", "amount"),
        transform=_list_rows,
    )


def _list_rows(rows: list[Project]) -> list[dict[str, Any]]:
    """List rows with the subsidy committed / disbursed per project (one grouped query for the page)."""
    from smedt.funds.selectors import project_funds  # the funds module reads projects, never the reverse at import

    funds = project_funds([p.pk for p in rows])
    out = []
    for p in rows:
        committed, disbursed = funds.get(p.pk, (None, None))
        out.append({**project_out(p), "subsidy_committed": committed, "subsidy_disbursed": disbursed})
    return out


@router.get("/counts", response=CountsOut)
def project_counts(request: HttpRequest) -> dict[str, Any]:
    return sel.project_counts(user=_u(request))


@router.get("/providers", response=Page[CandidateOut])
def provider_candidates(
    request: HttpRequest, filters: Query[CandidateFilter], page: Query[PageParams]
) -> dict[str, Any]:
    qs = sel.provider_candidates(user=_u(request), filters=filters)
    return paginate(
        qs,
        page,
        transform=lambda rows: [
            {
                **m.__dict__,
                "org_name": m.org.name,
                "region_name": m.region.name,
                "rating_grade": m.rating_grade or None,
                "rating_note": "" if m.rating_grade else NO_RATING_NOTE,
            }
            for m in rows
        ],
    )


@router.post("", response={201: ProjectDetailOut})
def project_create(request: HttpRequest, payload: ProjectCreateIn) -> Status[Any]:
    return Status(201, detail_out(services.project_create(actor=_u(request), **payload.dict()), _u(request)))


@router.post("/contracts/verify", response=VerifyOut, auth=None)
def contract_verify(
    request: HttpRequest,
    file: File[UploadedFile],
    contract_id: Form[int | None] = None,
) -> dict[str, Any]:
    """Multipart: `file` (the PDF) and optionally `signatures` (the bundle JSON). Anonymous: the contract is
    found by the file's SM3 digest only — any other file learns nothing but 未找到; `contract_id`, when given,
    must name that same contract. Signatures are checked against the platform's keys of both parties."""
    bundle = request.FILES.get("signatures")
    raw = bundle.read() if bundle is not None else None
    return sel.contract_verify_upload(pdf=file.read(), bundle_raw=raw, contract_id=contract_id)


@router.get("/contracts/{contract_id}/contract.pdf")
def contract_pdf(request: HttpRequest, contract_id: int) -> HttpResponse:
    c = sel.contract_get(user=_u(request), contract_id=contract_id)
    response = HttpResponse(bytes(c.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{c.number}.pdf"'
    return response


@router.get("/contracts/{contract_id}/signatures.json")
def contract_signatures(request: HttpRequest, contract_id: int) -> HttpResponse:
    c = sel.contract_get(user=_u(request), contract_id=contract_id)
    response = HttpResponse(
        json.dumps(sel.contract_bundle(c), ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{c.number}.signatures.json"'
    return response


@router.get("/{project_id}", response=ProjectDetailOut)
def project_detail(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _detail(request, project_id)


@router.get("/{project_id}/files/{file_id}")
def project_document(request: HttpRequest, project_id: int, file_id: UUID) -> FileResponse:
    """Download one of the project's documents (report, log attachment, invoice, payment proof) — for
    everyone who sees the project, whoever uploaded the file."""
    return attachment_response(sel.project_document_get(user=_u(request), project_id=project_id, file_id=file_id))


@router.post("/{project_id}/actions/{action}", response=ProjectDetailOut)
def project_act(request: HttpRequest, project_id: int, action: str, payload: ProjectActIn) -> dict[str, Any]:
    p = sel.project_get(user=_u(request), project_id=project_id)
    return detail_out(services.project_act(actor=_u(request), project=p, action=action, note=payload.note), _u(request))


@router.post("/{project_id}/contract", response={201: ContractOut})
def contract_render(request: HttpRequest, project_id: int) -> Status[Any]:
    p = sel.project_get(user=_u(request), project_id=project_id)
    return Status(201, contract_out(services.contract_render(actor=_u(request), project=p)))


@router.post("/{project_id}/contract/sign", response=ProjectDetailOut)
def contract_sign(request: HttpRequest, project_id: int) -> dict[str, Any]:
    services.contract_sign(actor=_u(request), project=sel.project_get(user=_u(request), project_id=project_id))
    return _detail(request, project_id)


@router.post("/{project_id}/report", response=ProjectDetailOut)
def report_submit(request: HttpRequest, project_id: int, payload: ReportIn) -> dict[str, Any]:
    p = sel.project_get(user=_u(request), project_id=project_id)
    return detail_out(services.report_submit(actor=_u(request), project=p, **payload.dict()), _u(request))


@router.put("/{project_id}/findings", response=ProjectDetailOut)
def findings_save(request: HttpRequest, project_id: int, payload: DiagnosisFindingsIn) -> dict[str, Any]:
    """The provider saves the diagnosis findings (the whole list) until the enterprise confirms the report."""
    p = sel.project_get(user=_u(request), project_id=project_id)
    rows = [f.dict() for f in payload.findings]
    return detail_out(services.findings_save(actor=_u(request), project=p, findings=rows), _u(request))


@router.post("/{project_id}/filing", response=ProjectDetailOut)
def filing_submit(request: HttpRequest, project_id: int, payload: ProjectActIn) -> dict[str, Any]:
    p = sel.project_get(user=_u(request), project_id=project_id)
    return detail_out(services.filing_submit(actor=_u(request), project=p, note=payload.note), _u(request))


@router.post("/{project_id}/milestones", response={201: MilestoneOut})
def milestone_add(request: HttpRequest, project_id: int, payload: MilestoneIn) -> Status[Any]:
    p = sel.project_get(user=_u(request), project_id=project_id)
    return Status(201, services.milestone_add(actor=_u(request), project=p, **payload.dict()))


@router.post("/{project_id}/milestones/{milestone_id}/done", response=MilestoneOut)
def milestone_done(request: HttpRequest, project_id: int, milestone_id: int, payload: MilestoneDoneIn) -> Milestone:
    p = sel.project_get(user=_u(request), project_id=project_id)
    m = Milestone.objects.filter(project=p, pk=milestone_id).first()
    if m is None:
        from smedt.core.errors import NotFound

        raise NotFound("里程碑不存在")
    return services.milestone_done(actor=_u(request), milestone=m, actual_date=payload.actual_date)


@router.post("/{project_id}/logs", response={201: LogOut})
def log_add(request: HttpRequest, project_id: int, payload: LogIn) -> Status[Any]:
    p = sel.project_get(user=_u(request), project_id=project_id)
    e = services.log_add(actor=_u(request), project=p, **payload.dict())
    return Status(201, {**e.__dict__, "attachment_ids": [str(a.pk) for a in e.attachments.all()]})


@router.post("/logs/{entry_id}/decide", response=LogOut)
def change_decide(request: HttpRequest, entry_id: int, payload: ChangeDecideIn) -> dict[str, Any]:
    entry: LogEntry = sel.log_entry_get(user=_u(request), entry_id=entry_id)
    e = services.change_decide(actor=_u(request), entry=entry, **payload.dict())
    return {**e.__dict__, "attachment_ids": [str(a.pk) for a in e.attachments.all()]}


@router.post("/{project_id}/investments", response={201: InvestmentOut})
def investment_add(request: HttpRequest, project_id: int, payload: InvestmentIn) -> Status[Any]:
    p = sel.project_get(user=_u(request), project_id=project_id)
    i = services.investment_add(actor=_u(request), project=p, **payload.dict())
    return Status(
        201,
        {
            **i.__dict__,
            "invoice_id": str(i.invoice_id) if i.invoice_id else None,
            "payment_proof_id": str(i.payment_proof_id) if i.payment_proof_id else None,
        },
    )


@router.post("/{project_id}/acceptance", response=ProjectDetailOut)
def acceptance_apply(request: HttpRequest, project_id: int, payload: AcceptanceIn) -> dict[str, Any]:
    p = sel.project_get(user=_u(request), project_id=project_id)
    data = payload.dict()
    materials = {k: data.pop(k) for k in ("effectiveness", "data_integration", "management_reform")}
    return detail_out(services.acceptance_apply(actor=_u(request), project=p, materials=materials, **data), _u(request))


@router.get("/{project_id}/assessments", response=list[AssessmentOptionOut])
def assessment_candidates(request: HttpRequest, project_id: int) -> list[dict[str, Any]]:
    """Assessments of the project's enterprise that may be linked as before / after (parties only)."""
    p = sel.project_get(user=_u(request), project_id=project_id)
    return sel.assessment_candidates(user=_u(request), project=p)


@router.post("/{project_id}/expert-scores", response={201: ProjectDetailOut})
def acceptance_score(request: HttpRequest, project_id: int, payload: AcceptanceScoreIn) -> Status[Any]:
    p = sel.project_get(user=_u(request), project_id=project_id)
    services.acceptance_score_submit(actor=_u(request), project=p, marks=dict(payload.marks), opinion=payload.opinion)
    return Status(201, _detail(request, project_id))


@router.post("/{project_id}/satisfaction", response=ProjectDetailOut)
def satisfaction_rate(request: HttpRequest, project_id: int, payload: SatisfactionIn) -> dict[str, Any]:
    p = sel.project_get(user=_u(request), project_id=project_id)
    return detail_out(services.satisfaction_rate(actor=_u(request), project=p, **payload.dict()), _u(request))

"""/api/funds: fund sources, budget lines, the ledger (allocate, commit, disburse, reverse), reconciliation."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.http import HttpRequest
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.api.pagination import Page, PageParams, bounded_count, check_window, paginate
from smedt.core.errors import ValidationFailed
from smedt.funds import config, ledger, services, subsidies
from smedt.funds import selectors as sel
from smedt.funds.api.schemas import (
    AllocateIn,
    CommitIn,
    DisburseIn,
    EntryFilter,
    EntryOut,
    IntegrityOut,
    LineCreateIn,
    LineFilter,
    LineOut,
    MetaOut,
    PublicSubsidyFilter,
    PublicSubsidyOut,
    ReconcileFilter,
    ReconcileOut,
    ReverseIn,
    SourceCreateIn,
    SourceFilter,
    SourceOut,
    SubsidyClaimOut,
    SubsidyDisburseIn,
    SubsidyFilter,
    SubsidyPreviewOut,
    TotalsOut,
)
from smedt.funds.ledger import cents
from smedt.funds.models import EntryKind, SourceKind
from smedt.orgs.models import Organization, OrgKind
from smedt.rbac.services import require
from smedt.regions.models import Region

router = Router(tags=["试点资金"])


def _u(request: HttpRequest) -> Any:
    return request_user(request)


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationFailed(
            code="funds.invalid_field", message="区划不存在", details={"fields": {"region_code": "区划不存在"}}
        )
    return region


@router.get("/meta", response=MetaOut)
def meta(request: HttpRequest) -> dict[str, Any]:
    require(_u(request), "funds.view_ledger")
    return {
        "source_kinds": [{"value": v, "label": str(label)} for v, label in SourceKind.choices],
        "purposes": [{"value": k, "label": v} for k, v in config.purposes().items()],
        "entry_kinds": [{"value": v, "label": str(label)} for v, label in EntryKind.choices],
        "central_transformation_min_pct": config.central_transformation_min_pct(),
        "version": config.version(),
        "allowed_actions": sel.meta_actions(_u(request)),
    }


@router.get("/sources", response=Page[SourceOut])
def source_list(request: HttpRequest, filters: Query[SourceFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.source_list(user=_u(request), year=filters.year, kind=filters.kind)
    return paginate(
        qs,
        page,
        allowed_ordering=("year", "amount", "id"),
        default_ordering=("-year", "id"),
        transform=lambda rows: [sel.source_out(s) for s in rows],
    )


@router.post("/sources", response={201: SourceOut})
def source_create(request: HttpRequest, payload: SourceCreateIn) -> Status[Any]:
    data = payload.dict()
    source = services.source_create(actor=_u(request), region=_region(data.pop("region_code")), **data)
    return Status(201, sel.source_out(source))


@router.get("/lines", response=Page[LineOut])
def line_list(request: HttpRequest, filters: Query[LineFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.line_list(user=_u(request), **filters.dict())
    return paginate(
        qs,
        page,
        allowed_ordering=("year", "allocated", "committed", "disbursed", "id"),
        default_ordering=("-year", "id"),
        transform=lambda rows: [sel.line_out(r) for r in rows],
    )


@router.post("/lines", response={201: LineOut})
def line_create(request: HttpRequest, payload: LineCreateIn) -> Status[Any]:
    user = _u(request)
    source = sel.source_get(user=user, source_id=payload.source_id, action="manage")
    region = _region(payload.region_code) if payload.region_code else None
    line = services.line_create(actor=user, source=source, purpose=payload.purpose, name=payload.name, region=region)
    return Status(201, sel.line_out(sel.line_get(user=user, line_id=line.pk)))


@router.get("/totals", response=TotalsOut)
def totals(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    return sel.totals(user=_u(request), year=year)


@router.post("/lines/{line_id}/allocate", response={201: EntryOut})
def line_allocate(request: HttpRequest, line_id: int, payload: AllocateIn) -> Status[Any]:
    user = _u(request)
    line = sel.line_get(user=user, line_id=line_id, action="manage")
    entry = services.entry_allocate(actor=user, line=line, **payload.dict())
    return Status(201, sel.entry_out(sel.entry_list(user=user).get(pk=entry.pk)))


@router.post("/lines/{line_id}/commit", response={201: EntryOut})
def line_commit(request: HttpRequest, line_id: int, payload: CommitIn) -> Status[Any]:
    from smedt.projects.models import Project

    user = _u(request)
    line = sel.line_get(user=user, line_id=line_id, action="manage")
    enterprise = Organization.objects.filter(pk=payload.enterprise_id, kind=OrgKind.ENTERPRISE).first()
    if enterprise is None:
        raise ValidationFailed(
            code="funds.invalid_field", message="企业不存在", details={"fields": {"enterprise_id": "企业不存在"}}
        )
    project = None
    if payload.project_id is not None:
        project = Project.objects.filter(pk=payload.project_id).first()
        if project is None:
            raise ValidationFailed(
                code="funds.invalid_field", message="项目不存在", details={"fields": {"project_id": "项目不存在"}}
            )
    entry = services.entry_commit(
        actor=user,
        line=line,
        enterprise=enterprise,
        project=project,
        amount=payload.amount,
        reference=payload.reference,
        note=payload.note,
    )
    return Status(201, sel.entry_out(sel.entry_list(user=user).get(pk=entry.pk)))


@router.post("/commitments/{commitment_id}/disburse", response={201: EntryOut})
def commitment_disburse(request: HttpRequest, commitment_id: int, payload: DisburseIn) -> Status[Any]:
    user = _u(request)
    commitment = sel.commitment_get(user=user, commitment_id=commitment_id, action="manage")
    entry = services.entry_disburse(actor=user, commitment=commitment, **payload.dict())
    return Status(201, sel.entry_out(sel.entry_list(user=user).get(pk=entry.pk)))


@router.post("/entries/{entry_id}/reverse", response={201: EntryOut})
def entry_reverse(request: HttpRequest, entry_id: int, payload: ReverseIn) -> Status[Any]:
    user = _u(request)
    entry = sel.entry_get(user=user, entry_id=entry_id, action="manage")
    reversal = services.entry_reverse(actor=user, entry=entry, **payload.dict())
    return Status(201, sel.entry_out(sel.entry_list(user=user).get(pk=reversal.pk)))


@router.get("/entries", response=Page[EntryOut])
def entry_list(request: HttpRequest, filters: Query[EntryFilter], page: Query[PageParams]) -> dict[str, Any]:
    qs = sel.entry_list(user=_u(request), **filters.dict())
    return paginate(qs, page, allowed_ordering=("id", "amount"), default_ordering=("-id",), transform=sel.entry_rows)


@router.get("/reconciliation", response=ReconcileOut)
def reconciliation(request: HttpRequest, filters: Query[ReconcileFilter]) -> dict[str, Any]:
    qs = sel.reconciliation(user=_u(request), by=filters.by, year=filters.year, source_id=filters.source_id)
    start = check_window(filters.page, filters.page_size)
    key = sel.RECONCILE_BY[filters.by][0][0]
    total, _ = bounded_count(qs)
    rows = list(qs.order_by("-committed", "-allocated", key)[start : start + filters.page_size + 1])
    agg = qs.values().aggregate(a=Sum("allocated_delta"), c=Sum("committed_delta"), d=Sum("disbursed_delta"))
    a, c, d = cents(agg["a"]), cents(agg["c"]), cents(agg["d"])
    return {
        "by": filters.by,
        "items": sel.reconciliation_rows(filters.by)(rows[: filters.page_size]),
        "total": total,
        "page": filters.page,
        "page_size": filters.page_size,
        "has_next": len(rows) > filters.page_size,
        "sum": {"allocated": a, "committed": c, "disbursed": d, "available": a - c},
    }


@router.get("/integrity", response=IntegrityOut)
def integrity(request: HttpRequest) -> dict[str, Any]:
    require(_u(request), "funds.verify_ledger")
    report = ledger.ledger_verify()
    return {"ok": report.ok, "checked": report.checked, "message": report.message, "first_bad_id": report.first_bad_id}


# --- subsidies (补贴申请: computed amount, approval via the application engine, tranches with vouchers) -------


@router.get("/subsidies/preview", response=SubsidyPreviewOut)
def subsidy_preview(request: HttpRequest) -> dict[str, Any]:
    """For an enterprise before it applies: what it may claim now, and how that was computed."""
    from smedt.applications.services.submissions import applicant_org

    user = _u(request)
    return subsidies.preview(actor=user, org_id=applicant_org(user, None).pk)


@router.get("/subsidies", response=Page[SubsidyClaimOut])
def subsidy_list(request: HttpRequest, filters: Query[SubsidyFilter], page: Query[PageParams]) -> dict[str, Any]:
    user = _u(request)
    qs = sel.claim_list(user=user, status=filters.status, year=filters.year)
    return paginate(
        qs,
        page,
        allowed_ordering=("id", "amount", "approved_at"),
        default_ordering=("-id",),
        transform=lambda rows: [sel.claim_out(c, user) for c in rows],
    )


@router.get("/subsidies/{claim_id}", response=SubsidyClaimOut)
def subsidy_detail(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    user = _u(request)
    return sel.claim_out(subsidies.claim_get(user=user, claim_id=claim_id), user, detail=True)


@router.post("/subsidies/{claim_id}/disburse", response={201: SubsidyClaimOut})
def subsidy_disburse(request: HttpRequest, claim_id: int, payload: SubsidyDisburseIn) -> Status[Any]:
    user = _u(request)
    claim = subsidies.claim_get(user=user, claim_id=claim_id, manage=True)
    subsidies.disburse(actor=user, claim=claim, **payload.dict())
    return Status(201, sel.claim_out(subsidies.claim_get(user=user, claim_id=claim_id), user, detail=True))


@router.get("/public/subsidies", response=Page[PublicSubsidyOut], auth=None)
def public_subsidies(
    request: HttpRequest, filters: Query[PublicSubsidyFilter], page: Query[PageParams]
) -> dict[str, Any]:
    """奖补名单 on the portal: approved subsidies, public fields only (cached like the other public lists)."""
    qs = sel.public_subsidy_list(year=filters.year, region_code=filters.region_code)
    return paginate(
        qs,
        page,
        allowed_ordering=("approved_at", "id"),
        default_ordering=("-approved_at", "-id"),
        transform=lambda rows: [sel.public_row(c) for c in rows],
    )

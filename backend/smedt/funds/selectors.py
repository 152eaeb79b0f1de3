"""Reads of the funds module; each starts from the user's scope (`visible_to`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from smedt.core.errors import NotFound, ValidationFailed
from smedt.funds import config
from smedt.funds.ledger import cents
from smedt.funds.models import BudgetLine, Commitment, EntryKind, FundSource, LedgerEntry, SourceKind
from smedt.rbac.services import require

# reconciliation dimension -> (group-by fields, label field)
RECONCILE_BY: dict[str, tuple[tuple[str, ...], str]] = {
    "source": (("source_id", "source__name", "source__year", "source__kind"), "source__name"),
    "county": (("region_id", "region__name", "region__code"), "region__name"),
    "enterprise": (("enterprise_id", "enterprise__name"), "enterprise__name"),
    "project": (("project_id", "project__title"), "project__title"),
}


def source_list(*, user: Any, year: int | None = None, kind: str | None = None) -> QuerySet[FundSource]:
    require(user, "funds.view_budget")
    qs = FundSource.objects.visible_to(user, "view").select_related("region")
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def source_get(*, user: Any, source_id: int, action: str = "view") -> FundSource:
    source = FundSource.objects.visible_to(user, action).select_related("region").filter(pk=source_id).first()
    if source is None:
        raise NotFound("资金来源不存在或无权访问")
    return source


def source_out(s: FundSource) -> dict[str, Any]:
    return {
        "id": s.pk,
        "kind": s.kind,
        "kind_label": SourceKind(s.kind).label,
        "name": s.name,
        "year": s.year,
        "amount": s.amount,
        "allocated": s.allocated,
        "unallocated": s.amount - s.allocated,
        "other_purpose_cap": s.other_purpose_cap,
        "other_allocated": s.other_allocated,
        "region_code": s.region.code,
        "region_name": s.region.name,
        "document_no": s.document_no,
        "created_at": s.created_at,
    }


def line_list(
    *,
    user: Any,
    year: int | None = None,
    source_id: int | None = None,
    purpose: str | None = None,
    region_code: str | None = None,
) -> QuerySet[BudgetLine]:
    require(user, "funds.view_budget")
    qs = BudgetLine.objects.visible_to(user, "view").select_related("source", "region")
    if year:
        qs = qs.filter(year=year)
    if source_id:
        qs = qs.filter(source_id=source_id)
    if purpose:
        qs = qs.filter(purpose=purpose)
    if region_code:
        qs = qs.filter(region__code=region_code)
    return qs


def line_get(*, user: Any, line_id: int, action: str = "view") -> BudgetLine:
    line = BudgetLine.objects.visible_to(user, action).select_related("source", "region").filter(pk=line_id).first()
    if line is None:
        raise NotFound("预算科目不存在或无权访问")
    return line


def line_out(line: BudgetLine) -> dict[str, Any]:
    purposes = config.purposes()
    return {
        "id": line.pk,
        "source_id": line.source_id,
        "source_name": line.source.name,
        "source_kind_label": SourceKind(line.source.kind).label,
        "purpose": line.purpose,
        "purpose_label": purposes.get(line.purpose, line.purpose),
        "name": line.name,
        "year": line.year,
        "region_code": line.region.code,
        "region_name": line.region.name,
        "allocated": line.allocated,
        "committed": line.committed,
        "disbursed": line.disbursed,
        "available": line.allocated - line.committed,
        "undisbursed": line.committed - line.disbursed,
    }


def commitment_get(*, user: Any, commitment_id: int, action: str = "view") -> Commitment:
    c = Commitment.objects.visible_to(user, action).filter(pk=commitment_id).first()
    if c is None:
        raise NotFound("资金承诺不存在或无权访问")
    return c


def _day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def entry_list(
    *,
    user: Any,
    kind: str | None = None,
    source_id: int | None = None,
    line_id: int | None = None,
    enterprise_id: int | None = None,
    project_id: int | None = None,
    region_code: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[LedgerEntry]:
    require(user, "funds.view_ledger")
    qs = LedgerEntry.objects.visible_to(user, "view").select_related(
        "source", "line", "enterprise", "project", "region", "reversal"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if source_id:
        qs = qs.filter(source_id=source_id)
    if line_id:
        qs = qs.filter(line_id=line_id)
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    if project_id:
        qs = qs.filter(project_id=project_id)
    if region_code:
        qs = qs.filter(region__code=region_code)
    if date_from:
        qs = qs.filter(created_at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(created_at__lt=_day_start(date_to) + timedelta(days=1))
    return qs


def entry_get(*, user: Any, entry_id: int, action: str = "view") -> LedgerEntry:
    e = LedgerEntry.objects.visible_to(user, action).filter(pk=entry_id).first()
    if e is None:
        raise NotFound("台账分录不存在或无权访问")
    return e


def entry_out(e: LedgerEntry) -> dict[str, Any]:
    reversal = getattr(e, "reversal", None) if e.kind != EntryKind.REVERSE else None
    return {
        "id": e.pk,
        "created_at": e.created_at,
        "kind": e.kind,
        "kind_label": EntryKind(e.kind).label,
        "source_id": e.source_id,
        "source_name": e.source.name,
        "line_id": e.line_id,
        "line_name": e.line.name,
        "commitment_id": e.commitment_id,
        "enterprise_id": e.enterprise_id,
        "enterprise_name": e.enterprise.name if e.enterprise else "",
        "project_id": e.project_id,
        "project_title": e.project.title if e.project else "",
        "region_name": e.region.name,
        "amount": e.amount,
        "allocated_delta": e.allocated_delta,
        "committed_delta": e.committed_delta,
        "disbursed_delta": e.disbursed_delta,
        "reverses_id": e.reverses_id,
        "reversed_by_id": reversal.pk if reversal is not None else None,
        "reason": e.reason,
        "reference": e.reference,
        "note": e.note,
        "actor_name": e.actor_name,
    }


def entry_rows(rows: list[LedgerEntry]) -> list[dict[str, Any]]:
    return [entry_out(e) for e in rows]


def reconciliation(*, user: Any, by: str, year: int | None = None, source_id: int | None = None) -> QuerySet[Any]:
    """Totals of the user's visible entries grouped by one dimension: one GROUP BY query (plus its count)."""
    require(user, "funds.view_ledger")
    if by not in RECONCILE_BY:
        raise ValidationFailed(
            code="funds.invalid_field",
            message="对账维度须为 资金来源、县区、企业 或 项目",
            details={"fields": {"by": "不支持的对账维度"}},
        )
    fields, _ = RECONCILE_BY[by]
    qs = LedgerEntry.objects.visible_to(user, "view")
    if year:
        qs = qs.filter(source__year=year)
    if source_id:
        qs = qs.filter(source_id=source_id)
    if by in ("enterprise", "project"):
        qs = qs.exclude(**{f"{fields[0]}": None})
    grouped: QuerySet[Any] = (
        qs.order_by()
        .values(*fields)
        .annotate(
            allocated=Sum("allocated_delta"),
            committed=Sum("committed_delta"),
            disbursed=Sum("disbursed_delta"),
            entries=Count("id"),
        )
    )
    return grouped


def reconciliation_rows(by: str) -> Any:
    fields, label = RECONCILE_BY[by]

    def transform(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for r in rows:
            name = str(r.get(label) or "")
            if by == "source":
                name = f"{r['source__year']} {name}"
            out.append(
                {
                    "key": r[fields[0]],
                    "name": name,
                    "allocated": cents(r["allocated"]),
                    "committed": cents(r["committed"]),
                    "disbursed": cents(r["disbursed"]),
                    "undisbursed": cents(r["committed"]) - cents(r["disbursed"]),
                    "entries": r["entries"],
                }
            )
        return out

    return transform


def totals(*, user: Any, year: int | None = None) -> dict[str, Any]:
    """Allocated / committed / disbursed / available over the budget lines the user sees (one aggregate)."""
    require(user, "funds.view_budget")
    qs = BudgetLine.objects.visible_to(user, "view")
    if year:
        qs = qs.filter(year=year)
    agg = qs.aggregate(a=Sum("allocated"), c=Sum("committed"), d=Sum("disbursed"))
    a, c, d = cents(agg["a"]), cents(agg["c"]), cents(agg["d"])
    return {"allocated": a, "committed": c, "disbursed": d, "available": a - c}


# --- subsidy claims (补贴申请) ---------------------------------------------------------------------------------


def claims_visible(user: Any, *, manage: bool = False) -> QuerySet[Any]:
    from smedt.funds.models import SubsidyClaim

    return SubsidyClaim.objects.visible_to(user, "manage" if manage else "view").select_related(
        "submission__campaign", "enterprise", "region", "project", "commitment"
    )


def claim_list(*, user: Any, status: str | None = None, year: int | None = None) -> QuerySet[Any]:
    from smedt.applications import workflow as app_flow

    require(user, "funds.view_ledger")
    qs = claims_visible(user)
    if status == "approved":
        qs = qs.filter(commitment__isnull=False)
    elif status == "reviewing":
        qs = qs.filter(commitment__isnull=True).exclude(submission__status__in=(app_flow.REJECTED, app_flow.WITHDRAWN))
    if year:
        qs = qs.filter(created_at__year=year)
    return qs


def claim_status(c: Any) -> tuple[str, str]:
    from smedt.applications import workflow as app_flow

    if c.commitment_id is not None:
        cm = c.commitment
        if cm.committed > 0 and cm.disbursed >= cm.committed:
            return "paid", "已拨付完毕"
        if cm.disbursed > 0:
            return "paying", "部分拨付"
        if cm.committed == 0:
            return "reversed", "承诺已冲销"
        return "approved", "已批准待拨付"
    status = c.submission.status
    return status, app_flow.SUBMISSION_LABELS.get(status, status)


def claim_out(c: Any, user: Any = None, *, detail: bool = False) -> dict[str, Any]:
    from smedt.rbac.grants import user_grants

    code, label = claim_status(c)
    cm = c.commitment
    out: dict[str, Any] = {
        "id": c.pk,
        "submission_id": c.submission_id,
        "campaign_name": c.submission.campaign.name,
        "enterprise_id": c.enterprise_id,
        "enterprise_name": c.enterprise.name,
        "region_name": c.region.name,
        "project_title": c.project.title if c.project else "",
        "eligible_investment": c.eligible_investment,
        "amount": c.amount,
        "committed": cm.committed if cm else Decimal("0.00"),
        "disbursed": cm.disbursed if cm else Decimal("0.00"),
        "status": code,
        "status_label": label,
        "approved_at": c.approved_at,
        "created_at": c.created_at,
        "allowed_actions": [],
        "trace": [],
        "lines": [],
        "disbursements": [],
        "next_tranche": None,
        "next_amount": None,
    }
    if detail:
        from smedt.funds.subsidies import next_tranche

        out["trace"] = c.trace
        out["lines"] = c.lines
        out["disbursements"] = [
            {
                "tranche": d.tranche,
                "amount": d.amount,
                "reference": d.entry.reference,
                "voucher_id": str(d.voucher_id),
                "voucher_name": d.voucher.name,
                "created_at": d.created_at,
                "entry_id": d.entry_id,
            }
            for d in c.disbursements.select_related("entry", "voucher")
        ]
        if cm is not None and cm.committed > cm.disbursed:
            out["next_tranche"], out["next_amount"] = next_tranche(c, cm)
            grant = user_grants(user).grant("funds.manage_funds") if user is not None else None
            if grant is not None and not grant.empty and grant.covers(region_path=c.region.path):
                out["allowed_actions"] = ["disburse"]
    return out


def public_subsidy_list(*, year: int | None = None, region_code: str | None = None) -> QuerySet[Any]:
    """奖补名单: approved subsidies, newest first (public fields only are rendered from it)."""
    from smedt.funds.models import SubsidyClaim

    qs = (
        SubsidyClaim.objects.dangerously_unscoped()
        .filter(commitment__isnull=False, commitment__committed__gt=0)
        .select_related("submission__campaign", "enterprise", "region", "project", "commitment")
    )
    if year:
        qs = qs.filter(approved_at__year=year)
    if region_code:
        qs = qs.filter(region__code=region_code)
    return qs


def public_row(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "enterprise_name": c.enterprise.name,
        "region_name": c.region.name,
        "project_title": c.project.title if c.project else "",
        "campaign_name": c.submission.campaign.name,
        "amount": c.commitment.committed,
        "approved_at": c.approved_at,
    }


def subsidy_summary(user: Any, region_paths: list[str] | None) -> dict[str, Any]:
    """Provider of the insights 奖补名单 widget: one aggregate plus the newest ten."""
    from django.db.models import Q

    qs = public_subsidy_list()
    if region_paths is not None:
        q = Q(pk__in=[])
        for path in region_paths:
            q |= Q(region__path__startswith=path)
        qs = qs.filter(q)
    agg = qs.aggregate(total=Sum("commitment__committed"), n=Count("enterprise_id", distinct=True))
    return {
        "total_amount": cents(agg["total"]),
        "enterprise_count": agg["n"] or 0,
        "items": [
            {
                "org_id": c.enterprise_id,
                "org_name": c.enterprise.name,
                "region_name": c.region.name,
                "amount": c.commitment.committed,
                "published_at": c.approved_at,
            }
            for c in qs.order_by("-approved_at", "-id")[:10]
        ],
        "list_link": "/portal/subsidies",
    }


def enterprise_status(org_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Per enterprise: committed and disbursed subsidy (for the insights progress report)."""
    rows = (
        Commitment.objects.dangerously_unscoped()
        .filter(enterprise_id__in=org_ids)
        .values("enterprise_id")
        .annotate(c=Sum("committed"), d=Sum("disbursed"))
    )
    return {
        r["enterprise_id"]: {
            "label": f"补贴已承诺 {cents(r['c']):,.2f} 元，已拨付 {cents(r['d']):,.2f} 元",
            "date": None,
        }
        for r in rows
        if cents(r["c"]) > 0
    }


def project_funds(project_ids: list[int]) -> dict[int, tuple[Decimal, Decimal]]:
    """project id → (committed, disbursed), for the government project list."""
    rows = (
        Commitment.objects.dangerously_unscoped()
        .filter(project_id__in=project_ids)
        .values("project_id")
        .annotate(c=Sum("committed"), d=Sum("disbursed"))
    )
    return {r["project_id"]: (cents(r["c"]), cents(r["d"])) for r in rows}


def meta_actions(user: Any) -> list[str]:
    """What the funds pages may offer this user (buttons follow these, the services check again)."""
    from smedt.rbac.grants import user_grants

    grants = user_grants(user)
    actions: list[str] = []
    if not grants.grant("funds.manage_funds").empty:
        actions += ["create_source", "create_line", "allocate", "commit", "disburse", "reverse"]
    if not grants.grant("funds.verify_ledger").empty:
        actions.append("verify")
    return actions

"""试点企业数字化改造补贴: the funds side of a subsidy campaign of the application engine.

The enterprise applies through the engine (a campaign whose result handler is ``funds.subsidy``); this module
- computes the eligible amount from its accepted projects' invoices (`subsidy_rules`), shown before applying
  (fact provider ``subsidy.*``) and to the reviewers (extra review materials);
- on submission (engine submit check) freezes the computation in a `SubsidyClaim` and reserves the invoices it
  counts (`SubsidyInvoice`, unique per invoice — each invoice is subsidised once);
- on the result (入选, engine result handler) commits the money on a transformation budget line covering the
  enterprise, in the same transaction (`services.entry_commit`);
- pays it out in configured tranches, each with an uploaded transfer voucher (`services.entry_disburse`).
The enterprise is told at each step (the engine tells it of submission, publicity and result; this module of
the commitment and of each payment).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from smedt.applications import workflow as app_flow
from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, NotFound, ValidationFailed
from smedt.funds import config, services, subsidy_rules
from smedt.funds.errors import FundsErrorCode as E
from smedt.funds.models import BudgetLine, Commitment, SubsidyClaim, SubsidyDisbursement, SubsidyInvoice
from smedt.rbac.services import require

HANDLER = "funds.subsidy"
DEAD = (app_flow.REJECTED, app_flow.WITHDRAWN)


def _notify(org_id: int, *, title: str, body: str, link: str, key: str) -> None:
    from smedt.applications.services.common import notify_org

    notify_org(org_id=org_id, title=title, body=body, link=link, dedupe_key=key)


# --- computation -------------------------------------------------------------------------------------------


def _accepted_projects(org_id: int) -> list[Any]:
    from smedt.projects.models import Project, ProjectKind

    return list(
        Project.objects.dangerously_unscoped()
        .filter(enterprise_id=org_id, kind=ProjectKind.TRANSFORMATION, status="accepted")
        .select_related("after_onsite", "after_assessment")
        .order_by("-finished_at", "-id")
    )


def _level(project: Any) -> int | None:
    after = project.after_onsite or project.after_assessment
    return after.level if after is not None else None


def compute_for(org_id: int, *, own_claim_id: int | None = None) -> tuple[subsidy_rules.Result, Any]:
    """The eligible amount of one enterprise now: all invoices of its accepted transformation projects; an
    invoice held by another live claim is shown but not counted. Returns (result, the latest accepted project)."""
    from smedt.projects.models import InvestmentItem

    projects = _accepted_projects(org_id)
    items = list(
        InvestmentItem.objects.filter(project__in=projects).select_related("project").order_by("project_id", "id")
    )
    used: dict[str, str] = {}
    for no, campaign in (
        SubsidyInvoice.objects.filter(invoice_no__in=[i.invoice_no for i in items])
        .exclude(claim__submission__status__in=DEAD)
        .exclude(claim_id=own_claim_id)
        .values_list("invoice_no", "claim__submission__campaign__name")
    ):
        used[no] = f"“{campaign}”"
    lines = [
        subsidy_rules.Line(
            investment_id=i.pk,
            project_id=i.project_id,
            project_title=i.project.title,
            name=i.name,
            invoice_no=i.invoice_no,
            amount=i.amount,
            category=i.cost_category,
            has_invoice=i.invoice_id is not None,
            has_payment_proof=i.payment_proof_id is not None,
            claimed_elsewhere=used.get(i.invoice_no, ""),
        )
        for i in items
    ]
    levels = [lv for lv in (_level(p) for p in projects) if lv is not None]
    result = subsidy_rules.compute(lines, level=max(levels) if levels else None)
    if not projects:
        result.trace.insert(0, {"step": "验收项目", "formula": "暂无验收通过的数字化改造项目", "value": "—"})
    return result, projects[0] if projects else None


def preview(*, actor: Any, org_id: int) -> dict[str, Any]:
    require(actor, "applications.apply", org_id=org_id)
    result, project = compute_for(org_id)
    return result_out(result, project)


def result_out(result: subsidy_rules.Result, project: Any) -> dict[str, Any]:
    r = subsidy_rules.rules()
    return {
        "eligible": result.eligible,
        "amount": result.amount,
        "eligible_investment": result.eligible_investment,
        "level": result.level,
        "level_label": subsidy_rules.LEVEL_LABELS.get(result.level or 0, "无评定结果"),
        "project_title": project.title if project else "",
        "trace": result.trace,
        "lines": result.lines,
        "rules": {
            "version": r.version,
            "ratio_pct": r.ratio_pct,
            "cap": r.cap,
            "min_level_label": subsidy_rules.LEVEL_LABELS.get(r.min_level, str(r.min_level)),
            "categories": [subsidy_rules.CATEGORY_LABELS[c] for c in r.eligible_categories],
            "tranches_pct": list(r.tranches_pct),
        },
    }


# --- engine hooks ------------------------------------------------------------------------------------------


def on_submit(submission: Any, actor: Any) -> None:
    """Engine submit check: freeze the computation and reserve the invoices (again on resubmission)."""
    claim = SubsidyClaim.objects.select_for_update().filter(submission=submission).first()
    if claim is not None:
        if claim.commitment_id is not None:
            raise Conflict(code=E.CLAIM_DECIDED, message="该补贴申请已批准，不能重新提交")
        claim.invoices.all().delete()
    result, project = compute_for(submission.org_id, own_claim_id=claim.pk if claim else None)
    if not result.eligible:
        used = [ln for ln in result.lines if "已用于" in ln["reason"]]
        if used and not result.counted:
            nos = "、".join(ln["invoice_no"] for ln in used)
            raise Conflict(
                code=E.INVOICE_USED,
                message=f"发票 {nos} 已申请过补贴，每张发票只能申请一次；没有可申请补贴的发票",
                details={"invoice_nos": [ln["invoice_no"] for ln in used]},
            )
        reason = result.trace[-1]["formula"] if result.trace else "不符合补贴条件"
        raise ValidationFailed(code=E.NOT_ELIGIBLE, message=f"不符合补贴条件：{reason}")
    values = {
        "enterprise_id": submission.org_id,
        "region_id": submission.region_id,
        "project": project,
        "eligible_investment": result.eligible_investment,
        "amount": result.amount,
        "level": result.level,
        "trace": result.trace,
        "lines": result.lines,
        "rules_version": result.rules_version,
    }
    if claim is None:
        claim = SubsidyClaim.objects.create(submission=submission, **values)
    else:
        for k, v in values.items():
            setattr(claim, k, v)
        claim.save()
    _release_dead_claims([ln.invoice_no for ln in result.counted])
    try:
        with transaction.atomic():  # a concurrent claim of the same invoice loses here, never both
            SubsidyInvoice.objects.bulk_create(
                [
                    SubsidyInvoice(
                        claim=claim, investment_id=ln.investment_id, invoice_no=ln.invoice_no, amount=ln.amount
                    )
                    for ln in result.counted
                ]
            )
    except IntegrityError:
        raise Conflict(code=E.INVOICE_USED, message="所用发票刚被另一份补贴申请使用，请刷新后重新提交") from None
    audit_record(
        actor=actor,
        action="funds.subsidy_claim",
        target=claim,
        region=submission.region,
        org_id=submission.org_id,
        after={"amount": claim.amount, "invoices": [ln.invoice_no for ln in result.counted]},
    )


def _release_dead_claims(invoice_nos: list[str]) -> None:
    SubsidyInvoice.objects.filter(invoice_no__in=invoice_nos, claim__submission__status__in=DEAD).delete()


def pick_line(claim: SubsidyClaim) -> BudgetLine:
    """The transformation budget line that pays: the most local line covering the enterprise, newest year
    first, with enough uncommitted money."""
    path = claim.region.path
    lines = [
        ln
        for ln in BudgetLine.objects.dangerously_unscoped()
        .filter(purpose=config.TRANSFORMATION)
        .select_related("region")
        .order_by("-year", "-region__level", "id")
        if path.startswith(ln.region.path)
    ]
    for ln in sorted(lines, key=lambda x: (-x.year, -len(x.region.path), x.pk)):
        if ln.allocated - ln.committed >= claim.amount:
            return ln
    raise Conflict(
        code=E.OVER_ALLOCATED,
        message=f"补贴资金预算不足：没有覆盖该企业所在区域且尚可承诺 {services.yuan(claim.amount)} 元的改造补贴预算科目",
    )


def on_selected(submission: Any, actor: Any) -> None:
    """Engine result handler (入选): commit the claimed amount in the finalize transaction."""
    from smedt.core.publiccache import public_content_changed

    claim = (
        SubsidyClaim.objects.select_for_update()
        .select_related("region", "enterprise")
        .filter(submission=submission)
        .first()
    )
    if claim is None:
        raise Conflict(code=E.NOT_ELIGIBLE, message="该申报书没有补贴计算结果，不能批准")
    if claim.commitment_id is not None:
        return
    line = pick_line(claim)
    entry = services.entry_commit(
        actor=actor,
        line=line,
        enterprise=claim.enterprise,
        project=claim.project,
        amount=claim.amount,
        reference=f"补贴申请 {claim.pk}",
        note=f"{submission.campaign.name}：批准补贴",
    )
    claim.commitment = entry.commitment
    claim.approved_at = timezone.now()
    claim.save(update_fields=["commitment", "approved_at"])
    public_content_changed()  # the 奖补名单 on the portal
    _notify(
        claim.enterprise_id,
        title=f"补贴已批准：{services.yuan(claim.amount)} 元",
        body=f"{submission.campaign.name}：补贴资金已承诺，将按批次拨付。",
        link=f"/funds/subsidies/{claim.pk}",
        key=f"funds-subsidy-approved-{claim.pk}",
    )


# --- disbursement ------------------------------------------------------------------------------------------


def next_tranche(claim: SubsidyClaim, commitment: Commitment) -> tuple[int, Decimal]:
    """The number and the default amount of the next batch (the configured split of the commitment)."""
    paid = claim.disbursements.count()
    parts = subsidy_rules.tranche_amounts(commitment.committed)
    remaining = commitment.committed - commitment.disbursed
    default = parts[paid] if paid < len(parts) else remaining
    return paid + 1, min(default, remaining)


def disburse(
    *, actor: Any, claim: SubsidyClaim, voucher_id: Any, amount: Any = None, reference: str = "", note: str = ""
) -> SubsidyDisbursement:
    """Pay one tranche with its transfer voucher: ledger entry + voucher record + message, one transaction."""
    from smedt.files.models import Attachment

    if claim.commitment_id is None:
        raise Conflict(code=E.CLAIM_NOT_APPROVED, message="补贴尚未批准，不能拨付")
    voucher = Attachment.objects.filter(pk=voucher_id).first() if voucher_id else None
    if voucher is None or voucher.uploaded_by_id != getattr(actor, "pk", None):
        raise ValidationFailed(
            code=E.INVALID_FIELD,
            message="请上传拨付凭证（银行转账回单）",
            details={"fields": {"voucher_id": "请上传拨付凭证（银行转账回单）"}},
        )
    reference = (reference or "").strip()
    if not reference:
        raise ValidationFailed(
            code=E.INVALID_FIELD, message="请填写凭证号", details={"fields": {"reference": "请填写凭证号"}}
        )
    with transaction.atomic():
        claim = SubsidyClaim.objects.select_for_update().select_related("submission__campaign").get(pk=claim.pk)
        assert claim.commitment is not None
        tranche, default = next_tranche(claim, claim.commitment)
        value = default if amount in (None, "") else amount
        if default <= 0:
            raise Conflict(code=E.OVER_COMMITTED, message="该笔补贴已全部拨付")
        entry = services.entry_disburse(
            actor=actor,
            commitment=claim.commitment,
            amount=value,
            reference=reference,
            note=(note or f"第 {tranche} 批拨付")[:500],
        )
        row = SubsidyDisbursement.objects.create(
            claim=claim, tranche=tranche, entry=entry, voucher=voucher, amount=entry.amount
        )
        _notify(
            claim.enterprise_id,
            title=f"补贴第 {tranche} 批已拨付：{services.yuan(entry.amount)} 元",
            body=f"{claim.submission.campaign.name}：凭证号 {reference}。",
            link=f"/funds/subsidies/{claim.pk}",
            key=f"funds-subsidy-disbursed-{row.pk}",
        )
    return row


def claim_get(*, user: Any, claim_id: int, manage: bool = False) -> SubsidyClaim:
    from smedt.funds.selectors import claims_visible

    claim = claims_visible(user, manage=manage).filter(pk=claim_id).first()
    if not isinstance(claim, SubsidyClaim):
        raise NotFound("补贴申请不存在或无权访问")
    return claim

"""Writes of the projects module: one service per action, atomic, scoped, audited, notifying the parties."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, PermissionDenied, ValidationFailed
from smedt.dicts.services import dict_label
from smedt.files.models import Attachment
from smedt.gmcrypto.sm2 import sm2_sign
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.orgs.models import Organization, OrgKind
from smedt.projects import config, prechecks, workflow
from smedt.projects.errors import ProjectErrorCode
from smedt.projects.keys import org_keypair, org_private_key
from smedt.projects.models import (
    AcceptanceScore,
    Contract,
    ContractSignature,
    DiagnosisFinding,
    FindingSeverity,
    InvestmentItem,
    LogEntry,
    Milestone,
    Project,
    ProjectEvent,
    ProjectKind,
)
from smedt.rbac.grants import user_grants
from smedt.rbac.services import require

FILING_PROCESS = "project_filing"
ACCEPTANCE_PROCESS = "project_acceptance"
MAX_AMOUNT = Decimal("999999999999.99")


# --- helpers ---------------------------------------------------------------------------------------------


def _err(field: str, message: str, code: str = ProjectErrorCode.INVALID_FIELD) -> ValidationFailed:
    return ValidationFailed(code=code, message=message, details={"fields": {field: message}})


def _name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "系统"
    return str(getattr(user, "display_name", "") or user.username)


def _money(value: Any, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise _err(field, f"{label}格式不正确") from None
    if amount < 0 or amount > MAX_AMOUNT:
        raise _err(field, f"{label}应在 0 至 {MAX_AMOUNT} 元之间")
    return amount


def party_of(user: Any, project: Project, code: str) -> str | None:
    """ "enterprise" or "provider" when the user holds `code` for that side's organization."""
    grant = user_grants(user).grant(code)
    if project.enterprise_id in grant.org_ids:
        return "enterprise"
    if project.provider_id in grant.org_ids:
        return "provider"
    return None


def _require_party(user: Any, project: Project, code: str, party: str) -> None:
    org_id = project.enterprise_id if party == "enterprise" else project.provider_id
    require(user, code, org_id=org_id)


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update(of=("self",)).select_related("region").get(pk=project.pk)


def _due(status: str) -> Any:
    days = config.deadlines().get(status)
    return timezone.now() + timedelta(days=days) if days else None


def _event(project: Project, *, action: str, actor: Any, note: str = "", before: str = "") -> ProjectEvent:
    from smedt.projects.tasks import project_event_notify

    event = ProjectEvent.objects.create(
        project=project,
        action=action,
        from_status=before,
        to_status=project.status,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=_name(actor),
        note=note,
    )
    # django-tasks-db writes the task row in this transaction: it commits or vanishes with the change
    project_event_notify.enqueue(event_id=event.pk)
    return event


def _move(project: Project, action: str, *, actor: Any, note: str = "", check_party: bool = True) -> Project:
    """Apply one workflow transition to a locked project: status, deadline, timeline, audit, notification."""
    target, party = workflow.transition(project.kind, project.status, action)
    if check_party and party in ("enterprise", "provider"):
        code = "projects.start_project" if party == "enterprise" else "projects.serve_project"
        _require_party(actor, project, code, party)
    before = project.status
    project.status = target
    project.status_note = note[:500]
    project.step_due_at = _due(target)
    fields = ["status", "status_note", "step_due_at", "updated_at"]
    if target in workflow.TERMINAL:
        project.finished_at = timezone.now()
        fields.append("finished_at")
    project.save(update_fields=fields)
    _event(project, action=action, actor=actor, note=note, before=before)
    audit_record(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=f"projects.project_{action}",
        target=project,
        region=project.region,
        org_id=project.enterprise_id,
        before={"status": before},
        after={"status": target, "note": note},
    )
    return project


def event_notify(*, event_id: int) -> int:
    """Tell both parties about one timeline event (idempotent: one message per user and event)."""
    from smedt.notify.services import message_send
    from smedt.rbac.models import RoleAssignment

    event = ProjectEvent.objects.select_related("project__region", "project__enterprise").filter(pk=event_id).first()
    if event is None:
        return 0
    p = event.project
    ids = RoleAssignment.objects.filter(org_id__in=[p.enterprise_id, p.provider_id]).values_list("user_id", flat=True)
    status = workflow.STATUS_LABELS.get(p.status, p.status)
    sent = message_send(
        recipient_ids=[i for i in ids if i != event.actor_id],
        title=f"项目“{p.title}”：{workflow.ACTION_LABELS.get(event.action, event.action)}",
        body=f"当前状态：{status}。{event.note}".strip(),
        link=f"/projects/{p.pk}",
        category="projects",
        dedupe_key=f"projects-event-{event.pk}",
    )
    if event.action == "major_change":
        sent += message_send(
            recipient_ids=change_approvers(p),
            title=f"待审批重大变更：{p.title}",
            body=f"{p.enterprise.name}的改造项目“{p.title}”报告了重大变更，请及时审批。{event.note}".strip(),
            link=f"/projects/{p.pk}",
            category="projects",
            dedupe_key=f"projects-event-{event.pk}-approver",
        )
    return sent


def change_approvers(project: Project) -> list[int]:
    """Active users who may approve a major change of the project (projects.approve_change over its region:
    the county of the project, the city above it, global roles)."""
    from django.db.models import Q

    from smedt.rbac.models import RoleAssignment

    parts = [x for x in project.region.path.split("/") if x]
    ancestors = ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    rows = RoleAssignment.objects.filter(
        role__permissions__code="projects.approve_change", user__is_active=True
    ).filter(Q(role__scope_kind="global") | Q(region__path__in=ancestors))
    return sorted(set(rows.values_list("user_id", flat=True)))


# --- create and simple actions ---------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    actor: Any,
    kind: str,
    provider_id: int,
    title: str,
    amount: Any,
    requirement: str = "",
    diagnosis_id: int | None = None,
    org_id: int | None = None,
) -> Project:
    """A pilot enterprise starts a project and chooses a provider from the pool."""
    from smedt.enterprises.models import PilotEnterprise
    from smedt.enterprises.services.pilot import pilot_can_start_project
    from smedt.providers.services import provider_in_pool

    if kind not in ProjectKind.values:
        raise _err("kind", "项目类型不正确")
    grant = user_grants(actor).grant("projects.start_project")
    orgs = sorted(grant.org_ids)
    if org_id is None:
        if len(orgs) != 1:
            raise PermissionDenied("只有试点企业用户可以发起项目")
        org_id = orgs[0]
    require(actor, "projects.start_project", org_id=org_id)
    enterprise = Organization.objects.select_related("region").get(pk=org_id)
    if not pilot_can_start_project(enterprise.pk):
        raise ValidationFailed(
            code=ProjectErrorCode.NOT_PILOT,
            message="只有试点企业库中状态正常的企业可以发起项目",
            details={"fields": {"org_id": "不是有效的试点企业"}},
        )
    title = (title or "").strip()
    if not title:
        raise _err("title", "请填写项目名称")
    if len(title) > 200:
        raise _err("title", "项目名称不能超过 200 字")
    provider = Organization.objects.filter(pk=provider_id, kind=OrgKind.PROVIDER).first()
    if provider is None or not provider_in_pool(provider.pk):
        raise ValidationFailed(
            code=ProjectErrorCode.PROVIDER_NOT_IN_POOL,
            message="所选服务商不在服务商库中，请从服务商库中选择",
            details={"fields": {"provider_id": "服务商不在库"}},
        )
    diagnosis = None
    if diagnosis_id is not None:
        if kind != ProjectKind.TRANSFORMATION:
            raise _err("diagnosis_id", "只有改造项目可以关联诊断项目")
        diagnosis = Project.objects.filter(
            pk=diagnosis_id, kind=ProjectKind.DIAGNOSIS, enterprise_id=enterprise.pk
        ).first()
        if diagnosis is None or diagnosis.status != "done":
            raise _err("diagnosis_id", "关联的诊断项目不存在或尚未确认完成", code=ProjectErrorCode.DIAGNOSIS_NOT_DONE)
    pilot = PilotEnterprise.objects.filter(org_id=enterprise.pk).only("sub_industry").first()
    project = Project.objects.create(
        kind=kind,
        title=title,
        enterprise=enterprise,
        provider=provider,
        region=enterprise.region,
        sub_industry=pilot.sub_industry if pilot else "",
        requirement=(requirement or "").strip(),
        amount=_money(amount, "amount", "合同金额"),
        status=workflow.INITIAL,
        step_due_at=_due(workflow.INITIAL),
        diagnosis=diagnosis,
        before_assessment_id=diagnosis.before_assessment_id if diagnosis else None,
        created_by=actor,
    )
    _event(project, action="create", actor=actor)
    audit_record(
        actor=actor,
        action="projects.project_create",
        target=project,
        region=project.region,
        org_id=enterprise.pk,
        after={"kind": kind, "title": title, "provider": provider.pk, "amount": project.amount},
    )
    return project


NOTE_REQUIRED = {"decline": "请填写拒绝原因", "return_report": "请填写退回意见"}
SIMPLE_ACTIONS = {"confirm", "decline", "cancel", "confirm_report", "return_report", "complete"}


@transaction.atomic
def project_act(*, actor: Any, project: Project, action: str, note: str = "") -> Project:
    """confirm / decline / cancel / confirm_report / return_report / complete (party checked by the workflow)."""
    if action not in SIMPLE_ACTIONS:
        raise _err("action", "操作不正确")
    note = (note or "").strip()
    if action in NOTE_REQUIRED and not note:
        raise _err("note", NOTE_REQUIRED[action])
    project = _lock(project)
    if action == "complete" and project.milestones.filter(actual_date__isnull=True).exists():
        raise _err("milestones", "还有里程碑未填写实际完成日期")
    if action == "complete" and project.log_entries.filter(is_major_change=True, change_status="pending").exists():
        raise _err("log", "还有重大变更未经审批")
    project = _move(project, action, actor=actor, note=note)
    if action == "confirm":
        # the requirement is agreed: the contract is generated from the template in the same transaction
        _contract_write(project, actor=actor, existing=None)
    return project


# --- contracts ---------------------------------------------------------------------------------------------


def _render_pdf(project: Project, number: str) -> bytes:
    from smedt.core.pdf import FONT_FAMILY, render_pdf

    html = render_to_string(
        "projects/contract.html",
        {
            "project": project,
            "number": number,
            "kind_label": ProjectKind(project.kind).label,
            "enterprise": project.enterprise,
            "provider": project.provider,
            "region": project.region.name,
            "sub_industry": dict_label("pilot_sub_industry", project.sub_industry),
            "amount": f"{project.amount:,.2f}",
            "date": timezone.localdate().strftime("%Y年%m月%d日"),
            "font": FONT_FAMILY,
        },
    )
    return render_pdf(html)


def _contract_write(project: Project, *, actor: Any, existing: Contract | None) -> Contract:
    """Render the PDF from the template, fix its SM3 digest and store it (the caller holds the project lock)."""
    number = existing.number if existing else f"HT{timezone.localdate():%Y%m%d}{project.pk:06d}"
    pdf = _render_pdf(project, number)
    values = {
        "number": number,
        "pdf": pdf,
        "digest": sm3_hex(pdf),
        "size": len(pdf),
        "rendered_at": timezone.now(),
        "rendered_by": actor if getattr(actor, "is_authenticated", False) else None,
    }
    contract, _ = Contract.objects.update_or_create(project=project, defaults=values)
    _event(project, action="contract_render", actor=actor, note=f"合同编号 {number}，SM3 {contract.digest}")
    audit_record(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action="projects.contract_render",
        target=contract,
        region=project.region,
        org_id=project.enterprise_id,
        after={"number": number, "digest": contract.digest, "regenerated": existing is not None},
    )
    return contract


@transaction.atomic
def contract_render(*, actor: Any, project: Project) -> Contract:
    """Re-render the contract PDF (generated automatically when the provider confirms) from the template, e.g.
    after a template or organization-name fix; refused once anyone signed."""
    project = _lock(project)
    party = party_of(actor, project, "projects.sign_contract")
    if party is None:
        raise PermissionDenied("只有合同双方可以生成合同")
    existing = Contract.objects.select_for_update().filter(project=project).first()
    if existing is not None and existing.signatures.exists():
        raise Conflict(code=ProjectErrorCode.CONTRACT_FROZEN, message="合同已有签名，内容已锁定，不能重新生成")
    if project.status != "contracting":
        workflow.transition(project.kind, project.status, "contract_signed")  # 409 naming the allowed actions
    return _contract_write(project, actor=actor, existing=existing)


@transaction.atomic
def contract_sign(*, actor: Any, project: Project) -> ContractSignature:
    """One party signs the PDF bytes with its organization's SM2 key; both signed → the project moves on."""
    project = _lock(project)
    party = party_of(actor, project, "projects.sign_contract")
    if party is None:
        raise PermissionDenied("只有合同双方可以签署合同")
    if project.status != "contracting":
        workflow.transition(project.kind, project.status, "contract_signed")
    contract = Contract.objects.select_for_update().filter(project=project).first()
    if contract is None:
        raise Conflict(code=ProjectErrorCode.CONTRACT_MISSING, message="请先生成合同")
    org_id = project.enterprise_id if party == "enterprise" else project.provider_id
    if contract.signatures.filter(org_id=org_id).exists():
        raise Conflict(code=ProjectErrorCode.ALREADY_SIGNED, message="本单位已签署该合同")
    pdf = bytes(contract.pdf)
    if sm3_hex(pdf) != contract.digest:  # pragma: no cover - the stored file changed under us
        raise Conflict(code=ProjectErrorCode.CONTRACT_FROZEN, message="合同文件与生成时的摘要不一致，拒绝签署")
    pair = org_keypair(org_id)
    signature = sm2_sign(org_private_key(pair), pdf, public_hex=pair.public_key)
    try:
        with transaction.atomic():
            row = ContractSignature.objects.create(
                contract=contract,
                org_id=org_id,
                party=party,
                signer=actor,
                signer_name=_name(actor),
                public_key=pair.public_key,
                signature=signature.hex(),
                signed_at=timezone.now(),
            )
    except IntegrityError:
        raise Conflict(code=ProjectErrorCode.ALREADY_SIGNED, message="本单位已签署该合同") from None
    _event(project, action="contract_sign", actor=actor, note="甲方签署" if party == "enterprise" else "乙方签署")
    audit_record(
        actor=actor,
        action="projects.contract_sign",
        target=contract,
        region=project.region,
        org_id=org_id,
        after={"party": party, "digest": contract.digest, "signature": row.signature},
    )
    if contract.signatures.count() == 2:
        _move(project, "contract_signed", actor=actor, check_party=False)
    return row


# --- diagnosis report ----------------------------------------------------------------------------------------


def _attachment(actor: Any, attachment_id: Any, field: str, org_id: int) -> Attachment:
    att = Attachment.objects.filter(pk=attachment_id).first() if attachment_id else None
    if att is None or not (att.uploaded_by_id == actor.pk or att.org_id == org_id):
        raise _err(field, "附件不存在或不是本单位上传的")
    return att


def _assessment(assessment_id: int | None, org_id: int, field: str) -> Any:
    from smedt.assessment.models import Assessment

    if assessment_id is None:
        return None
    a = Assessment.objects.filter(pk=assessment_id, org_id=org_id, trace__isnull=False).select_related("trace").first()
    if a is None:
        raise _err(field, "评测不存在、未提交或不属于本项目企业")
    return a


@transaction.atomic
def report_submit(*, actor: Any, project: Project, attachment_id: Any, before_assessment_id: int | None) -> Project:
    """The provider uploads the diagnosis report and links the enterprise's before-transformation assessment."""
    project = _lock(project)
    if project.kind != ProjectKind.DIAGNOSIS:
        workflow.transition(project.kind, project.status, "submit_report")
    _require_party(actor, project, "projects.serve_project", "provider")
    att = _attachment(actor, attachment_id, "attachment_id", project.provider_id)
    before = _assessment(before_assessment_id, project.enterprise_id, "before_assessment_id")
    if before is None:
        raise _err("before_assessment_id", "请关联企业改造前的数字化水平评测")
    workflow.transition(project.kind, project.status, "submit_report")
    project.report = att
    project.before_assessment = before
    project.save(update_fields=["report", "before_assessment", "updated_at"])
    found = DiagnosisFinding.objects.filter(project=project).count()
    note = f"诊断报告：{att.name}" + (f"；诊断发现 {found} 条" if found else "")
    return _move(project, "submit_report", actor=actor, note=note)


# --- diagnosis findings (诊断发现) -----------------------------------------------------------------------------

# the scene list of the 2024 indicator set, the same one needs, products and the scenario library use
FINDING_SCENE_SET = "2024-manufacturing"
MAX_FINDINGS = 30
FINDING_TITLE_MAX = 100
FINDING_TEXT_MAX = 1000


def finding_scene_names() -> dict[str, str]:
    """Scene id (S01–S16) → name, from the assessment's definition of the 2024 indicator set."""
    from smedt.assessment.selectors import definition_resolve

    return {s.id: s.name for s in definition_resolve(code=FINDING_SCENE_SET).definition.scenarios}


def _clean_findings(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Each finding names a known scene or a free problem title, with description, severity and suggestion;
    errors name the field as `findings.<index>.<field>` (as the schema layer does) with a Chinese message."""
    if len(items) > MAX_FINDINGS:
        raise _err("findings", f"诊断发现最多 {MAX_FINDINGS} 条")
    scenes = finding_scene_names()
    out: list[dict[str, str]] = []
    for i, raw in enumerate(items):
        where = f"第 {i + 1} 条"
        scene = str(raw.get("scene") or "").strip().upper()
        title = str(raw.get("title") or "").strip()
        description = str(raw.get("description") or "").strip()
        severity = str(raw.get("severity") or "").strip()
        suggestion = str(raw.get("suggestion") or "").strip()
        if scene and scene not in scenes:
            raise _err(f"findings.{i}.scene", f"{where}：数字化水平场景“{scene}”不存在")
        if not scene and not title:
            raise _err(f"findings.{i}.title", f"{where}：请选择数字化水平场景或填写问题")
        if len(title) > FINDING_TITLE_MAX:
            raise _err(f"findings.{i}.title", f"{where}：问题不能超过 {FINDING_TITLE_MAX} 字")
        if not description:
            raise _err(f"findings.{i}.description", f"{where}：请填写问题描述")
        if len(description) > FINDING_TEXT_MAX:
            raise _err(f"findings.{i}.description", f"{where}：问题描述不能超过 {FINDING_TEXT_MAX} 字")
        if severity not in FindingSeverity.values:
            raise _err(f"findings.{i}.severity", f"{where}：请选择严重程度（高、中、低）")
        if not suggestion:
            raise _err(f"findings.{i}.suggestion", f"{where}：请填写改进建议")
        if len(suggestion) > FINDING_TEXT_MAX:
            raise _err(f"findings.{i}.suggestion", f"{where}：改进建议不能超过 {FINDING_TEXT_MAX} 字")
        out.append(
            {"scene": scene, "title": title, "description": description, "severity": severity, "suggestion": suggestion}
        )
    return out


def _findings_brief(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    return [f"{r['scene'] or r['title']}（{FindingSeverity(r['severity']).label}）" for r in rows]


@transaction.atomic
def findings_save(*, actor: Any, project: Project, findings: list[dict[str, Any]]) -> Project:
    """The provider records the findings of its diagnosis report (the whole list, replacing the previous one)
    while diagnosing or while the delivered report waits for the enterprise; confirming the report locks them.
    A change after delivery is put on the timeline so the enterprise sees it before confirming."""
    project = _lock(project)
    _require_party(actor, project, "projects.serve_project", "provider")  # who, before what state it is in
    if project.kind != ProjectKind.DIAGNOSIS or project.status not in workflow.FINDINGS_OPEN:
        raise Conflict(
            code="invalid_transition",
            message=f"项目当前状态（{workflow.STATUS_LABELS.get(project.status, project.status)}）不能修改诊断发现"
            + ("，诊断报告确认后诊断发现已锁定" if project.status == "done" else ""),
            details={"current": project.status, "allowed": sorted(workflow.FINDINGS_OPEN)},
        )
    cleaned = _clean_findings(findings)
    previous = list(
        DiagnosisFinding.objects.filter(project=project).values("scene", "title", "severity").order_by("position")
    )
    DiagnosisFinding.objects.filter(project=project).delete()
    DiagnosisFinding.objects.bulk_create(
        [DiagnosisFinding(project=project, position=n, **row) for n, row in enumerate(cleaned, start=1)]
    )
    project.save(update_fields=["updated_at"])
    if project.status == "report_submitted":
        _event(
            project, action="update_findings", actor=actor, note=f"诊断发现 {len(cleaned)} 条", before=project.status
        )
    audit_record(
        actor=actor,
        action="projects.findings_update",
        target=project,
        region=project.region,
        org_id=project.enterprise_id,
        before={"findings": _findings_brief(previous)},
        after={"findings": _findings_brief(cleaned)},
    )
    return project


# --- filing (备案) and acceptance (验收) through the kernel reviews -----------------------------------------------


@transaction.atomic
def filing_submit(*, actor: Any, project: Project, note: str = "") -> Project:
    from smedt.reviews.services.requests import review_resubmit, review_submit

    project = _lock(project)
    action = "resubmit_filing" if project.status == "filing_returned" else "submit_filing"
    workflow.transition(project.kind, project.status, action)
    _require_party(actor, project, "projects.start_project", "enterprise")
    if action == "resubmit_filing" and project.filing_review is not None:
        review_resubmit(request=project.filing_review, submitted_by=actor, note=note)
    else:
        project.filing_review = review_submit(
            process_key=FILING_PROCESS,
            target=project,
            title=f"改造项目备案：{project.title}",
            region=project.region,
            org=project.enterprise,
            submitted_by=actor,
        )
        project.save(update_fields=["filing_review"])
    return _move(project, action, actor=actor, note=note)


def _last_opinion(request: Any) -> str:
    from smedt.reviews.models import ReviewAction

    last = ReviewAction.objects.filter(request=request).order_by("-id").first()
    return last.opinion if last else ""


def _on_review(target: Project, request: Any, actor: Any, action: str, *, extra: str = "") -> None:
    note = "；".join(x for x in (_last_opinion(request), extra) if x)
    _move(_lock(target), action, actor=actor, note=note, check_party=False)


def filing_on_approved(target: Project, request: Any, actor: Any) -> None:
    _on_review(target, request, actor, "filing_approved")


def filing_on_rejected(target: Project, request: Any, actor: Any) -> None:
    _on_review(target, request, actor, "filing_rejected")


def filing_on_returned(target: Project, request: Any, actor: Any) -> None:
    _on_review(target, request, actor, "filing_returned")


def acceptance_on_approved(target: Project, request: Any, actor: Any) -> None:
    extra = _require_expert_scores(target, request)
    _on_review(target, request, actor, "acceptance_approved", extra=extra)
    _rate_provider(target, request, accepted=True)
    _draft_case(target, actor)


def acceptance_on_rejected(target: Project, request: Any, actor: Any) -> None:
    extra = _require_expert_scores(target, request)
    _on_review(target, request, actor, "acceptance_rejected", extra=extra)
    _rate_provider(target, request, accepted=False)


def expert_scores_summary(project: Project, round_no: int | None) -> dict[str, Any]:
    """Scores of one acceptance round: count, exact average (2 places), the configured sheet."""
    sheet = config.expert_scoring()
    scores = list(project.expert_scores.filter(round=round_no)) if round_no is not None else []
    average = (sum((sc.total for sc in scores), Decimal(0)) / len(scores)).quantize(Decimal("0.01")) if scores else None
    return {
        "enabled": sheet["enabled"],
        "min_experts": sheet["min_experts"],
        "items": sheet["items"],
        "round": round_no,
        "count": len(scores),
        "average": average,
        "scores": scores,
    }


def _require_expert_scores(project: Project, request: Any) -> str:
    """A city decision (pass / not pass) needs min_experts expert scores of the current round when scoring is
    on; returning for rectification does not. Raising here rolls the whole review decision back."""
    from smedt.reviews.models import ReviewAction

    sheet = config.expert_scoring()
    if not sheet["enabled"]:
        return ""
    last = ReviewAction.objects.filter(request=request).order_by("-id").first()
    if last is None or last.step_key != "city":
        return ""
    summary = expert_scores_summary(project, request.round)
    if summary["count"] < sheet["min_experts"]:
        raise Conflict(
            code=ProjectErrorCode.EXPERT_SCORES_MISSING,
            message=f"验收须至少 {sheet['min_experts']} 位专家评分后才能作出结论，目前已有 {summary['count']} 位",
            details={"count": summary["count"], "min_experts": sheet["min_experts"]},
        )
    return f"专家评分平均 {summary['average']} 分（{summary['count']} 位专家）"


@transaction.atomic
def acceptance_score_submit(
    *, actor: Any, project: Project, marks: dict[str, Any], opinion: str = ""
) -> AcceptanceScore:
    """An expert scores the acceptance on the configured sheet while the review waits at the city step."""
    from smedt.projects.actions import scoring_open
    from smedt.reviews.scoresheet import score_total

    project = _lock(project)
    require(actor, "projects.score_acceptance", region_path=project.region.path)
    sheet = config.expert_scoring()
    if not sheet["enabled"]:
        raise Conflict(code=ProjectErrorCode.SCORING_OFF, message="未启用验收专家评分")
    if not scoring_open(project):
        raise Conflict(code=ProjectErrorCode.NOT_IN_CITY_REVIEW, message="该项目不在市级验收评审环节，不能评分")
    review = project.acceptance_review
    assert review is not None  # scoring_open checked it
    cleaned, total = score_total(sheet["items"], marks or {}, error_code=ProjectErrorCode.INVALID_SCORE)
    opinion = (opinion or "").strip()
    if len(opinion) > 2000:
        raise _err("opinion", "评审意见不能超过 2000 字", code=ProjectErrorCode.INVALID_SCORE)
    if AcceptanceScore.objects.filter(project=project, round=review.round, expert=actor).exists():
        raise Conflict(code=ProjectErrorCode.ALREADY_SCORED, message="您已对本轮验收评分")
    try:
        with transaction.atomic():
            score = AcceptanceScore.objects.create(
                project=project,
                round=review.round,
                expert=actor,
                expert_name=_name(actor),
                items=sheet["items"],
                marks={k: str(v) for k, v in cleaned.items()},
                total=total,
                opinion=opinion,
            )
    except IntegrityError:
        raise Conflict(code=ProjectErrorCode.ALREADY_SCORED, message="您已对本轮验收评分") from None
    audit_record(
        actor=actor,
        action="projects.acceptance_score",
        target=project,
        region=project.region,
        org_id=project.enterprise_id,
        after={"round": review.round, "marks": score.marks, "total": total},
    )
    return score


# --- enterprise satisfaction ----------------------------------------------------------------------------------


@transaction.atomic
def satisfaction_rate(*, actor: Any, project: Project, stars: Any, comment: str = "") -> Project:
    """The enterprise rates the provider (1–5 stars) once the project is done / accepted; the first rating may be
    revised within the configured days. Sent to the provider rating as dimension "satisfaction" (stars × 20)."""
    from smedt.projects.actions import RATABLE, can_rate
    from smedt.providers.services import provider_rating_add

    project = _lock(project)
    _require_party(actor, project, "projects.start_project", "enterprise")
    if RATABLE.get(ProjectKind(project.kind)) != project.status:
        raise Conflict(
            code="invalid_transition",
            message="项目完成（诊断报告确认或验收通过）后才能评价服务商",
            details={"current": project.status, "allowed": []},
        )
    if not can_rate(project):
        days = config.satisfaction()["revise_days"]
        raise Conflict(code=ProjectErrorCode.RATING_FINAL, message=f"评价已超过 {days} 天修改期，不能再修改")
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise _err("stars", "请选择 1 至 5 星")
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise _err("comment", "评价内容不能超过 500 字")
    before = {"stars": project.satisfaction_stars, "comment": project.satisfaction_comment}
    first = project.satisfaction_rated_at is None
    project.satisfaction_stars = stars
    project.satisfaction_comment = comment
    if first:
        project.satisfaction_rated_at = timezone.now()
    project.save(update_fields=["satisfaction_stars", "satisfaction_comment", "satisfaction_rated_at", "updated_at"])
    provider_rating_add(
        org_id=project.provider_id,
        project_ref=f"project-{project.pk}",
        dimension="satisfaction",
        score=Decimal(stars * 20),
        note=comment,
    )
    _event(
        project,
        action="rate_provider",
        actor=actor,
        note=f"{'' if first else '修改为'}{stars} 星" + (f"：{comment}" if comment else ""),
        before=project.status,
    )
    audit_record(
        actor=actor,
        action="projects.satisfaction_rate",
        target=project,
        region=project.region,
        org_id=project.enterprise_id,
        before=before if not first else None,
        after={"stars": stars, "comment": comment},
    )
    return project


def _rate_provider(project: Project, request: Any, *, accepted: bool) -> None:
    """Objective project facts for the provider's yearly rating (providers.provider_rating_add, idempotent)."""
    from smedt.providers.services import provider_rating_add

    ref = f"project-{project.pk}"
    first_time = accepted and request.round == 1
    score = Decimal(100) if first_time else Decimal(60) if accepted else Decimal(0)
    provider_rating_add(
        org_id=project.provider_id, project_ref=ref, dimension="acceptance", score=score, note=project.title
    )
    milestones = list(project.milestones.all())
    if milestones:
        on_time = sum(1 for m in milestones if m.actual_date and m.actual_date <= m.planned_date)
        provider_rating_add(
            org_id=project.provider_id,
            project_ref=ref,
            dimension="on_time",
            score=(Decimal(100) * on_time / len(milestones)).quantize(Decimal("0.01")),
            note=project.title,
        )


def _draft_case(project: Project, actor: Any) -> None:
    """A draft typical case (典型案例) for the portal editors; skipped when the reviewer may not create cases."""
    from smedt.core.errors import ApplicationError
    from smedt.portal.services.cases import case_create_from_project

    after = project.after_onsite or project.after_assessment
    before = project.before_assessment
    try:
        with transaction.atomic():
            case_create_from_project(
                actor=actor,
                project_id=project.pk,
                region_code=project.region.code,
                title=project.title,
                enterprise_id=project.enterprise_id,
                sub_industry=project.sub_industry,
                provider_id=project.provider_id,
                provider_name=project.provider.name,
                investment=sum((i.amount for i in project.investments.all()), Decimal("0.00")),
                level_before=before.level if before else None,
                level_after=after.level if after else None,
                summary=str(project.acceptance.get("effectiveness", ""))[:500],
            )
    except ApplicationError:
        logging.getLogger(__name__).warning("no draft case for project %s", project.pk, exc_info=True)


def acceptance_on_returned(target: Project, request: Any, actor: Any) -> None:
    _on_review(target, request, actor, "acceptance_returned")


def review_summary(project: Project) -> dict[str, str]:
    return {
        "项目": project.title,
        "企业": project.enterprise.name,
        "服务商": project.provider.name,
        "合同金额": f"{project.amount:.2f} 元",
        "自动预审": "；".join(f["message"] for f in project.prechecks) if project.prechecks else "无异常",
        "投入产出比": str(project.io_ratio) if project.io_ratio is not None else "—",
        **_scores_line(project),
    }


def _scores_line(project: Project) -> dict[str, str]:
    """The expert score average shown to the reviewers of an acceptance (when scoring is on)."""
    sheet = config.expert_scoring()
    review = project.acceptance_review
    if not sheet["enabled"] or review is None or project.status != "acceptance_review":
        return {}
    summary = expert_scores_summary(project, review.round)
    avg = f"平均 {summary['average']} 分" if summary["average"] is not None else "尚无评分"
    return {"专家评分": f"{avg}（已评 {summary['count']} 位，至少需 {sheet['min_experts']} 位）"}


# --- implementation --------------------------------------------------------------------------------------------


def _require_open(project: Project) -> None:
    if project.kind != ProjectKind.TRANSFORMATION or project.status not in workflow.IMPLEMENTATION_OPEN:
        raise Conflict(
            code="invalid_transition",
            message=f"项目当前状态（{workflow.STATUS_LABELS.get(project.status, project.status)}）不能修改实施记录",
            details={"current": project.status, "allowed": sorted(workflow.IMPLEMENTATION_OPEN)},
        )


def _either_party(actor: Any, project: Project, *, enterprise_only: bool = False) -> str:
    code_party = [("projects.start_project", "enterprise")]
    if not enterprise_only:
        code_party.append(("projects.serve_project", "provider"))
    for code, party in code_party:
        if party_of(actor, project, code) == party:
            return party
    raise PermissionDenied("只有项目" + ("企业" if enterprise_only else "双方") + "可以办理该操作")


@transaction.atomic
def milestone_add(*, actor: Any, project: Project, name: str, planned_date: date) -> Milestone:
    project = _lock(project)
    if project.status not in ("signed", "filing_returned", *workflow.IMPLEMENTATION_OPEN):
        _require_open(project)
    _either_party(actor, project)
    name = (name or "").strip()
    if not name:
        raise _err("name", "请填写里程碑名称")
    m = Milestone.objects.create(project=project, name=name[:128], planned_date=planned_date)
    audit_record(
        actor=actor,
        action="projects.milestone_add",
        target=m,
        region=project.region,
        org_id=project.enterprise_id,
        after={"name": m.name, "planned": planned_date},
    )
    return m


@transaction.atomic
def milestone_done(*, actor: Any, milestone: Milestone, actual_date: date) -> Milestone:
    project = _lock(milestone.project)
    _require_open(project)
    _either_party(actor, project)
    if actual_date > timezone.localdate():
        raise _err("actual_date", "实际完成日期不能晚于今天")
    milestone.actual_date = actual_date
    milestone.save(update_fields=["actual_date"])
    audit_record(
        actor=actor,
        action="projects.milestone_done",
        target=milestone,
        region=project.region,
        org_id=project.enterprise_id,
        after={"actual": actual_date},
    )
    return milestone


@transaction.atomic
def log_add(
    *, actor: Any, project: Project, content: str, attachment_ids: list[str], is_major_change: bool = False
) -> LogEntry:
    project = _lock(project)
    _require_open(project)
    party = _either_party(actor, project)
    content = (content or "").strip()
    if not content:
        raise _err("content", "请填写实施日志内容")
    org_id = project.enterprise_id if party == "enterprise" else project.provider_id
    atts = [_attachment(actor, i, "attachment_ids", org_id) for i in attachment_ids]
    entry = LogEntry.objects.create(
        project=project,
        org_id=org_id,
        author=actor,
        author_name=_name(actor),
        content=content,
        is_major_change=is_major_change,
        change_status="pending" if is_major_change else "",
    )
    entry.attachments.set(atts)
    if is_major_change:
        _event(project, action="major_change", actor=actor, note=content[:200])
    audit_record(
        actor=actor,
        action="projects.log_add",
        target=entry,
        region=project.region,
        org_id=org_id,
        after={"major_change": is_major_change, "attachments": len(atts)},
    )
    return entry


@transaction.atomic
def change_decide(*, actor: Any, entry: LogEntry, approve: bool, opinion: str = "") -> LogEntry:
    """The county approves or rejects a reported major change (重大变更)."""
    project = _lock(entry.project)
    require(actor, "projects.approve_change", region_path=project.region.path)
    entry = LogEntry.objects.select_for_update().get(pk=entry.pk)
    if not entry.is_major_change or entry.change_status != "pending":
        raise Conflict(
            code="invalid_transition",
            message="该日志不是待审批的重大变更",
            details={"current": entry.change_status, "allowed": []},
        )
    opinion = (opinion or "").strip()
    if not approve and not opinion:
        raise _err("opinion", "不同意变更时必须填写意见")
    entry.change_status = "approved" if approve else "rejected"
    entry.change_opinion = opinion[:500]
    entry.save(update_fields=["change_status", "change_opinion"])
    _event(project, action="change_" + entry.change_status, actor=actor, note=opinion)
    audit_record(
        actor=actor,
        action="projects.change_decide",
        target=entry,
        region=project.region,
        org_id=project.enterprise_id,
        after={"status": entry.change_status, "opinion": opinion},
    )
    return entry


@transaction.atomic
def investment_add(
    *,
    actor: Any,
    project: Project,
    name: str,
    amount: Any,
    invoice_no: str,
    invoice_date: date,
    payment_date: date,
    invoice_id: str | None = None,
    payment_proof_id: str | None = None,
    cost_category: str = "",
) -> InvestmentItem:
    from smedt.projects.models import CostCategory

    if cost_category and cost_category not in CostCategory.values:
        raise _err("cost_category", "费用类别不正确")
    project = _lock(project)
    _require_open(project)
    _either_party(actor, project, enterprise_only=True)
    name, invoice_no = (name or "").strip(), (invoice_no or "").strip()
    if not name:
        raise _err("name", "请填写投资内容")
    if not invoice_no:
        raise _err("invoice_no", "请填写发票号码")
    if project.investments.filter(invoice_no=invoice_no).exists():
        raise _err("invoice_no", "本项目已登记该发票号码")
    org = project.enterprise_id
    item = InvestmentItem.objects.create(
        project=project,
        name=name[:200],
        amount=_money(amount, "amount", "金额"),
        invoice_no=invoice_no[:64],
        cost_category=cost_category,
        invoice_date=invoice_date,
        payment_date=payment_date,
        invoice=_attachment(actor, invoice_id, "invoice_id", org) if invoice_id else None,
        payment_proof=_attachment(actor, payment_proof_id, "payment_proof_id", org) if payment_proof_id else None,
    )
    audit_record(
        actor=actor,
        action="projects.investment_add",
        target=item,
        region=project.region,
        org_id=org,
        after={"invoice_no": invoice_no, "amount": item.amount},
    )
    return item


# --- acceptance ---------------------------------------------------------------------------------------------------


def acceptance_facts(project: Project) -> prechecks.AcceptanceFacts:
    from smedt.providers.services import provider_in_pool

    items = list(project.investments.all())
    numbers = [i.invoice_no for i in items]
    elsewhere: dict[str, list[str]] = {}
    for no, title in (
        InvestmentItem.objects.filter(invoice_no__in=numbers)
        .exclude(project=project)
        .values_list("invoice_no", "project__title")
    ):
        elsewhere.setdefault(no, []).append(title)
    # the contract takes effect once fully signed: the date of the LAST party's signature is the contract date
    last_sig = ContractSignature.objects.filter(contract__project=project).order_by("-signed_at", "-id").first()
    labels: dict[str, str] = dict(config.acceptance()["required_materials"])
    after = (
        project.after_onsite
        if config.acceptance().get("require_onsite_rating")
        else (project.after_onsite or project.after_assessment)
    )
    before = project.before_assessment
    return prechecks.AcceptanceFacts(
        contract_amount=project.amount,
        contract_signed_on=timezone.localdate(last_sig.signed_at) if last_sig else None,
        investments=[
            prechecks.Investment(
                name=i.name,
                amount=i.amount,
                invoice_no=i.invoice_no,
                invoice_date=i.invoice_date,
                payment_date=i.payment_date,
                has_invoice=i.invoice_id is not None,
                has_payment_proof=i.payment_proof_id is not None,
            )
            for i in items
        ],
        invoices_used_elsewhere=elsewhere,
        provider_in_pool=provider_in_pool(project.provider_id),
        materials={k: str(project.acceptance.get(k, "")) for k in labels},
        material_labels=labels,
        level_before=before.level if before else None,
        level_after=after.level if after else None,
        has_after_assessment=after is not None,
        has_before_assessment=before is not None,
    )


@transaction.atomic
def acceptance_apply(
    *,
    actor: Any,
    project: Project,
    materials: dict[str, str],
    stated_benefit: Any,
    after_assessment_id: int | None = None,
    after_onsite_id: int | None = None,
    before_assessment_id: int | None = None,
) -> Project:
    """Apply for acceptance (or resubmit after rectification): store materials, compute 投入产出比, run the
    automatic pre-checks, then open (or resume) the county → city review.

    The before-transformation assessment defaults to the linked diagnosis's (set at creation); a project
    started without a diagnosis — or an enterprise correcting it — picks one here."""
    from smedt.assessment.models import OnsiteRating
    from smedt.reviews.services.requests import review_resubmit, review_submit

    project = _lock(project)
    action = "resubmit_acceptance" if project.status == "rectifying" else "apply_acceptance"
    workflow.transition(project.kind, project.status, action)
    _require_party(actor, project, "projects.start_project", "enterprise")
    labels = config.acceptance()["required_materials"]
    cleaned = {k: str(materials.get(k, "") or "").strip()[:5000] for k in labels}
    benefit = _money(stated_benefit, "stated_benefit", "预期年效益")
    if before_assessment_id is not None:
        project.before_assessment = _assessment(before_assessment_id, project.enterprise_id, "before_assessment_id")
    if after_assessment_id is not None:
        project.after_assessment = _assessment(after_assessment_id, project.enterprise_id, "after_assessment_id")
    if project.before_assessment_id is not None and project.before_assessment_id == project.after_assessment_id:
        raise _err("before_assessment_id", "改造前评估与改造后评测不能是同一份评测")
    if after_onsite_id is not None:
        onsite = OnsiteRating.objects.filter(
            pk=after_onsite_id, org_id=project.enterprise_id, trace__isnull=False
        ).first()
        if onsite is None:
            raise _err("after_onsite_id", "现场评定不存在、未提交或不属于本项目企业")
        project.after_onsite = onsite
    total = sum((i.amount for i in project.investments.all()), Decimal("0.00"))
    project.acceptance = cleaned
    project.stated_benefit = benefit
    project.io_ratio = prechecks.io_ratio(benefit=benefit, investment=total)
    project.prechecks = prechecks.run_prechecks(acceptance_facts(project))
    project.save(
        update_fields=[
            "acceptance",
            "stated_benefit",
            "io_ratio",
            "prechecks",
            "before_assessment",
            "after_assessment",
            "after_onsite",
            "updated_at",
        ]
    )
    if action == "resubmit_acceptance" and project.acceptance_review is not None:
        review_resubmit(request=project.acceptance_review, submitted_by=actor, note="整改后重新提交")
    else:
        project.acceptance_review = review_submit(
            process_key=ACCEPTANCE_PROCESS,
            target=project,
            title=f"改造项目验收：{project.title}",
            region=project.region,
            org=project.enterprise,
            submitted_by=actor,
        )
        project.save(update_fields=["acceptance_review"])
    note = "；".join(f["message"] for f in project.prechecks) or "自动预审未发现问题"
    return _move(project, action, actor=actor, note=note[:500])

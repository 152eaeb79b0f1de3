"""Review materials of 改造项目备案 and 改造项目验收: project, contract, plan, investments with their
invoices, acceptance materials, the automatic pre-checks and the experts' scores."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from smedt.projects import config
from smedt.projects.models import Project
from smedt.reviews.materials import (
    Finding,
    MaterialAttachment,
    Materials,
    MaterialSection,
    MaterialTable,
    Opinion,
    fields,
    labelled,
    text,
)

LEVELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


def _project_section(project: Project) -> MaterialSection:
    return MaterialSection(
        "项目信息",
        fields(
            ("项目名称", project.title),
            ("项目类型", project.get_kind_display()),
            ("企业", project.enterprise.name),
            ("服务商", project.provider.name),
            ("所在区域", project.region.display_name),
            ("细分行业", labelled("pilot_sub_industry", project.sub_industry) if project.sub_industry else ""),
            ("合同金额", f"{project.amount:.2f} 元"),
            ("需求说明", project.requirement),
            long=("需求说明",),
        ),
    )


def _contract_section(project: Project) -> MaterialSection | None:
    contract = getattr(project, "contract", None)
    if contract is None:
        return None
    signed = [
        f"{'企业' if s.party == 'enterprise' else '服务商'} {s.signer_name}（{timezone.localtime(s.signed_at):%Y-%m-%d %H:%M}）"
        for s in contract.signatures.all()
    ]
    return MaterialSection(
        "电子合同",
        fields(
            ("合同编号", contract.number),
            ("SM3 摘要", contract.digest),
            ("生成时间", timezone.localtime(contract.rendered_at).strftime("%Y-%m-%d %H:%M")),
            ("签署情况", signed or "尚未签署"),
        ),
    )


def _milestones(project: Project) -> MaterialSection:
    rows = tuple(
        (m.name, m.planned_date.isoformat(), m.actual_date.isoformat() if m.actual_date else "—")
        for m in project.milestones.all()
    )
    return MaterialSection("实施计划（里程碑）", table=MaterialTable(("里程碑", "计划完成", "实际完成"), rows))


def filing_materials(project: Project) -> Materials:
    sections = [_project_section(project)]
    contract = _contract_section(project)
    if contract is not None:
        sections.append(contract)
    sections.append(_milestones(project))
    attachments = [MaterialAttachment("诊断报告", str(project.report_id))] if project.report_id else []
    findings: list[Finding] = []
    if contract is None or getattr(project, "contract", None) is None:
        findings.append(Finding("error", "尚未生成电子合同"))
    elif project.contract.signatures.count() < 2:
        findings.append(Finding("error", "电子合同尚未由双方签署"))
    if not project.milestones.exists():
        findings.append(Finding("warning", "未填写实施里程碑"))
    if not findings:
        findings.append(Finding("info", "合同已由双方签署，实施计划已填写"))
    return Materials(sections=sections, attachments=attachments, findings=findings)


def acceptance_materials(project: Project) -> Materials:
    labels: dict[str, str] = config.acceptance()["required_materials"]
    sections = [_project_section(project)]
    contract = _contract_section(project)
    if contract is not None:
        sections.append(contract)
    acc = project.acceptance or {}
    before = project.before_assessment
    after = project.after_assessment
    sections.append(
        MaterialSection(
            "验收申请材料",
            fields(
                *((label, acc.get(key)) for key, label in labels.items()),
                ("预期年效益", f"{project.stated_benefit:.2f} 元" if project.stated_benefit is not None else ""),
                ("投入产出比", project.io_ratio),
                ("改造前评估等级", LEVELS.get(before.level or 0, "") if before else "未关联"),
                ("改造后评测等级", LEVELS.get(after.level or 0, "") if after else "未关联"),
                long=tuple(labels.values()),
            ),
        )
    )
    attachments: list[MaterialAttachment] = []
    if project.report_id:
        attachments.append(MaterialAttachment("诊断报告", str(project.report_id)))
    rows = []
    total = Decimal("0.00")
    for item in project.investments.all():
        total += item.amount
        rows.append(
            (
                item.name,
                f"{item.amount:.2f}",
                item.invoice_no,
                item.invoice_date.isoformat(),
                item.payment_date.isoformat(),
            )
        )
        if item.invoice_id:
            attachments.append(MaterialAttachment(f"发票 {item.invoice_no}", str(item.invoice_id)))
        if item.payment_proof_id:
            attachments.append(MaterialAttachment(f"付款凭证 {item.invoice_no}", str(item.payment_proof_id)))
    rows.append(("合计", f"{total:.2f}", "", "", ""))
    sections.append(
        MaterialSection(
            "投资明细", table=MaterialTable(("投资内容", "金额（元）", "发票号码", "开票日期", "付款日期"), tuple(rows))
        )
    )
    sections.append(_milestones(project))
    findings = [Finding("warning", text(f.get("message"))) for f in project.prechecks or []]
    if not findings:
        findings.append(Finding("info", "自动预审未发现异常"))
    opinions = [
        Opinion(s.expert_name, f"验收专家（第 {s.round} 轮）", s.opinion, f"{s.total} 分", s.created_at)
        for s in project.expert_scores.all()
    ]
    return Materials(sections=sections, attachments=attachments, findings=findings, opinions=opinions)

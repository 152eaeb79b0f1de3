"""Review materials of 试点企业遴选 and 招聘信息发布: the submitted form, attachments, checks, expert opinions."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from smedt.enterprises.models import PilotApplication, RecruitmentPost
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


def _wan(value: Any) -> str:
    """Profile figures are kept in 万元."""
    return f"{value} 万元" if value not in (None, "") else ""


def pilot_materials(app: PilotApplication) -> Materials:
    from smedt.orgs.review_materials import industry_text

    snap: dict[str, Any] = app.snapshot or {}
    latest: dict[str, Any] = snap.get("latest_year") or {}
    batch = app.batch
    sections = [
        MaterialSection(
            "申报信息",
            fields(
                ("申报批次", batch.name),
                ("申报细分行业", labelled("pilot_sub_industry", app.sub_industry)),
                ("联系人", app.contact_name),
                (
                    "提交时间",
                    timezone.localtime(app.submitted_at).strftime("%Y-%m-%d %H:%M") if app.submitted_at else "",
                ),
                ("数字化转型计划", app.plan_summary),
                long=("数字化转型计划",),
            ),
        ),
        MaterialSection(
            "企业档案（提交时快照）",
            fields(
                ("企业名称", snap.get("name") or app.org.name),
                ("统一社会信用代码", snap.get("credit_code") or app.org.credit_code),
                ("所在区域", snap.get("region")),
                ("地址", snap.get("address")),
                ("所属行业", industry_text(str(snap.get("industry_code") or ""))),
                ("档案细分行业", labelled("pilot_sub_industry", snap.get("sub_industries") or [])),
                ("注册资本", f"{snap['registered_capital']} 万元" if snap.get("registered_capital") else ""),
                ("成立日期", snap.get("founded_on")),
                ("法定代表人", snap.get("legal_representative")),
                ("最近年度", f"{latest['year']} 年" if latest.get("year") else ""),
                ("营业收入", _wan(latest.get("operating_revenue"))),
                ("研发费用", _wan(latest.get("rd_expense"))),
                ("从业人员", f"{latest['employees']} 人" if latest.get("employees") is not None else ""),
            ),
        ),
    ]
    names = {a["key"]: a["name"] for a in batch.required_attachments}
    attachments = [MaterialAttachment(names.get(k, k), str(v)) for k, v in (app.attachments or {}).items() if v]
    findings: list[Finding] = []
    missing = [a["name"] for a in batch.required_attachments if not (app.attachments or {}).get(a["key"])]
    if missing:
        findings.append(Finding("error", f"缺少必需附件：{'、'.join(missing)}"))
    if batch.sub_industries and app.sub_industry not in batch.sub_industries:
        findings.append(Finding("error", "申报细分行业不在本批次范围内"))
    if app.sub_industry and app.sub_industry not in (snap.get("sub_industries") or []):
        findings.append(Finding("warning", "申报细分行业与企业档案登记的细分行业不一致"))
    if not latest:
        findings.append(Finding("warning", "企业档案中没有年度经营数据"))
    if not app.plan_summary.strip():
        findings.append(Finding("warning", "未填写数字化转型计划"))
    if app.submitted_at and app.submitted_at > batch.deadline:
        findings.append(Finding("warning", "提交时间晚于批次申报截止时间"))
    if not findings:
        findings.append(Finding("info", "必需附件齐全，细分行业与批次、档案一致"))
    opinions = [
        Opinion(s.expert_name, "评审专家", s.opinion, f"{s.total} 分", s.created_at) for s in app.scores.order_by("id")
    ]
    return Materials(sections=sections, attachments=attachments, findings=findings, opinions=opinions)


def recruitment_materials(post: RecruitmentPost) -> Materials:
    positions = [(text(p.get("name")), text(p.get("count")), text(p.get("salary"))) for p in (post.positions or [])]
    findings: list[Finding] = []
    if post.valid_until < timezone.localdate():
        findings.append(Finding("error", "有效期已过"))
    if not positions:
        findings.append(Finding("error", "未填写招聘岗位"))
    return Materials(
        sections=[
            MaterialSection(
                "招聘信息",
                fields(
                    ("企业", post.org.name),
                    ("标题", post.title),
                    ("联系人", post.contact_name),
                    ("联系电话", post.contact_phone),
                    ("有效期至", post.valid_until.isoformat()),
                    ("任职要求", post.requirements),
                    long=("任职要求",),
                ),
            ),
            MaterialSection("招聘岗位", table=MaterialTable(("岗位", "人数", "薪资"), tuple(positions))),
        ],
        findings=findings,
    )

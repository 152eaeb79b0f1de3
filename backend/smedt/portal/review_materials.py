"""Review materials of announcement, need and offer publication."""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import strip_tags

from smedt.portal.models import Announcement, Need, Offer
from smedt.reviews.materials import Finding, MaterialAttachment, Materials, MaterialSection, fields, labelled


def announcement_materials(a: Announcement) -> Materials:
    body = strip_tags(a.body).strip()
    attachments = [MaterialAttachment("封面图片", str(a.cover_id))] if a.cover_id else []
    attachments += [MaterialAttachment("附件", str(att.pk)) for att in a.attachments.all()]
    findings: list[Finding] = []
    if not body:
        findings.append(Finding("error", "正文为空"))
    if a.publish_at and a.publish_at < timezone.now():
        findings.append(Finding("warning", "定时发布时间已过，通过后将立即发布"))
    return Materials(
        sections=[
            MaterialSection(
                "公告内容",
                fields(
                    ("栏目", labelled("portal_category", a.category)),
                    ("标题", a.title),
                    ("发布区域", a.region.display_name),
                    ("来源", a.source),
                    ("标签", a.tags or []),
                    (
                        "定时发布时间",
                        timezone.localtime(a.publish_at).strftime("%Y-%m-%d %H:%M")
                        if a.publish_at
                        else "审核通过后立即发布",
                    ),
                    ("摘要", a.summary),
                    ("正文", body),
                    long=("摘要", "正文"),
                ),
            )
        ],
        attachments=attachments,
        findings=findings,
    )


def _scenario_names() -> dict[str, str]:
    from smedt.portal.services.common import scenario_names

    return scenario_names()


def need_materials(n: Need) -> Materials:
    names = _scenario_names()
    budget = ""
    if n.budget_min is not None or n.budget_max is not None:
        budget = f"{n.budget_min if n.budget_min is not None else '—'} ～ {n.budget_max if n.budget_max is not None else '—'} 元"
    findings: list[Finding] = []
    if n.budget_min is not None and n.budget_max is not None and n.budget_min > n.budget_max:
        findings.append(Finding("error", "预算下限高于上限"))
    if n.deadline and n.deadline < timezone.localdate():
        findings.append(Finding("warning", "截止日期已过"))
    return Materials(
        sections=[
            MaterialSection(
                "需求内容",
                fields(
                    ("企业", n.org.name),
                    ("标题", n.title),
                    ("场景", names.get(n.scenario_code, n.scenario_code)),
                    ("细分行业", labelled("pilot_sub_industry", n.sub_industry) if n.sub_industry else ""),
                    ("预算", budget),
                    ("截止日期", n.deadline.isoformat() if n.deadline else ""),
                    ("问题描述", n.problem),
                    long=("问题描述",),
                ),
            )
        ],
        findings=findings,
    )


def offer_materials(o: Offer) -> Materials:
    names = _scenario_names()
    return Materials(
        sections=[
            MaterialSection(
                "供给内容",
                fields(
                    ("服务商", o.org.name),
                    ("标题", o.title),
                    ("产品名称", o.product_name),
                    ("适用场景", [names.get(s, s) for s in o.scenario_codes or []]),
                    ("适用细分行业", labelled("pilot_sub_industry", o.sub_industries or [])),
                    ("供给说明", o.description),
                    long=("供给说明",),
                ),
            )
        ],
    )

"""Contributions to the enterprise archive (试点企业档案): parts 二、项目情况 and 三、改造成效."""

from __future__ import annotations

from typing import Any

from smedt.enterprises.archive import ArchivePart
from smedt.projects import workflow
from smedt.projects.models import Project, ProjectKind


def projects_part(pilot: Any) -> ArchivePart:
    rows: list[dict[str, Any]] = []
    attachments = []
    for p in (
        Project.objects.dangerously_unscoped().filter(enterprise_id=pilot.org_id).select_related("provider", "report")
    ):
        rows.append(
            {
                "项目": f"{ProjectKind(p.kind).label}：{p.title}",
                "内容": f"服务商 {p.provider.name}；合同金额 {p.amount:.2f} 元；状态 {workflow.STATUS_LABELS.get(p.status, p.status)}",
            }
        )
        if p.report is not None:
            attachments.append(p.report)
    return ArchivePart(rows=rows, attachments=attachments)


def results_part(pilot: Any) -> ArchivePart:
    rows: list[dict[str, Any]] = []
    for p in Project.objects.dangerously_unscoped().filter(
        enterprise_id=pilot.org_id, kind=ProjectKind.TRANSFORMATION, status="accepted"
    ):
        effect = str(p.acceptance.get("effectiveness", ""))[:200]
        ratio = f"投入产出比 {p.io_ratio}" if p.io_ratio is not None else ""
        rows.append({"项目": p.title, "内容": "；".join(x for x in (effect, ratio) if x) or "—"})
    return ArchivePart(rows=rows)

"""Export kind of the projects module (``smedt.exports``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smedt.core.export import Column
from smedt.exports.registry import ExportSource, export_register
from smedt.projects import selectors as sel
from smedt.projects import workflow
from smedt.projects.api.schemas import ProjectFilter
from smedt.projects.models import ProjectKind
from smedt.reviews.api.publicity import dict_labels


def _columns() -> Sequence[Column]:
    subs = dict_labels("pilot_sub_industry")["pilot_sub_industry"]  # once per export, not per row
    return [
        ("项目名称", lambda p: p.title),
        ("类型", lambda p: ProjectKind(p.kind).label),
        ("企业", lambda p: p.enterprise.name),
        ("服务商", lambda p: p.provider.name),
        ("所在区域", lambda p: p.region.name),
        ("细分行业", lambda p: subs.get(p.sub_industry, p.sub_industry)),
        ("合同金额（元）", lambda p: p.amount),
        ("状态", lambda p: workflow.STATUS_LABELS.get(p.status, p.status)),
        ("本环节期限", lambda p: p.step_due_at),
        ("是否逾期", lambda p: "是" if sel.is_overdue(p) else "否"),
        ("发起时间", lambda p: p.created_at),
    ]


def projects(user: Any, filters: Any) -> ExportSource:
    qs = sel.project_list(user=user, filters=filters, action="export").order_by("id")
    return ExportSource(queryset=qs, columns=_columns, chunk_size=500)


export_register(
    "projects", label="试点项目", params=ProjectFilter, source=projects, permission="projects.export_project"
)

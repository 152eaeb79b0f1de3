"""The industry module's share of the 工作台: the enterprise's open or returned monthly report, and the
reports waiting for a county's confirmation (a fixed number of queries)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from smedt.core.workspace import Alert, WorkItem, WorkspacePart
from smedt.industry import config
from smedt.industry.models import ChainMember, OperatingReport, ReportStatus
from smedt.rbac.grants import user_grants


def _due(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59)))


def industry_workspace(user: Any, limit: int) -> WorkspacePart:
    part = WorkspacePart()
    grants = user_grants(user)
    org_ids = sorted(grants.grant("industry.report").org_ids)
    if org_ids:
        period = config.period_current_due(timezone.localdate())
        members = set(ChainMember.objects.filter(org_id__in=org_ids).values_list("org_id", flat=True))
        done = set(
            OperatingReport.objects.filter(
                org_id__in=org_ids, period=period.code, status__in=(ReportStatus.SUBMITTED, ReportStatus.CONFIRMED)
            ).values_list("org_id", flat=True)
        )
        if members - done:
            part.todos.append(
                WorkItem(
                    kind="经营数据报送",
                    title=f"{period.label}经营数据",
                    status_label="待报送",
                    link="/industry/report",
                    due_at=_due(period.due_on),
                    action="填报并提交",
                )
            )
        for r in OperatingReport.objects.filter(org_id__in=org_ids, status=ReportStatus.RETURNED)[:limit]:
            part.alerts.append(Alert("warning", f"{r.period} 经营数据被退回修改：{r.review_note}", "/industry/report"))
    if not grants.grant("industry.confirm_report").empty:
        waiting = (
            OperatingReport.objects.visible_to(user, "confirm")
            .filter(status=ReportStatus.SUBMITTED)
            .select_related("org")
            .order_by("submitted_at")[:limit]
        )
        for r in waiting:
            part.todos.append(
                WorkItem(
                    kind="经营数据确认",
                    title=f"{r.org.name} {r.period}" + (f"（{r.flagged} 项异常波动）" if r.flagged else ""),
                    status_label="待确认",
                    link="/industry/reports",
                    at=r.submitted_at,
                    action="确认",
                )
            )
    return part

"""Export kind of the funds module: 奖补名单 / 补贴申请 (``smedt.exports``)."""

from __future__ import annotations

from typing import Any

from smedt.exports.registry import ExportSource, export_register
from smedt.funds import selectors as sel
from smedt.funds.api.schemas import SubsidyFilter


def subsidies(user: Any, filters: Any) -> ExportSource:
    qs = sel.claim_list(user=user, status=filters.status, year=filters.year).order_by("-approved_at", "-id")
    return ExportSource(
        queryset=qs,
        batch=lambda chunk: [sel.claim_out(c) for c in chunk],
        columns=[
            ("企业名称", lambda r: r["enterprise_name"]),
            ("所在县区", lambda r: r["region_name"]),
            ("项目", lambda r: r["project_title"]),
            ("申报批次", lambda r: r["campaign_name"]),
            ("合格投资（元）", lambda r: r["eligible_investment"]),
            ("核定补贴（元）", lambda r: r["amount"]),
            ("已承诺（元）", lambda r: r["committed"]),
            ("已拨付（元）", lambda r: r["disbursed"]),
            ("状态", lambda r: r["status_label"]),
            ("批准时间", lambda r: r["approved_at"]),
        ],
        chunk_size=500,
    )


# claim_list requires funds.view_ledger (the same code the list needs)
export_register("subsidies", label="奖补名单", params=SubsidyFilter, source=subsidies, permission="funds.view_ledger")

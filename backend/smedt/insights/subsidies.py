"""奖补名单 widget: figures come from a registered provider function, never from here.

The funds module (not built yet) registers its published subsidy list in its ``AppConfig.ready``::

    from smedt.insights.subsidies import register_subsidy_provider
    register_subsidy_provider(funds_selectors.subsidy_summary)

A provider takes ``(user, region_paths)`` — region_paths None for the whole city (public) — and returns
``{"total_amount": Decimal, "enterprise_count": int, "items": [{"org_id", "org_name", "region_name",
"amount", "published_at"}], "list_link": "/funds/..."}`` from one SQL aggregate, plus optionally
``enterprise_status(org_ids) -> {org_id: {"label", "date"}}`` for the progress report. Until one is
registered the dashboard shows 暂无 (no figures are made up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SummaryFunc = Callable[[Any, "list[str] | None"], dict[str, Any]]
StatusFunc = Callable[[list[int]], dict[int, dict[str, Any]]]

_provider: dict[str, Any] = {}


def register_subsidy_provider(summary: SummaryFunc, *, enterprise_status: StatusFunc | None = None) -> None:
    _provider["summary"] = summary
    _provider["status"] = enterprise_status


def unregister_subsidy_provider() -> None:
    _provider.clear()


def subsidy_summary(user: Any, region_paths: list[str] | None) -> dict[str, Any]:
    func = _provider.get("summary")
    if func is None:
        return {"available": False, "total_amount": None, "enterprise_count": None, "items": [], "list_link": ""}
    return {"available": True, **func(user, region_paths)}


def subsidy_status(org_ids: list[int]) -> dict[int, dict[str, Any]]:
    func = _provider.get("status")
    return func(org_ids) if func is not None and org_ids else {}

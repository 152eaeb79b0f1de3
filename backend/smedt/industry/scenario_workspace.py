"""The scenario library's share of the 工作台: for providers, the published scenarios with the most unmet demand
(one query); for the city, the open candidate problems waiting for a decision (one count)."""

from __future__ import annotations

from typing import Any

from smedt.core.workspace import Alert, WorkspacePart
from smedt.industry.scenario_models import CandidateStatus, ScenarioCandidate
from smedt.rbac.grants import user_grants

TOP = 3


def scenario_workspace(user: Any, limit: int) -> WorkspacePart:
    from smedt.industry.scenario_selectors import demand_ranking

    part = WorkspacePart()
    grants = user_grants(user)
    if not grants.grant("industry.manage_scenario").empty:
        n = ScenarioCandidate.objects.visible_to(user, "manage").filter(status=CandidateStatus.OPEN).count()
        if n:
            part.counters["待处理候选问题"] = n
        return part
    if grants.grant("industry.view_scenario").empty or grants.grant("portal.post_offer").empty:
        return part  # the demand list is for providers
    for s in demand_ranking(user=user)[: min(TOP, limit)]:
        unmet = int(getattr(s, "unmet_count", 0))
        if unmet:
            part.alerts.append(
                Alert(
                    "info",
                    f"场景需求：{s.chain.name}·{s.title}（{unmet} 项待对接需求）",
                    "/industry/scenarios?tab=demand",
                )
            )
    return part

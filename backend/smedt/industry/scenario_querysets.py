"""How the scenario library is narrowed: scenarios and candidates follow their chain (a city's: everyone
under it reads them); reporters follow the enterprise (county by region, an enterprise only itself)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from smedt.industry.querysets import _ancestors, _org_ancestors
from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.industry.scenario_models import (  # noqa: F401
        Scenario,
        ScenarioCandidate,
        ScenarioReporter,
        ScenarioRun,
    )


def city_scope_q(grant: Any, path_field: str) -> Q | None:
    """Rows of a city: readable by anyone holding the code over the city, a county of it, or an org in it."""
    if grant.is_global:
        return None
    q = Q(pk__in=[])
    for path in sorted(grant.region_paths):
        q |= Q(**{f"{path_field}__startswith": path})
        q |= Q(**{f"{path_field}__in": _ancestors(path)})
    if grant.org_ids:
        q |= Q(**{f"{path_field}__in": _org_ancestors(sorted(grant.org_ids))})
    return q


class ScenarioQuerySet(ScopedQuerySet["Scenario"]):
    action_permissions = {"view": "industry.view_scenario", "manage": "industry.manage_scenario"}

    def scope_q(self, grant: Any) -> Q | None:
        return city_scope_q(grant, "chain__region__path")


class CandidateQuerySet(ScopedQuerySet["ScenarioCandidate"]):
    region_path_field = "chain__region__path"
    action_permissions = {"manage": "industry.manage_scenario"}


class ScenarioRunQuerySet(ScopedQuerySet["ScenarioRun"]):
    region_path_field = "region__path"
    action_permissions = {"manage": "industry.manage_scenario"}


class ReporterQuerySet(ScopedQuerySet["ScenarioReporter"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": "industry.view_scenario_reporters"}

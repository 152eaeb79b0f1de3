"""How industry rows are narrowed: chains by the city's region (everyone under it reads them); members,
reports and imports by the enterprise's region for government and by the enterprise for its own users."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.industry.models import Chain, ChainMember, OperatingReport, ReportImport  # noqa: F401


class ChainQuerySet(ScopedQuerySet["Chain"]):
    action_permissions = {"view": "industry.view_chain", "manage": "industry.manage_chain"}

    def scope_q(self, grant: Any) -> Q | None:
        """A chain belongs to a city: anyone holding the code over the city, a county of it or an enterprise reads it."""
        if grant.is_global:
            return None
        q = Q(pk__in=[])
        for path in sorted(grant.region_paths):
            q |= Q(region__path__startswith=path)
            # a county officer's path lies under the city's: the chain's region is an ancestor
            q |= Q(region__path__in=_ancestors(path))
        if grant.org_ids:
            q |= Q(region__path__in=_org_ancestors(sorted(grant.org_ids)))
        return q


def _ancestors(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


def _org_ancestors(org_ids: list[int]) -> list[str]:
    from smedt.orgs.models import Organization

    out: set[str] = set()
    for path in Organization.objects.filter(pk__in=org_ids).values_list("region__path", flat=True):
        out.update(_ancestors(path))
    return sorted(out)


class ChainMemberQuerySet(ScopedQuerySet["ChainMember"]):
    region_path_field = "org__region__path"
    org_field = "org_id"
    action_permissions = {
        "view": "industry.view_chain",
        "manage": "industry.manage_chain",
        "monitor": "industry.view_monitoring",
    }


class ReportQuerySet(ScopedQuerySet["OperatingReport"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {
        "view": "industry.view_report",
        "report": "industry.report",
        "confirm": "industry.confirm_report",
    }


class ReportImportQuerySet(ScopedQuerySet["ReportImport"]):
    org_field = "org_id"
    action_permissions = {"view": "industry.report"}

"""How projects are narrowed: by the enterprise's region, and for the two parties by their organizations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from smedt.rbac.grants import Grant
from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.projects.models import Project, ProjectEvent  # noqa: F401


class ProjectQuerySet(ScopedQuerySet["Project"]):
    region_path_field = "region__path"
    action_permissions = {
        "view": "projects.view_project",
        "start": "projects.start_project",
        "serve": "projects.serve_project",
        "sign": "projects.sign_contract",
        "approve_change": "projects.approve_change",
        "export": "projects.export_project",
    }

    def scope_q(self, grant: Grant) -> Q | None:
        """Region subtrees for government; the enterprise or the provider side for org-scoped users."""
        q = super().scope_q(grant)
        if q is None:
            return None
        if grant.org_ids:
            ids = sorted(grant.org_ids)
            q |= Q(enterprise_id__in=ids) | Q(provider_id__in=ids)
        return q


class ProjectChildQuerySet(ScopedQuerySet["ProjectEvent"]):
    region_path_field = "project__region__path"
    action_permissions = {"view": "projects.view_project"}

    def scope_q(self, grant: Grant) -> Q | None:
        q = super().scope_q(grant)
        if q is None:
            return None
        if grant.org_ids:
            ids = sorted(grant.org_ids)
            q |= Q(project__enterprise_id__in=ids) | Q(project__provider_id__in=ids)
        return q

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        return None

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

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        """Experts (projects.score_acceptance) see the projects they may score — acceptance at the city step
        with expert scoring on, in their regions — and the ones they scored."""
        from smedt.projects import config
        from smedt.projects.models import AcceptanceScore
        from smedt.rbac.grants import user_grants

        if action != "view":
            return None
        grant = user_grants(user).grant("projects.score_acceptance")
        if grant.empty:
            return None
        q = Q(pk__in=AcceptanceScore.objects.filter(expert_id=user.pk).values("project_id"))
        if config.expert_scoring()["enabled"]:
            open_q = Q(
                status="acceptance_review", acceptance_review__status="pending", acceptance_review__current_step=1
            )
            if not grant.is_global:
                regions = Q(pk__in=[])
                for path in sorted(grant.region_paths):
                    regions |= Q(region__path__startswith=path)
                open_q &= regions
            q |= open_q
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

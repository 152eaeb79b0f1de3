from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.applications.models import Campaign, Submission, Template  # noqa: F401


class TemplateQuerySet(ScopedQuerySet["Template"]):
    region_path_field = "region__path"
    action_permissions = {"view": "applications.view_template", "manage": "applications.manage_template"}


class CampaignQuerySet(ScopedQuerySet["Campaign"]):
    """The city manages its campaigns; an officer below it (a county) also sees the campaigns opened above
    its region, the ones its organisations apply to (read only: "manage" stays with the opening region)."""

    region_path_field = "region__path"
    action_permissions = {"view": "applications.view_submission", "manage": "applications.manage_campaign"}

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        if action != "view":
            return None
        from smedt.rbac.grants import user_grants

        ancestors = set()
        for path in user_grants(user).grant(self.permission_for(action)).region_paths:
            parts = [p for p in path.split("/") if p]
            ancestors |= {"/".join(parts[:i]) + "/" for i in range(1, len(parts))}
        return Q(region__path__in=sorted(ancestors)) if ancestors else None


class SubmissionQuerySet(ScopedQuerySet["Submission"]):
    """Officers see their region's submissions, an enterprise its own, the city all."""

    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {
        "view": "applications.view_submission",
        "apply": "applications.apply",
        "override": "applications.override_indicator",
        "export": "applications.export_submission",
        "score": "applications.score_submission",
    }

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        return Q(created_by_id=user.pk) if action == "view" else None

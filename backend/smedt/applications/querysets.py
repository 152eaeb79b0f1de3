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
    region_path_field = "region__path"
    action_permissions = {"view": "applications.view_submission", "manage": "applications.manage_campaign"}


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

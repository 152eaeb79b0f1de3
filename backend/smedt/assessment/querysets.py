"""How assessment rows are narrowed to a user's scope (region subtree, own organization, assignment)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from smedt.rbac.grants import Grant, user_grants
from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.assessment.models import AnalysisEntry, Assessment, ExpertAssignment, OnsiteRating  # noqa: F401

VIEW = "assessment.view_assessment"
FILL = "assessment.fill_assessment"
RATE = "assessment.rate_onsite"
NOTHING = Q(pk__in=[])


def _or(*parts: Q | None) -> Q | None:
    """Union of filters; None (everything) wins."""
    result = NOTHING
    for part in parts:
        if part is None:
            return None
        result |= part
    return result


def _needs_assignment_branch(rate: Grant, view: Grant) -> bool:
    """Whether the "assigned to me" subquery can add rows beyond the user's view scope.

    Officers rate where they view (their region), so for them the branch adds nothing but cost: an
    OR with a subquery keeps PostgreSQL from using the region index and turned the county list's
    count into a scan of the whole table (issue 13). Experts (rating held globally or outside their
    view scope) keep it. An officer assigned outside their own region rates there through
    `rate_scope_q` and reads the self-assessment on the rating itself.
    """
    if rate.empty or view.is_global:
        return False
    if rate.is_global or not rate.org_ids <= view.org_ids:
        return True
    return not all(view.covers(region_path=path) for path in rate.region_paths)


class AssessmentQuerySet(ScopedQuerySet["Assessment"]):
    """Government sees submitted self-assessments in its region; an enterprise sees its own, drafts included."""

    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": VIEW, "fill": FILL}

    def visible_to(self, user: Any, action: str = "view") -> AssessmentQuerySet:
        grants = user_grants(user)
        scope = self.scope_q(grants.grant(self.permission_for(action)))
        if action == "fill":
            return self.all() if scope is None else self.filter(scope)
        fill = grants.grant(FILL)
        drafts = None if fill.is_global else Q(org_id__in=sorted(fill.org_ids))
        readable = _or(Q(status="submitted"), drafts)
        if scope is None:
            return self.all() if readable is None else self.filter(readable)
        q = scope if readable is None else scope & readable
        if _needs_assignment_branch(grants.grant(RATE), grants.grant(self.permission_for(action))):
            # a rater also reads the submitted self-assessments of the enterprises assigned to them
            from smedt.assessment.models import ExpertAssignment

            assigned = ExpertAssignment.objects.filter(expert_id=user.pk).values("org_id")
            q |= Q(status="submitted", org_id__in=assigned)
        return self.filter(q)


def rate_scope_q(user: Any, *, org_field: str = "org_id", region_field: str = "region__path") -> Q | None:
    """Where ``user`` may rate on site: their region (government), or the orgs assigned to them (experts).

    ``assessment.rate_onsite`` held over a region covers every enterprise there. Held globally it
    covers everything only together with a global ``assessment.view_assessment``; the built-in
    expert role has neither, so an expert rates exactly the organizations assigned to them.
    """
    from smedt.assessment.models import ExpertAssignment

    grants = user_grants(user)
    rate = grants.grant(RATE)
    if rate.empty:
        return NOTHING
    if rate.is_global and grants.grant(VIEW).is_global:
        return None
    q = NOTHING
    for path in sorted(rate.region_paths):
        q |= Q(**{f"{region_field}__startswith": path})
    if rate.org_ids:
        q |= Q(**{f"{org_field}__in": sorted(rate.org_ids)})
    assigned = ExpertAssignment.objects.filter(expert_id=user.pk).values("org_id")
    return q | Q(**{f"{org_field}__in": assigned})


class OnsiteRatingQuerySet(ScopedQuerySet["OnsiteRating"]):
    """Raters see what they may rate; the enterprise and government viewers see submitted ratings."""

    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": VIEW, "rate": RATE}

    def visible_to(self, user: Any, action: str = "view") -> OnsiteRatingQuerySet:
        self.permission_for(action)
        if not getattr(user, "is_authenticated", False):
            return self.none()
        rate = rate_scope_q(user)
        if action == "rate":
            return self.all() if rate is None else self.filter(rate)
        view = self.scope_q(user_grants(user).grant(VIEW))
        submitted = None if view is None else view & Q(status="submitted")
        q = _or(rate, submitted, Q(rated_by_id=user.pk))
        return self.all() if q is None else self.filter(q)


class ExpertAssignmentQuerySet(ScopedQuerySet["ExpertAssignment"]):
    """Government officers see the assignments in their region; an expert sees their own."""

    region_path_field = "region__path"
    action_permissions = {"view": VIEW, "manage": VIEW}

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        return Q(expert_id=user.pk) if action == "view" else None

    def scope_q(self, grant: Any) -> Q | None:
        # an org-scoped grant (enterprise users hold view_assessment over their org) sees no assignments
        if grant.is_global:
            return None
        q = NOTHING
        for path in sorted(grant.region_paths):
            q |= Q(region__path__startswith=path)
        return q


class AnalysisEntryQuerySet(ScopedQuerySet["AnalysisEntry"]):
    """The analysis of a county covers its own enterprises only."""

    region_path_field = "region__path"
    action_permissions = {"view": "assessment.view_analysis", "export": "assessment.export_analysis"}

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q

from smedt.rbac.grants import user_grants
from smedt.rbac.querysets import ScopedQuerySet
from smedt.reviews import workflow

if TYPE_CHECKING:
    from smedt.reviews.models import ReviewRequest  # noqa: F401


class ReviewRequestQuerySet(ScopedQuerySet["ReviewRequest"]):
    region_path_field = "region__path"
    org_field = "org_id"
    action_permissions = {"view": "reviews.view_review"}

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        """The submitter sees their own; a reviewer sees what they decided or must decide."""
        from smedt.reviews.models import ReviewAction

        acted = ReviewAction.objects.filter(actor_id=user.pk).values("request_id")
        return Q(submitted_by_id=user.pk) | Q(pk__in=acted) | self._awaiting_q(user)

    def _awaiting_q(self, user: Any) -> Q:
        from smedt.reviews.processes import all_processes

        grants = user_grants(user)
        q = Q(pk__in=[])
        for process in all_processes():
            for index, step in enumerate(process.steps):
                grant = grants.grant(step.permission)
                if grant.empty:
                    continue
                scope = self.scope_q(grant)
                step_q = Q(process_key=process.key, current_step=index)
                q |= step_q if scope is None else (step_q & scope)
        return Q(status=workflow.PENDING) & q

    def awaiting(self, user: Any) -> ReviewRequestQuerySet:
        """待我审核: pending items whose current step this user may decide, within their scope
        (their own submissions excepted where the process separates duties)."""
        from smedt.reviews.processes import all_processes

        separated = [p.key for p in all_processes() if p.separation_of_duties]
        return self.filter(self._awaiting_q(user)).exclude(Q(process_key__in=separated) & self.own_submission_q(user))

    @staticmethod
    def own_submission_q(user: Any) -> Q:
        """Items this user submitted or resubmitted."""
        from smedt.reviews.models import ReviewAction

        submitted = ReviewAction.objects.filter(actor_id=user.pk, action__in=("submit", workflow.RESUBMIT)).values(
            "request_id"
        )
        return Q(submitted_by_id=user.pk) | Q(pk__in=submitted)

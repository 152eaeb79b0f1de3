from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import UserManager
from django.db.models import Q

from smedt.rbac.grants import Grant
from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.accounts.models import User  # noqa: F401


class UserQuerySet(ScopedQuerySet["User"]):
    """A region-scoped administrator sees users whose role assignments lie in that region."""

    action_permissions = {
        "view": "accounts.view_user",
        "manage": "accounts.manage_user",
        "export": "accounts.export_user",
    }

    @staticmethod
    def assignment_scope(grant: Grant) -> Q:
        """Role assignments that lie inside a grant."""
        inner = Q(pk__in=[])
        for path in sorted(grant.region_paths):
            inner |= Q(region__path__startswith=path) | Q(org__region__path__startswith=path)
        if grant.org_ids:
            inner |= Q(org_id__in=sorted(grant.org_ids))
        return inner

    def scope_q(self, grant: Grant) -> Q | None:
        from smedt.rbac.models import RoleAssignment

        if grant.is_global:
            return None
        return Q(pk__in=RoleAssignment.objects.filter(self.assignment_scope(grant)).values("user_id"))

    def visible_to(self, user: Any, action: str = "view") -> UserQuerySet:
        """For "manage", a scoped manager also must not reach users whose roles go beyond the scope
        (a county manager cannot reset the password of a platform administrator)."""
        from smedt.rbac.grants import user_grants
        from smedt.rbac.models import RoleAssignment

        qs: UserQuerySet = super().visible_to(user, action)  # type: ignore[assignment]
        if action == "manage":
            grant = user_grants(user).grant(self.permission_for(action))
            if not grant.is_global:
                wider = RoleAssignment.objects.exclude(self.assignment_scope(grant)).values("user_id")
                qs = qs.exclude(pk__in=wider)
        return qs


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass

from __future__ import annotations

from typing import TYPE_CHECKING

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

    def scope_q(self, grant: Grant) -> Q | None:
        from smedt.rbac.models import RoleAssignment

        if grant.is_global:
            return None
        inner = Q(pk__in=[])
        for path in sorted(grant.region_paths):
            inner |= Q(region__path__startswith=path) | Q(org__region__path__startswith=path)
        if grant.org_ids:
            inner |= Q(org_id__in=sorted(grant.org_ids))
        return Q(pk__in=RoleAssignment.objects.filter(inner).values("user_id"))


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass

"""ScopedQuerySet: the one entry for reads. `Model.objects.visible_to(user, action)`."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.db import models
from django.db.models import Q

from smedt.rbac.grants import Grant, user_grants

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[M]):
    """Narrow rows to the user's region subtrees and organizations for a given action.

    Subclasses declare where the region path and the organization live on the row and which
    permission code each action needs. Out-of-scope rows are simply absent, so a detail lookup
    through `visible_to` answers 404 for them, exactly as for rows that do not exist.
    """

    region_path_field: ClassVar[str | None] = None  # e.g. "region__path"
    org_field: ClassVar[str | None] = None  # e.g. "org_id"
    action_permissions: ClassVar[dict[str, str]] = {}

    def permission_for(self, action: str) -> str:
        try:
            return self.action_permissions[action]
        except KeyError as exc:
            raise ValueError(f"{type(self).__name__} has no permission for action {action!r}") from exc

    def scope_q(self, grant: Grant) -> Q | None:
        """The filter for a grant; None means everything."""
        if grant.is_global:
            return None
        q = Q(pk__in=[])
        if self.region_path_field:
            q |= self.region_q(grant)
        if self.org_field and grant.org_ids:
            q |= Q(**{f"{self.org_field}__in": sorted(grant.org_ids)})
        return q

    def region_q(self, grant: Grant) -> Q:
        """Rows in the grant's region subtrees: `region_id IN (…)` when the grant carries its resolved region
        ids (cached grants), else a path prefix per subtree (the same rows)."""
        field = self.region_path_field or ""
        if grant.region_ids is not None and field.endswith("__path"):
            ids = sorted(grant.region_ids)
            return Q(**{f"{field[: -len('path')]}id__in": ids}) if ids else Q(pk__in=[])
        q = Q(pk__in=[])
        for path in sorted(grant.region_paths):
            q |= Q(**{f"{field}__startswith": path})
        return q

    def extra_visibility(self, user: Any, action: str) -> Q | None:
        """Rows a user sees regardless of role scope (e.g. their own). Override when needed."""
        return None

    def visible_to(self, user: Any, action: str = "view") -> ScopedQuerySet[M]:
        grant = user_grants(user).grant(self.permission_for(action))
        q = self.scope_q(grant)
        if q is None:
            return self.all()
        extra = self.extra_visibility(user, action) if getattr(user, "is_authenticated", False) else None
        if extra is not None:
            q |= extra
        return self.filter(q)

    def dangerously_unscoped(self) -> ScopedQuerySet[M]:
        """For system jobs only; a reviewer sees every use by its name."""
        return self.all()

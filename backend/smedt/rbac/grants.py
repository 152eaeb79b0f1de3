"""What a user may do where: resolved once per request from their role assignments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from smedt.rbac.models import RoleAssignment, ScopeKind

if TYPE_CHECKING:
    from smedt.accounts.models import User

_CACHE_ATTR = "_smedt_grants"


@dataclass
class Grant:
    """The union of scopes over which one permission code is held."""

    is_global: bool = False
    region_paths: set[str] = field(default_factory=set)
    org_ids: set[int] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not (self.is_global or self.region_paths or self.org_ids)

    def covers(self, *, region_path: str | None = None, org_id: int | None = None) -> bool:
        if self.is_global:
            return True
        if region_path and any(region_path.startswith(p) for p in self.region_paths):
            return True
        return org_id is not None and org_id in self.org_ids


@dataclass
class UserGrants:
    by_code: dict[str, Grant]
    assignments: list[dict[str, Any]]

    def grant(self, code: str) -> Grant:
        return self.by_code.get(code) or Grant()

    @property
    def codes(self) -> list[str]:
        return sorted(code for code, g in self.by_code.items() if not g.empty)

    @property
    def org_ids(self) -> set[int]:
        return {a["org_id"] for a in self.assignments if a["org_id"]}


def user_grants(user: User | Any) -> UserGrants:
    """Two queries per request at most; cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserGrants(by_code={}, assignments=[])
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    rows = list(
        RoleAssignment.objects.filter(user_id=user.pk)
        .select_related("role", "region", "org")
        .prefetch_related("role__permissions")
    )
    by_code: dict[str, Grant] = {}
    assignments = []
    for a in rows:
        assignments.append(
            {
                "role_code": a.role.code,
                "role_name": a.role.name,
                "scope_kind": a.role.scope_kind,
                "region": a.region,
                "org_id": a.org_id,
                "org": a.org,
            }
        )
        for perm in a.role.permissions.all():
            g = by_code.setdefault(perm.code, Grant())
            if a.role.scope_kind == ScopeKind.GLOBAL:
                g.is_global = True
            elif a.role.scope_kind == ScopeKind.REGION and a.region is not None and a.region.is_active:
                g.region_paths.add(a.region.path)
            elif a.role.scope_kind == ScopeKind.ORG and a.org_id is not None:
                g.org_ids.add(a.org_id)
    result = UserGrants(by_code=by_code, assignments=assignments)
    setattr(user, _CACHE_ATTR, result)
    return result


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_perm(user: Any, code: str) -> bool:
    """Held anywhere (for menus and coarse checks); object checks use `require`."""
    return not user_grants(user).grant(code).empty

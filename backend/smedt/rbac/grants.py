"""What a user may do where: resolved once per request from their role assignments.

With a shared cache (`SMEDT_GRANTS_CACHE_SECONDS` > 0, on by default with `SMEDT_CACHE_URL`) the
resolved grants are also kept in the cache, so a list request does not rebuild them from two queries
every time. Any change to roles, role assignments, permissions or regions moves one generation key
(signals in `rbac.apps`, and `forget_grants` after bulk writes), which retires every cached set at once;
disabled accounts never reach the cache (checked before it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from smedt.rbac.models import RoleAssignment, ScopeKind

if TYPE_CHECKING:
    from smedt.accounts.models import User

_CACHE_ATTR = "_smedt_grants"
_GENERATION_KEY = "smedt:grants:generation"


@dataclass
class Grant:
    """The union of scopes over which one permission code is held."""

    is_global: bool = False
    region_paths: set[str] = field(default_factory=set)
    org_ids: set[int] = field(default_factory=set)
    # every region (any level, active or not) whose path lies under `region_paths`; resolved only for
    # cached grants (one query per cache miss), so scoped lists filter on `region_id IN (…)` and can use
    # the (region, …) indexes instead of joining the regions for a path prefix
    region_ids: frozenset[int] | None = None

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


def _cache_seconds() -> int:
    return int(getattr(settings, "SMEDT_GRANTS_CACHE_SECONDS", 0))


def _generation() -> str:
    gen = cache.get(_GENERATION_KEY)
    if gen is None:
        cache.add(_GENERATION_KEY, str(time.time_ns()), None)
        gen = cache.get(_GENERATION_KEY, "0")
    return str(gen)


def grants_changed() -> None:
    """Roles, assignments, permissions or regions changed: retire every cached grant set, now and after
    commit (a request reading between the two would otherwise cache what the transaction replaces)."""
    if _cache_seconds() <= 0:
        return
    cache.set(_GENERATION_KEY, str(time.time_ns()), None)
    transaction.on_commit(lambda: cache.set(_GENERATION_KEY, str(time.time_ns()), None))


def user_grants(user: User | Any) -> UserGrants:
    """Two queries per request at most (none on a hit of the shared cache); cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserGrants(by_code={}, assignments=[])
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    seconds = _cache_seconds()
    key = f"smedt:grants:{_generation()}:{user.pk}" if seconds > 0 else ""
    if key:
        hit = cache.get(key)
        if isinstance(hit, UserGrants):
            setattr(user, _CACHE_ATTR, hit)
            return hit
    result = _resolve(user, region_ids=bool(key))
    if key:
        cache.set(key, result, seconds)
    setattr(user, _CACHE_ATTR, result)
    return result


def _resolve(user: User | Any, *, region_ids: bool = False) -> UserGrants:
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
    paths = sorted({p for g in by_code.values() for p in g.region_paths})
    if region_ids and paths:
        from django.db.models import Q

        from smedt.regions.models import Region

        under = Q(pk__in=[])
        for path in paths:
            under |= Q(path__startswith=path)
        regions = list(Region.objects.filter(under).values_list("id", "path"))
        for g in by_code.values():
            if g.region_paths:
                g.region_ids = frozenset(rid for rid, rpath in regions if g.covers(region_path=rpath))
    return UserGrants(by_code=by_code, assignments=assignments)


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
    grants_changed()


def has_perm(user: Any, code: str) -> bool:
    """Held anywhere (for menus and coarse checks); object checks use `require`."""
    return not user_grants(user).grant(code).empty

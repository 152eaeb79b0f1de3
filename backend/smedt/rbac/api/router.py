from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Status

from smedt.core.api.auth import request_user
from smedt.core.errors import NotFound, PermissionDenied
from smedt.rbac.api.schemas import PermissionOut, RoleCreateIn, RoleFilter, RoleOut, RoleUpdateIn
from smedt.rbac.grants import has_perm
from smedt.rbac.models import Permission, Role
from smedt.rbac.services import require, role_create, role_delete, role_grant_refusal, role_update

router = Router(tags=["角色与权限"])


def role_out(role: Role, actor: Any = None) -> dict[str, Any]:
    return {
        "grantable": actor is not None and not role_grant_refusal(actor, role),
        "id": role.pk,
        "code": role.code,
        "name": role.name,
        "description": role.description,
        "scope_kind": role.scope_kind,
        "builtin": role.builtin,
        "permissions": sorted(p.code for p in role.permissions.all()),
    }


def _role_get(role_id: int) -> Role:
    role = Role.objects.prefetch_related("permissions").filter(pk=role_id).first()
    if role is None:
        raise NotFound("角色不存在")
    return role


@router.get("/roles", response=list[RoleOut])
def roles(request: HttpRequest, filters: Query[RoleFilter]) -> list[dict[str, Any]]:
    """Roles are few (tens); the whole list is returned. Readable by anyone who can assign or view them."""
    actor = request_user(request)
    if not (has_perm(actor, "rbac.view_role") or has_perm(actor, "accounts.manage_user")):
        raise PermissionDenied()
    qs = Role.objects.prefetch_related("permissions").order_by("id")
    if filters.q:
        qs = qs.filter(Q(code__icontains=filters.q) | Q(name__icontains=filters.q))
    return [role_out(r, actor) for r in qs]


@router.post("/roles", response={201: RoleOut})
def role_create_view(request: HttpRequest, payload: RoleCreateIn) -> Status[dict[str, Any]]:
    role = role_create(actor=request_user(request), **payload.dict())
    return Status(201, role_out(_role_get(role.pk)))


@router.patch("/roles/{role_id}", response=RoleOut)
def role_update_view(request: HttpRequest, role_id: int, payload: RoleUpdateIn) -> dict[str, Any]:
    actor = request_user(request)
    require(actor, "rbac.manage_role")
    role = role_update(actor=actor, role=_role_get(role_id), **payload.dict(exclude_unset=True))
    return role_out(_role_get(role.pk))


@router.delete("/roles/{role_id}", response={204: None})
def role_delete_view(request: HttpRequest, role_id: int) -> Status[None]:
    actor = request_user(request)
    require(actor, "rbac.manage_role")
    role_delete(actor=actor, role=_role_get(role_id))
    return Status(204, None)


@router.get("/permissions", response=list[PermissionOut])
def permissions(request: HttpRequest) -> list[dict[str, Any]]:
    require(request_user(request), "rbac.view_role")
    names = {c.label: str(c.verbose_name) for c in apps.get_app_configs()}
    return [
        {"code": p.code, "name": p.name, "module": p.module, "module_name": names.get(p.module, p.module)}
        for p in Permission.objects.order_by("module", "code")
    ]

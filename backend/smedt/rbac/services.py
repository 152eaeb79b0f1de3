"""Permission checks for writes, and role administration."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import transaction

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, PermissionDenied, ValidationFailed
from smedt.rbac.grants import forget_grants, user_grants
from smedt.rbac.models import Permission, Role, RoleAssignment, ScopeKind


def require(user: Any, code: str, *, region_path: str | None = None, org_id: int | None = None) -> None:
    """Raise 403 unless `user` holds `code` over the given region/org (or anywhere, if neither given)."""
    grant = user_grants(user).grant(code)
    if grant.empty:
        raise PermissionDenied()
    if region_path is None and org_id is None:
        return
    if not grant.covers(region_path=region_path, org_id=org_id):
        raise PermissionDenied("该对象不在您的管辖范围内")


def _validate_permissions(codes: list[str]) -> list[Permission]:
    perms = list(Permission.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {p.code for p in perms})
    if unknown:
        raise ValidationFailed(
            code="rbac.unknown_permission",
            message=f"权限码不存在：{'、'.join(unknown)}",
            details={"fields": {"permissions": "包含不存在的权限码"}},
        )
    return perms


def role_snapshot(role: Role) -> dict[str, Any]:
    return {
        "code": role.code,
        "name": role.name,
        "description": role.description,
        "scope_kind": role.scope_kind,
        "permissions": sorted(p.code for p in role.permissions.all()),
    }


@transaction.atomic
def role_create(*, actor: Any, code: str, name: str, description: str, scope_kind: str, permissions: list[str]) -> Role:
    require(actor, "rbac.manage_role")
    if scope_kind not in ScopeKind.values:
        raise ValidationFailed(code="rbac.invalid_scope_kind", message="范围类型不正确")
    if Role.objects.filter(code=code).exists():
        raise Conflict(
            code="rbac.role_exists", message=f"角色编码“{code}”已存在", details={"fields": {"code": "已存在"}}
        )
    perms = _validate_permissions(permissions)
    role = Role.objects.create(code=code, name=name, description=description, scope_kind=scope_kind)
    role.permissions.set(perms)
    audit_record(actor=actor, action="rbac.role_create", target=role, after=role_snapshot(role))
    return role


@transaction.atomic
def role_update(
    *,
    actor: Any,
    role: Role,
    name: str | None = None,
    description: str | None = None,
    permissions: list[str] | None = None,
) -> Role:
    require(actor, "rbac.manage_role")
    role = Role.objects.select_for_update().get(pk=role.pk)
    before = role_snapshot(role)
    fields = []
    if name is not None:
        role.name = name
        fields.append("name")
    if description is not None:
        role.description = description
        fields.append("description")
    if fields:
        role.save(update_fields=fields)
    if permissions is not None:
        role.permissions.set(_validate_permissions(permissions))
    audit_record(actor=actor, action="rbac.role_update", target=role, before=before, after=role_snapshot(role))
    return role


@transaction.atomic
def role_delete(*, actor: Any, role: Role) -> None:
    require(actor, "rbac.manage_role")
    if role.builtin:
        raise Conflict(code="rbac.role_builtin", message="内置角色不能删除")
    if RoleAssignment.objects.filter(role=role).exists():
        raise Conflict(code="rbac.role_in_use", message="该角色仍授予给用户，请先收回后再删除")
    before = role_snapshot(role)
    audit_record(actor=actor, action="rbac.role_delete", target=role, before=before)
    role.delete()


@lru_cache(maxsize=1)
def system_level_codes() -> frozenset[str]:
    """Codes only the platform operator's built-in role holds (role definitions, dictionaries, divisions,
    task queue, identity sources, login logs …): what only the operator hands out."""
    from smedt.rbac.registry import BUILTIN_ROLES, declared_role_defaults

    declared = declared_role_defaults()
    by_role = {spec.code: set(spec.permissions) | declared.get(spec.code, set()) for spec in BUILTIN_ROLES}
    others = set().union(*(codes for code, codes in by_role.items() if code != "sys_admin"))
    return frozenset(by_role.get("sys_admin", set()) - others)


def role_grant_refusal(actor: Any, role: Role) -> str:
    """Why `actor` may not grant `role` ("" when it may). A platform-wide manager grants any role; a manager
    scoped to a region grants only region- or organization-scoped roles that carry no system-level
    permission the manager does not hold itself, so nobody can hand out more than the operator gave them."""
    grants = user_grants(actor)
    manage = grants.grant("accounts.manage_user")
    if manage.empty:
        return "您没有管理用户的权限"
    if manage.is_global:
        return ""
    if role.scope_kind == ScopeKind.GLOBAL:
        return f"“{role.name}”是全局角色，只有系统管理员可以授予"
    held = set(grants.codes)
    beyond = sorted(c for c in (p.code for p in role.permissions.all()) if c in system_level_codes() and c not in held)
    if beyond:
        return f"“{role.name}”含有系统管理权限，只有系统管理员可以授予"
    return ""


def assignment_snapshot(user: Any) -> list[dict[str, Any]]:
    return [
        {"role": a.role.code, "region": a.region.code if a.region else None, "org": a.org_id}
        for a in RoleAssignment.objects.filter(user=user).select_related("role", "region").order_by("id")
    ]


@transaction.atomic
def user_roles_set(*, actor: Any, user: Any, assignments: list[dict[str, Any]]) -> list[RoleAssignment]:
    """Replace a user's role assignments. Each needs the scope its role's kind asks for.

    A county-scoped administrator can only grant within their own region subtree.
    """
    from smedt.orgs.models import Organization
    from smedt.regions.models import Region

    require(actor, "accounts.manage_user")
    manage = user_grants(actor).grant("accounts.manage_user")
    before = assignment_snapshot(user)
    rows: list[RoleAssignment] = []
    seen: set[tuple[str, str | None, int | None]] = set()
    roles = {
        r.code: r
        for r in Role.objects.filter(code__in=[a["role_code"] for a in assignments]).prefetch_related("permissions")
    }
    for idx, item in enumerate(assignments):
        code = item["role_code"]
        role = roles.get(code)
        if role is None:
            raise ValidationFailed(code="rbac.unknown_role", message=f"第 {idx + 1} 行：角色“{code}”不存在")
        refusal = role_grant_refusal(actor, role)
        if refusal:
            raise PermissionDenied(refusal)
        region = None
        org = None
        if role.scope_kind == ScopeKind.REGION:
            if not item.get("region_code"):
                raise ValidationFailed(
                    code="rbac.scope_required", message=f"第 {idx + 1} 行：角色“{role.name}”需要选择行政区域"
                )
            region = Region.objects.filter(code=item["region_code"], is_active=True).first()
            if region is None:
                raise ValidationFailed(code="rbac.unknown_region", message=f"第 {idx + 1} 行：行政区域不存在或已停用")
            if not manage.covers(region_path=region.path):
                raise PermissionDenied("不能授予超出您管辖范围的区域")
        elif role.scope_kind == ScopeKind.ORG:
            if not item.get("org_id"):
                raise ValidationFailed(
                    code="rbac.scope_required", message=f"第 {idx + 1} 行：角色“{role.name}”需要选择组织机构"
                )
            org = Organization.objects.select_related("region").filter(pk=item["org_id"]).first()
            if org is None:
                raise ValidationFailed(code="rbac.unknown_org", message=f"第 {idx + 1} 行：组织机构不存在")
            if not manage.covers(region_path=org.region.path, org_id=org.pk):
                raise PermissionDenied("不能授予超出您管辖范围的组织")
        elif not manage.is_global:
            raise PermissionDenied("只有系统管理员可以授予全局角色")
        key = (code, region.code if region else None, org.pk if org else None)
        if key in seen:
            continue
        seen.add(key)
        rows.append(RoleAssignment(user=user, role=role, region=region, org=org))
    existing = RoleAssignment.objects.filter(user=user)
    if not manage.is_global:
        # a scoped manager replaces only what lies inside their scope; roles granted elsewhere stay
        from smedt.accounts.querysets import UserQuerySet

        existing = existing.filter(UserQuerySet.assignment_scope(manage))
    existing.delete()
    kept = {
        (a.role.code, a.region.code if a.region else None, a.org_id)
        for a in RoleAssignment.objects.filter(user=user).select_related("role", "region")
    }
    RoleAssignment.objects.bulk_create(
        [r for r in rows if (r.role.code, r.region.code if r.region else None, r.org_id) not in kept]
    )
    forget_grants(user)
    audit_record(
        actor=actor,
        action="rbac.user_roles_set",
        target=user,
        before={"roles": before},
        after={"roles": assignment_snapshot(user)},
    )
    return rows

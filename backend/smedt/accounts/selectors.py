"""Reads for accounts: users within scope, login log, the current user's profile."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from smedt.accounts.models import LoginLog, User, UserSession
from smedt.accounts.services.users import mask_id_number, mask_mobile
from smedt.core.errors import NotFound, PermissionDenied
from smedt.rbac.grants import user_grants
from smedt.rbac.models import RoleAssignment


def assignment_dicts(assignments: list[RoleAssignment]) -> list[dict[str, Any]]:
    return [
        {
            "role_code": a.role.code,
            "role_name": a.role.name,
            "scope_kind": a.role.scope_kind,
            "region": {"code": a.region.code, "name": a.region.name} if a.region else None,
            "org": {"id": a.org.pk, "name": a.org.name} if a.org else None,
        }
        for a in assignments
    ]


def user_list(*, user: Any, filters: Any, action: str = "view") -> QuerySet[User]:
    qs = User.objects.visible_to(user, action)
    if filters.q:
        qs = qs.filter(Q(username__icontains=filters.q) | Q(display_name__icontains=filters.q))
    if filters.is_active is not None:
        qs = qs.filter(is_active=filters.is_active)
    if filters.role_code:
        qs = qs.filter(pk__in=RoleAssignment.objects.filter(role__code=filters.role_code).values("user_id"))
    if filters.region_code:
        qs = qs.filter(
            pk__in=RoleAssignment.objects.filter(
                Q(region__code=filters.region_code) | Q(org__region__code=filters.region_code)
            ).values("user_id")
        )
    return qs.prefetch_related(  # type: ignore[no-any-return]
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.select_related("role", "region", "org").order_by("id"),
        )
    )


def user_get(*, user: Any, user_id: int, action: str = "view") -> User:
    found: User | None = User.objects.visible_to(user, action).filter(pk=user_id).first()
    if found is None:
        raise NotFound("用户不存在或无权访问")
    return found


def may_view_personal_data(user: Any) -> bool:
    return not user_grants(user).grant("accounts.view_personal_data").empty


def user_out(u: User, *, reveal: bool = False) -> dict[str, Any]:
    """`reveal`: the caller holds accounts.view_personal_data (full mobile / ID number)."""
    return {
        "id": u.pk,
        "username": u.username,
        "display_name": u.display_name,
        "email": u.email,
        "mobile_masked": mask_mobile(u.mobile),
        "mobile_display": (u.mobile or "") if reveal else mask_mobile(u.mobile),
        "id_number_display": (u.id_number or "") if reveal else mask_id_number(u.id_number),
        "is_active": u.is_active,
        "locked_until": u.locked_until,
        "last_login": u.last_login,
        "date_joined": u.date_joined,
        "roles": assignment_dicts(list(u.role_assignments.all())),
    }


def me_out(user: User) -> dict[str, Any]:
    from smedt.notify.services import unread_count

    grants = user_grants(user)
    roles = [
        {
            "role_code": a["role_code"],
            "role_name": a["role_name"],
            "scope_kind": a["scope_kind"],
            "region": {"code": a["region"].code, "name": a["region"].name} if a["region"] else None,
            "org": {"id": a["org"].pk, "name": a["org"].name} if a["org"] else None,
        }
        for a in grants.assignments
    ]
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name or user.username,
        "must_change_password": user.must_change_password,
        "roles": roles,
        "permissions": grants.codes,
        "unread_messages": unread_count(user=user),
    }


def login_log_list(*, user: Any, filters: Any, action: str = "view") -> QuerySet[LoginLog]:
    """Login logs are platform-wide security records: global holders of the permission only."""
    code = "accounts.view_login_log" if action == "view" else "accounts.export_login_log"
    if not user_grants(user).grant(code).is_global:
        raise PermissionDenied()
    qs = LoginLog.objects.all()
    if filters.q:
        qs = qs.filter(username__icontains=filters.q)
    if filters.success is not None:
        qs = qs.filter(success=filters.success)
    if filters.ip:
        qs = qs.filter(ip__startswith=filters.ip)
    if filters.date_from:
        qs = qs.filter(created_at__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(created_at__lte=filters.date_to)
    return qs


def online_session_list(*, user: Any, filters: Any) -> QuerySet[UserSession]:
    """Open sessions: platform-wide security data, global holders of accounts.manage_session only."""
    if not user_grants(user).grant("accounts.manage_session").is_global:
        raise PermissionDenied()
    qs = UserSession.objects.select_related("user")
    if filters.q:
        qs = qs.filter(Q(user__username__icontains=filters.q) | Q(user__display_name__icontains=filters.q))
    if filters.ip:
        qs = qs.filter(ip__startswith=filters.ip)
    if filters.user_id:
        qs = qs.filter(user_id=filters.user_id)
    return qs


def online_session_out(row: UserSession, *, current_hash: str | None) -> dict[str, Any]:
    return {
        "id": row.pk,
        "user_id": row.user_id,
        "username": row.user.username,
        "display_name": row.user.display_name,
        "channel": row.channel,
        "ip": row.ip,
        "user_agent": row.user_agent,
        "created_at": row.created_at,
        "last_seen_at": row.last_seen_at,
        "current": row.session_key_hash == current_hash,
    }

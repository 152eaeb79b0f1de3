"""User administration: create, edit, disable, unlock, reset password."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from smedt.accounts.models import PasswordHistory, User
from smedt.accounts.password_policy import HISTORY_DEPTH
from smedt.accounts.usercache import user_changed
from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, ValidationFailed
from smedt.gmcrypto.fields import blind_index
from smedt.rbac.services import require

USERNAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{3,64}$")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def mask_mobile(mobile: str | None) -> str:
    mobile = mobile or ""
    return f"{mobile[:3]}****{mobile[-4:]}" if len(mobile) == 11 else ("****" if mobile else "")


def mask_id_number(value: str | None) -> str:
    value = value or ""
    if len(value) >= 15:
        return f"{value[:3]}{'*' * (len(value) - 7)}{value[-4:]}"
    return "****" if value else ""


def user_snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "mobile": mask_mobile(user.mobile),
        "is_active": user.is_active,
    }


def password_set(*, user: User, raw_password: str, field: str = "password") -> None:
    """Validate against the policy (incl. history) and store; keeps the last passwords' hashes."""
    try:
        validate_password(raw_password, user=user)
    except ValidationError as exc:
        msg = "；".join(exc.messages)
        raise ValidationFailed(code="accounts.weak_password", message=msg, details={"fields": {field: msg}}) from exc
    user.set_password(raw_password)
    user.password_changed_at = timezone.now()
    user.save(update_fields=["password", "password_changed_at"])
    PasswordHistory.objects.create(user=user, password=user.password)
    keep = list(PasswordHistory.objects.filter(user=user).order_by("-id").values_list("id", flat=True)[:HISTORY_DEPTH])
    PasswordHistory.objects.filter(user=user).exclude(id__in=keep).delete()


def _clean_mobile(mobile: str | None) -> str:
    value = (mobile or "").strip()
    if value and not MOBILE_RE.match(value):
        raise ValidationFailed(
            code="accounts.invalid_mobile",
            message="手机号格式不正确",
            details={"fields": {"mobile": "应为 11 位手机号"}},
        )
    return value


def _clean_email(email: str | None) -> str:
    value = (email or "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError as exc:
            raise ValidationFailed(
                code="accounts.invalid_email", message="邮箱格式不正确", details={"fields": {"email": "邮箱格式不正确"}}
            ) from exc
    return value


def end_sessions(user: User) -> int:
    """End every open session of `user` (disable, password reset, forced logout) via `UserSession`."""
    from smedt.accounts.services.sessions import sessions_end_for_user

    return sessions_end_for_user(user=user)


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    display_name: str,
    password: str,
    email: str = "",
    mobile: str | None = None,
    assignments: list[dict[str, Any]] | None = None,
    audit: bool = True,
) -> User:
    """Create an account; `assignments` (role + scope) are granted in the same transaction.

    A manager whose user-management grant is scoped (e.g. to one county) must grant at least one
    role within that scope, so the account never falls outside everyone's reach but the platform's.
    """
    from smedt.rbac.grants import user_grants
    from smedt.rbac.services import user_roles_set

    if actor is not None:
        require(actor, "accounts.manage_user")
        if not assignments and not user_grants(actor).grant("accounts.manage_user").is_global:
            raise ValidationFailed(
                code="accounts.assignment_required",
                message="请为新用户至少授予一个您管辖范围内的角色",
                details={"fields": {"assignments": "请至少授予一个角色"}},
            )
    username = username.strip()
    if not USERNAME_RE.match(username):
        raise ValidationFailed(
            code="accounts.invalid_username",
            message="用户名须为 3–64 位字母、数字或 _ . @ -",
            details={"fields": {"username": "格式不正确"}},
        )
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(
            code="accounts.username_taken",
            message=f"用户名“{username}”已被使用",
            details={"fields": {"username": "已被使用"}},
        )
    mobile_value = _clean_mobile(mobile)
    user = User(username=username, display_name=display_name.strip(), email=_clean_email(email))
    user.mobile = mobile_value
    user.mobile_index = blind_index(mobile_value) if mobile_value else ""
    user.set_unusable_password()
    user.save()
    password_set(user=user, raw_password=password)
    if audit:
        audit_record(actor=actor, action="accounts.user_create", target=user, after=user_snapshot(user))
    if assignments:
        user_roles_set(actor=actor, user=user, assignments=assignments)
    return user


@transaction.atomic
def user_update(
    *, actor: Any, user: User, display_name: str | None = None, email: str | None = None, mobile: str | None = None
) -> User:
    require(actor, "accounts.manage_user")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = user_snapshot(user)
    fields = []
    if display_name is not None:
        user.display_name = display_name.strip()
        fields.append("display_name")
    if email is not None:
        user.email = _clean_email(email)
        fields.append("email")
    if mobile is not None:
        user.mobile = _clean_mobile(mobile)
        user.mobile_index = blind_index(user.mobile) if user.mobile else ""
        fields += ["mobile", "mobile_index"]
    if fields:
        user.save(update_fields=fields)
    audit_record(actor=actor, action="accounts.user_update", target=user, before=before, after=user_snapshot(user))
    return user


@transaction.atomic
def user_set_active(*, actor: Any, user: User, active: bool) -> User:
    require(actor, "accounts.manage_user")
    if user.pk == getattr(actor, "pk", None) and not active:
        raise Conflict(code="accounts.cannot_disable_self", message="不能停用自己的账号")
    user = User.objects.select_for_update().get(pk=user.pk)
    before = user_snapshot(user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        end_sessions(user)
    audit_record(
        actor=actor,
        action="accounts.user_enable" if active else "accounts.user_disable",
        target=user,
        before=before,
        after=user_snapshot(user),
    )
    return user


@transaction.atomic
def user_unlock(*, actor: Any, user: User) -> User:
    require(actor, "accounts.manage_user")
    User.objects.filter(pk=user.pk).update(locked_until=None, failed_login_count=0)
    user_changed(user.pk)  # a queryset update sends no signal: retire the cached user
    user.refresh_from_db()
    audit_record(actor=actor, action="accounts.user_unlock", target=user)
    return user


@transaction.atomic
def user_reset_password(*, actor: Any, user: User, new_password: str) -> User:
    require(actor, "accounts.manage_user")
    user = User.objects.select_for_update().get(pk=user.pk)
    password_set(user=user, raw_password=new_password, field="new_password")
    user.must_change_password = True
    user.locked_until = None
    user.failed_login_count = 0
    user.save(update_fields=["must_change_password", "locked_until", "failed_login_count"])
    end_sessions(user)
    audit_record(actor=actor, action="accounts.user_reset_password", target=user)
    return user


def user_refetch(*, user: User) -> User:
    """The same user, reloaded with assignments, after a write by someone already authorized."""
    from django.db.models import Prefetch

    from smedt.rbac.models import RoleAssignment

    found: User = User.objects.prefetch_related(
        Prefetch(
            "role_assignments", queryset=RoleAssignment.objects.select_related("role", "region", "org").order_by("id")
        )
    ).get(pk=user.pk)
    return found

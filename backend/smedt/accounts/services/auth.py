"""Local login with lockout, logout, own password change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from smedt.accounts.models import LoginLog, User
from smedt.accounts.services.users import password_set
from smedt.audit.services import audit_record
from smedt.core.errors import ApplicationError, ValidationFailed
from smedt.core.middleware import client_ip


def _log(request: HttpRequest, *, username: str, user: User | None, success: bool, reason: str) -> None:
    LoginLog.objects.create(
        username=username[:150],
        user=user,
        success=success,
        reason=reason,
        ip=client_ip(request),
        user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:255],
    )


def _local(dt: Any) -> str:
    return str(timezone.localtime(dt).strftime("%Y-%m-%d %H:%M"))


def login_attempt(*, request: HttpRequest, username: str, password: str) -> User:
    """Log in or refuse with one message that does not reveal whether the account exists."""
    username = username.strip()
    now = timezone.now()
    user = User.objects.filter(username=username).first()
    if user is not None and user.locked_until and user.locked_until > now:
        _log(request, username=username, user=user, success=False, reason="账号已锁定")
        raise ApplicationError(
            code="auth.locked",
            message=f"连续登录失败次数过多，账号已锁定，请于 {_local(user.locked_until)} 后再试或联系管理员解锁",
            status_code=423,
        )
    authed = authenticate(request, username=username, password=password)
    if authed is None:
        reason = "用户不存在"
        if user is not None:
            reason = "账号已停用" if not user.is_active else "密码错误"
            if user.is_active:
                User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
                user.refresh_from_db(fields=["failed_login_count"])
                if user.failed_login_count >= settings.SMEDT_LOGIN_MAX_FAILURES:
                    until = now + timedelta(minutes=settings.SMEDT_LOGIN_LOCK_MINUTES)
                    User.objects.filter(pk=user.pk).update(locked_until=until, failed_login_count=0)
                    reason = "密码错误，账号已锁定"
        _log(request, username=username, user=user, success=False, reason=reason)
        raise ApplicationError(code="auth.invalid_credentials", message="用户名或密码错误", status_code=400)
    assert isinstance(authed, User)
    User.objects.filter(pk=authed.pk).update(failed_login_count=0, locked_until=None)
    login(request, authed)  # rotates the session key
    request.session.set_expiry(settings.SESSION_COOKIE_AGE)
    _log(request, username=username, user=authed, success=True, reason="登录成功")
    return authed


def logout_current(*, request: HttpRequest) -> None:
    logout(request)


@transaction.atomic
def password_change_own(*, user: User, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ValidationFailed(
            code="auth.wrong_password", message="原密码不正确", details={"fields": {"old_password": "原密码不正确"}}
        )
    if old_password == new_password:
        raise ValidationFailed(
            code="auth.same_password",
            message="新密码不能与原密码相同",
            details={"fields": {"new_password": "不能与原密码相同"}},
        )
    password_set(user=user, raw_password=new_password, field="new_password")
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    audit_record(actor=user, action="accounts.password_change", target=user)

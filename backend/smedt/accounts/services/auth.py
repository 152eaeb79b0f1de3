"""Local login (SM2-encrypted password, captcha, lockout, expiry, session limit), logout, own password change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from smedt.accounts import conf
from smedt.accounts.models import LoginLog, User
from smedt.accounts.services.captcha import (
    REASON_DISABLED,
    REASON_NO_SUCH_USER,
    REASON_WRONG_PASSWORD,
    REASON_WRONG_PASSWORD_LOCKED,
    captcha_check,
    captcha_required,
)
from smedt.accounts.services.login_crypto import password_from_cipher
from smedt.accounts.services.ratelimit import login_rate_check
from smedt.accounts.services.sessions import sessions_end_for_user, sessions_enforce_limit
from smedt.accounts.services.users import password_set
from smedt.accounts.usercache import user_changed
from smedt.audit.services import audit_record
from smedt.core.errors import ApplicationError, ValidationFailed
from smedt.core.middleware import client_ip

LOGIN_CHANNEL_KEY = "smedt_login_channel"


def _log(request: HttpRequest, *, username: str, user: User | None, success: bool, reason: str) -> None:
    LoginLog.objects.create(
        username=username[:150],
        user=user,
        success=success,
        reason=reason,
        ip=client_ip(request),
        user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:255],
    )


def login_log_write(request: HttpRequest, *, username: str, user: User | None, success: bool, reason: str) -> None:
    """Append one login-log row (used by the other login channels: SSO, SMS)."""
    _log(request, username=username, user=user, success=success, reason=reason)


def _local(dt: Any) -> str:
    return str(timezone.localtime(dt).strftime("%Y-%m-%d %H:%M"))


def password_expired(user: User) -> bool:
    """Whether the password is older than SMEDT_PASSWORD_MAX_AGE_DAYS (0 = never expires)."""
    days = conf.password_max_age_days()
    if days <= 0 or user.password_changed_at is None or not user.has_usable_password():
        return False
    return bool(user.password_changed_at < timezone.now() - timedelta(days=days))


def session_open(*, request: HttpRequest, user: User, channel: str) -> None:
    """Open a session for an authenticated user (every channel): rotate key, expiry, session limit."""
    request.session[LOGIN_CHANNEL_KEY] = channel
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")  # rotates the session key
    request.session[LOGIN_CHANNEL_KEY] = channel
    request.session.set_expiry(settings.SESSION_COOKIE_AGE)
    sessions_enforce_limit(user=user, current_session_key=request.session.session_key)


def login_attempt(
    *,
    request: HttpRequest,
    username: str,
    password: str | None = None,
    password_cipher: str | None = None,
    captcha_id: str | None = None,
    captcha_answer: str | None = None,
) -> User:
    """Log in or refuse with one message that does not reveal whether the account exists."""
    username = username.strip()
    now = timezone.now()
    login_rate_check(request=request, username=username)
    if password_cipher:
        password = password_from_cipher(password_cipher)
    elif not conf.allow_plain_password():
        raise ValidationFailed(
            code="auth.cipher_required",
            message="请刷新页面后重新登录（密码须加密传输）",
            details={"fields": {"password_cipher": "必填"}},
        )
    if not password:
        raise ValidationFailed(code="validation_error", message="请输入密码", details={"fields": {"password": "必填"}})
    user = User.objects.filter(username=username).first()
    if user is not None and user.locked_until and user.locked_until > now:
        _log(request, username=username, user=user, success=False, reason="账号已锁定")
        raise ApplicationError(
            code="auth.locked",
            message=f"连续登录失败次数过多，账号已锁定，请于 {_local(user.locked_until)} 后再试或联系管理员解锁",
            status_code=423,
        )
    if captcha_required(request=request, user=user, username=username):
        try:
            captcha_check(request=request, captcha_id=captcha_id, answer=captcha_answer)
        except ApplicationError:
            _log(request, username=username, user=user, success=False, reason="验证码错误")
            raise
    authed = authenticate(request, username=username, password=password)
    if authed is None:
        reason = REASON_NO_SUCH_USER
        if user is not None:
            reason = REASON_DISABLED if not user.is_active else REASON_WRONG_PASSWORD
            if user.is_active:
                User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
                user_changed(user.pk)  # a queryset update sends no signal: retire the cached user
                user.refresh_from_db(fields=["failed_login_count"])
                if user.failed_login_count >= settings.SMEDT_LOGIN_MAX_FAILURES:
                    until = now + timedelta(minutes=settings.SMEDT_LOGIN_LOCK_MINUTES)
                    User.objects.filter(pk=user.pk).update(locked_until=until, failed_login_count=0)
                    user_changed(user.pk)
                    reason = REASON_WRONG_PASSWORD_LOCKED
        _log(request, username=username, user=user, success=False, reason=reason)
        details = {"captcha_required": True} if captcha_required(request=request, user=user, username=username) else {}
        raise ApplicationError(
            code="auth.invalid_credentials", message="用户名或密码错误", details=details, status_code=400
        )
    assert isinstance(authed, User)
    changes: dict[str, Any] = {"failed_login_count": 0, "locked_until": None}
    if authed.password_changed_at is None:
        changes["password_changed_at"] = now  # the expiry clock starts at the first login we see
    elif password_expired(authed) and not authed.must_change_password:
        changes["must_change_password"] = True
    User.objects.filter(pk=authed.pk).update(**changes)
    user_changed(authed.pk)  # e.g. must_change_password, which the session guard reads from the cached user
    for key, value in changes.items():
        setattr(authed, key, value)
    session_open(request=request, user=authed, channel="password")
    _log(request, username=username, user=authed, success=True, reason="登录成功")
    return authed


def logout_current(*, request: HttpRequest) -> None:
    logout(request)


@transaction.atomic
def password_change_own(
    *, user: User, old_password: str, new_password: str, request: HttpRequest | None = None
) -> None:
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
    # other sessions of this account end; the one that changed the password stays
    keep = request.session.session_key if request is not None else None
    sessions_end_for_user(user=user, keep_session_key=keep)
    audit_record(actor=user, action="accounts.password_change", target=user)

"""SMS one-time-code login: a 6-digit code (stored as its SM3 digest), 5 minutes, rate-limited,
at most 5 tries; only for an active account with that mobile number."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from smedt.accounts.models import User
from smedt.accounts.services.auth import login_log_write, session_open
from smedt.accounts.services.users import MOBILE_RE, mask_mobile
from smedt.core.errors import ApplicationError, ValidationFailed
from smedt.core.middleware import client_ip
from smedt.core.ratelimit import rate_exceeded, rate_hit
from smedt.gmcrypto.fields import blind_index
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.identity.models import SmsCode
from smedt.notify.sms import CODE, SmsNotSent, sms_send

logger = logging.getLogger(__name__)

CODE_SECONDS = 300
RESEND_SECONDS = 60
MAX_ATTEMPTS = 5  # wrong entries of one code before it is void
HOUR = 3600


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _digest(index: str, code: str) -> str:
    return sm3_hex(f"{index}:{code}".encode())


def _clean(mobile: str) -> str:
    value = mobile.strip()
    if not MOBILE_RE.match(value):
        raise ValidationFailed(
            code="accounts.invalid_mobile",
            message="手机号格式不正确",
            details={"fields": {"mobile": "应为 11 位手机号"}},
        )
    return value


def sms_code_send(*, request: HttpRequest, mobile: str) -> None:
    """Send a login code. The answer is the same whether or not an account has that number."""
    mobile = _clean(mobile)
    index = blind_index(mobile)
    now = timezone.now()
    recent = SmsCode.objects.filter(mobile_index=index, created_at__gte=now - timedelta(hours=1))
    if recent.filter(created_at__gte=now - timedelta(seconds=RESEND_SECONDS)).exists():
        raise ApplicationError(code="sms.too_frequent", message="验证码发送过于频繁，请 1 分钟后再试", status_code=429)
    ip = client_ip(request)
    per_mobile = _setting("SMEDT_SMS_SEND_PER_MOBILE_HOUR", 5)
    per_ip = _setting("SMEDT_SMS_SEND_PER_IP_HOUR", 20)
    if (per_mobile > 0 and recent.count() >= per_mobile) or (
        per_ip > 0 and SmsCode.objects.filter(ip=ip, created_at__gte=now - timedelta(hours=1)).count() >= per_ip
    ):
        raise ApplicationError(code="sms.too_many", message="验证码发送次数过多，请稍后再试", status_code=429)
    code = f"{secrets.randbelow(10**6):06d}"
    SmsCode.objects.create(
        mobile_index=index, code_hash=_digest(index, code), expires_at=now + timedelta(seconds=CODE_SECONDS), ip=ip
    )
    user = User.objects.filter(mobile_index=index, is_active=True).first()
    if user is not None:
        try:
            sms_send(
                mobile=mobile,
                content=f"您的登录验证码为 {code}，5 分钟内有效。如非本人操作请忽略。",
                purpose="login",
                kind=CODE,
            )
        except SmsNotSent:
            # the outbox row keeps the gateway's reason; the answer stays the same as for an unknown number
            logger.warning("login code SMS not sent")


def sms_code_login(*, request: HttpRequest, mobile: str, code: str) -> User:
    mobile = _clean(mobile)
    index = blind_index(mobile)
    now = timezone.now()
    refused = ApplicationError(code="sms.invalid_code", message="验证码错误或已过期", status_code=400)
    # failed entries per source address (many numbers tried from one place) and per number (one
    # number tried from many places); beyond either even the right code waits for the hour
    ip_key, mobile_key = f"sms-verify-ip:{client_ip(request)}", f"sms-verify-mobile:{index}"
    if rate_exceeded(
        ip_key, limit=_setting("SMEDT_SMS_VERIFY_FAILURES_PER_IP_HOUR", 20), window_seconds=HOUR
    ) or rate_exceeded(
        mobile_key, limit=_setting("SMEDT_SMS_VERIFY_FAILURES_PER_MOBILE_HOUR", 10), window_seconds=HOUR
    ):
        raise ApplicationError(
            code="sms.too_many_attempts",
            message="验证码错误次数过多，请 1 小时后再试或使用账号密码登录",
            status_code=429,
        )
    with transaction.atomic():
        row = (
            SmsCode.objects.select_for_update()
            .filter(mobile_index=index, used_at__isnull=True, expires_at__gt=now)
            .order_by("-id")
            .first()
        )
        ok = (
            row is not None
            and row.attempts < MAX_ATTEMPTS
            and secrets.compare_digest(row.code_hash, _digest(index, code.strip()))
        )
        if row is not None and not ok:
            SmsCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
        if row is not None and ok:
            row.used_at = now
            row.save(update_fields=["used_at"])
    if not ok:
        rate_hit(ip_key, window_seconds=HOUR)
        rate_hit(mobile_key, window_seconds=HOUR)
        login_log_write(request, username=mask_mobile(mobile), user=None, success=False, reason="短信验证码错误")
        raise refused
    users: list[User] = list(User.objects.filter(mobile_index=index, is_active=True)[:2])
    if len(users) != 1:
        login_log_write(request, username=mask_mobile(mobile), user=None, success=False, reason="手机号未绑定唯一账号")
        raise refused
    user = users[0]
    if user.locked_until and user.locked_until > now:
        raise ApplicationError(code="auth.locked", message="账号已锁定，请稍后再试或联系管理员解锁", status_code=423)
    session_open(request=request, user=user, channel="sms")
    login_log_write(request, username=user.username, user=user, success=True, reason="短信验证码登录")
    return user

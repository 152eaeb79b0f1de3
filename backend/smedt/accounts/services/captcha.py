"""Image captcha asked after repeated login failures (per username or per source address).

The answer is kept only as its SM3 digest in the caller's session, single use, with an expiry.
"""

from __future__ import annotations

import base64
import io
import secrets
import time
from datetime import timedelta

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from smedt.accounts import conf
from smedt.accounts.models import LoginLog, User
from smedt.core.errors import ApplicationError
from smedt.core.middleware import client_ip
from smedt.gmcrypto.sm3 import sm3_hex

_ALPHABET = "ACDEFHJKLMNPRTUVWXY34679"  # no look-alikes (0/O, 1/I, 5/S, 8/B, 2/Z)
_SESSION_KEY = "smedt_captcha"
CAPTCHA_SECONDS = 300
_WINDOW_MINUTES = 30
# The login-log reasons of a wrong username or password. Only these count toward the captcha:
# a refused SSO callback, a wrong SMS code or a wrong captcha says nothing about the password and
# must not let anyone force a captcha on everybody behind the same address.
REASON_NO_SUCH_USER = "用户不存在"
REASON_WRONG_PASSWORD = "密码错误"  # noqa: S105 - a login-log label, not a password
REASON_WRONG_PASSWORD_LOCKED = "密码错误，账号已锁定"  # noqa: S105 - a login-log label
REASON_DISABLED = "账号已停用"
CREDENTIAL_FAILURE_REASONS = (REASON_NO_SUCH_USER, REASON_WRONG_PASSWORD, REASON_WRONG_PASSWORD_LOCKED, REASON_DISABLED)


def _digest(captcha_id: str, answer: str) -> str:
    return sm3_hex(f"{captcha_id}:{answer.strip().upper()}".encode())


def _render(text: str) -> bytes:
    rng = secrets.SystemRandom()
    img = Image.new("RGB", (120, 44), (245, 247, 250))
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        draw.line(
            [(rng.randint(0, 120), rng.randint(0, 44)), (rng.randint(0, 120), rng.randint(0, 44))],
            fill=(rng.randint(120, 200), rng.randint(120, 200), rng.randint(120, 200)),
            width=1,
        )
    font = ImageFont.load_default(size=26)
    for i, ch in enumerate(text):
        glyph = Image.new("RGBA", (30, 36), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((4, 2), ch, font=font, fill=(rng.randint(10, 90), rng.randint(10, 90), 140))
        glyph = glyph.rotate(rng.uniform(-25, 25), expand=False)
        img.paste(glyph, (6 + i * 27, rng.randint(0, 8)), glyph)
    img = img.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def captcha_issue(*, request: HttpRequest) -> dict[str, object]:
    """A new captcha for this browser session; replaces any earlier one."""
    text = "".join(secrets.choice(_ALPHABET) for _ in range(4))
    captcha_id = secrets.token_hex(8)
    expires = time.time() + CAPTCHA_SECONDS
    request.session[_SESSION_KEY] = {"id": captcha_id, "hash": _digest(captcha_id, text), "exp": expires}
    image = "data:image/png;base64," + base64.b64encode(_render(text)).decode("ascii")
    return {
        "captcha_id": captcha_id,
        "image": image,
        "expires_at": timezone.now() + timedelta(seconds=CAPTCHA_SECONDS),
    }


def captcha_required(*, request: HttpRequest, user: User | None, username: str) -> bool:
    """Whether the password failures of this username or of this source address call for a captcha."""
    limit = conf.captcha_after_failures()
    if limit <= 0:
        return False
    if user is not None and user.failed_login_count >= limit:
        return True
    since = timezone.now() - timedelta(minutes=_WINDOW_MINUTES)
    ip = client_ip(request)
    last_ok = (
        LoginLog.objects.filter(success=True, created_at__gte=since)
        .filter(Q(ip=ip) | Q(username=username))
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    failures = LoginLog.objects.filter(
        success=False, reason__in=CREDENTIAL_FAILURE_REASONS, created_at__gte=since, id__gt=last_ok or 0
    ).filter(Q(ip=ip) | Q(username=username))
    return failures.count() >= limit


def captcha_check(*, request: HttpRequest, captcha_id: str | None, answer: str | None) -> None:
    """Consume the session's captcha; refuse when missing, expired or wrong."""
    stored = request.session.pop(_SESSION_KEY, None)
    details = {"captcha_required": True}
    if not captcha_id or not answer:
        raise ApplicationError(
            code="auth.captcha_required", message="请输入图形验证码", details=details, status_code=400
        )
    if (
        not isinstance(stored, dict)
        or stored.get("id") != captcha_id
        or float(stored.get("exp", 0)) < time.time()
        or not secrets.compare_digest(str(stored.get("hash", "")), _digest(captcha_id, answer))
    ):
        raise ApplicationError(
            code="auth.captcha_invalid", message="图形验证码错误或已过期，请重新获取", details=details, status_code=400
        )

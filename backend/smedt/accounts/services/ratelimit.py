"""Login rate limits: fixed one-minute windows in the shared cache, per source address and per account.

The counting is the shared fixed-window limiter of `core.ratelimit`. They bound the CPU an attacker (or a reconnect storm) can spend on password hashing, before the
captcha and the account lockout come into play. Counters live in the Django cache (Redis in
production, so every web worker counts together).
"""

from __future__ import annotations

from django.http import HttpRequest

from smedt.accounts import conf
from smedt.core.errors import ApplicationError
from smedt.core.middleware import client_ip
from smedt.core.ratelimit import rate_hit

WINDOW_SECONDS = 60


def login_rate_check(*, request: HttpRequest, username: str) -> None:
    """Count this attempt; refuse with 429 once the address or the account is over its limit."""
    for kind, value, limit in (
        ("ip", client_ip(request), conf.login_rate_per_ip()),
        ("account", username.strip().lower()[:150], conf.login_rate_per_account()),
    ):
        if limit > 0 and rate_hit(f"login:{kind}:{value}", window_seconds=WINDOW_SECONDS) > limit:
            raise ApplicationError(
                code="auth.rate_limited",
                message="登录尝试过于频繁，请一分钟后再试",
                details={"retry_after_seconds": WINDOW_SECONDS},
                status_code=429,
            )

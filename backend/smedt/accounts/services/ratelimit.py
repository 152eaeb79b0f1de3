"""Login rate limits: fixed one-minute windows in the shared cache, per source address and per account.

They bound the CPU an attacker (or a reconnect storm) can spend on password hashing, before the
captcha and the account lockout come into play. Counters live in the Django cache (Redis in
production, so every web worker counts together).
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest

from smedt.accounts import conf
from smedt.core.errors import ApplicationError
from smedt.core.middleware import client_ip

WINDOW_SECONDS = 60


def _hit(kind: str, value: str) -> int:
    key = f"smedt:login-rate:{kind}:{value}:{int(time.time() // WINDOW_SECONDS)}"
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        return int(cache.incr(key))
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, WINDOW_SECONDS * 2)
        return 1


def login_rate_check(*, request: HttpRequest, username: str) -> None:
    """Count this attempt; refuse with 429 once the address or the account is over its limit."""
    for kind, value, limit in (
        ("ip", client_ip(request), conf.login_rate_per_ip()),
        ("account", username.strip().lower()[:150], conf.login_rate_per_account()),
    ):
        if limit > 0 and _hit(kind, value) > limit:
            raise ApplicationError(
                code="auth.rate_limited",
                message="登录尝试过于频繁，请一分钟后再试",
                details={"retry_after_seconds": WINDOW_SECONDS},
                status_code=429,
            )

"""Fixed-window rate limits on the Django cache, for anonymous entry points (registration, SMS).

Counters live in the configured cache (``CACHES``): the embedded default is per process
(local memory), so with several web processes or nodes configure a shared cache (Redis or the
database cache) or the effective limit is multiplied by the number of processes. A limit of 0
turns the check off.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from smedt.core.errors import ApplicationError

_PREFIX = "smedt:rl:"


def _key(name: str, window_seconds: int) -> str:
    return f"{_PREFIX}{name}:{int(time.time() // window_seconds)}"


def rate_count(name: str, *, window_seconds: int) -> int:
    """Hits counted in the current window."""
    return int(cache.get(_key(name, window_seconds), 0) or 0)


def rate_hit(name: str, *, window_seconds: int) -> int:
    """Count one hit; returns the count in the current window, this hit included."""
    key = _key(name, window_seconds)
    cache.add(key, 0, timeout=window_seconds + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 1)
        return 1


def rate_exceeded(name: str, *, limit: int, window_seconds: int) -> bool:
    """Whether `limit` hits were already counted in this window (0 = no limit)."""
    return limit > 0 and rate_count(name, window_seconds=window_seconds) >= limit


def rate_limit(name: str, *, limit: int, window_seconds: int, code: str, message: str, count: bool = True) -> None:
    """Refuse with 429 once `limit` hits were counted in this window; otherwise count this one."""
    if limit <= 0:
        return
    if rate_exceeded(name, limit=limit, window_seconds=window_seconds):
        raise ApplicationError(
            code=code, message=message, details={"retry_after_seconds": window_seconds}, status_code=429
        )
    if count:
        rate_hit(name, window_seconds=window_seconds)

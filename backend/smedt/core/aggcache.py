"""Cached aggregates: dashboards and summaries computed once and served from the cache until their
data changes.

An aggregate lives under a *namespace* (e.g. "assessment.analysis"); the service that changes its
source rows calls `aggregate_changed(namespace)` (now and again after commit), which moves the
namespace to a new generation so every cached answer of it is recomputed on next read. Entries also
expire after `SMEDT_AGGREGATE_CACHE_SECONDS` (0 turns caching off, as the test settings do).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")


def _generation_key(namespace: str) -> str:
    return f"smedt:agg:{namespace}:generation"


def _generation(namespace: str) -> str:
    key = _generation_key(namespace)
    gen = cache.get(key)
    if gen is None:
        cache.add(key, str(time.time_ns()), None)
        gen = cache.get(key, "0")
    return str(gen)


def _bump(namespace: str) -> None:
    cache.set(_generation_key(namespace), str(time.time_ns()), None)


def aggregate_changed(namespace: str) -> None:
    """The source rows of `namespace` changed: drop its cached answers now and after commit."""
    _bump(namespace)
    transaction.on_commit(lambda: _bump(namespace))


def cached_aggregate(namespace: str, key: Any, compute: Callable[[], T], *, max_seconds: int | None = None) -> T:
    """`compute()` once per (namespace generation, key); `key` must describe scope and filters fully.

    `max_seconds` caps the lifetime for aggregates whose sources change without a call to
    `aggregate_changed` (e.g. a profile over several modules' tables: at most a minute old)."""
    seconds = int(getattr(settings, "SMEDT_AGGREGATE_CACHE_SECONDS", 300))
    if max_seconds is not None:
        seconds = min(seconds, max_seconds)
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:40]
    full_key = f"smedt:agg:{namespace}:{_generation(namespace)}:{digest}"
    hit = cache.get(full_key)
    if hit is not None:
        return hit  # type: ignore[no-any-return]
    value = compute()
    cache.set(full_key, value, seconds)
    return value

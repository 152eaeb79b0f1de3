"""Cache of anonymous public API answers (portal lists, search, catalogue) with invalidation on publish.

The whole HTTP response is kept (no session, auth, query or serialization on a hit). Entries live
`SMEDT_PUBLIC_CACHE_SECONDS` and are keyed by a *generation* that `public_content_changed()` bumps
whenever public content changes (publish, withdraw, edit of a published item — the portal search
index calls it), so a publication shows at once. The Django cache is process memory by default and
Redis in production (`SMEDT_CACHE_URL`), shared by every web worker.

Only list/search paths whose every change reaches the search index (and so invalidates) are cached:
portal content, the product catalogue (`providers.product_search_sync`), plus reference lists that
change rarely (regions, site name). Detail pages count views, so they always reach the view;
publicity and recruitment lists are not cached (their changes do not pass through the index).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

GENERATION_KEY = "smedt:public:generation"

CACHED_PATHS = frozenset(
    {
        "/api/public/site",
        "/api/portal/public/home",
        "/api/portal/public/categories",
        "/api/portal/public/scenarios",
        "/api/portal/public/announcements",
        "/api/portal/public/cases",
        "/api/portal/public/needs",
        "/api/portal/public/offers",
        "/api/portal/public/search",
        "/api/providers/catalogue",
        "/api/providers/scenarios",
        "/api/regions/tree",
        "/api/funds/public/subsidies",  # 奖补名单: approval and reversal call public_content_changed()
        "/api/policies/public",
        "/api/policies/public/meta",
        "/api/industry/public/scenarios",  # 产业链场景库: industry.scenarios calls public_content_changed()
    }
)


def _ttl() -> int:
    return int(getattr(settings, "SMEDT_PUBLIC_CACHE_SECONDS", 60))


def _edge_ttl() -> int:
    return int(getattr(settings, "SMEDT_PUBLIC_EDGE_SECONDS", 5))


def cache_control() -> str:
    """Browsers revalidate every time; a shared cache (the nginx micro-cache) may keep it ``s-maxage`` s."""
    edge = _edge_ttl()
    return f"public, max-age=0, s-maxage={edge}" if edge > 0 else "public, no-cache"


def _generation() -> str:
    gen = cache.get(GENERATION_KEY)
    if gen is None:
        gen = str(time.time_ns())
        cache.add(GENERATION_KEY, gen, None)
        gen = cache.get(GENERATION_KEY, gen)
    return str(gen)


def _bump() -> None:
    cache.set(GENERATION_KEY, str(time.time_ns()), None)


def public_content_changed() -> None:
    """Drop every cached public answer: now (for readers in this transaction) and again after commit."""
    _bump()
    transaction.on_commit(_bump)


def _key(request: HttpRequest, generation: str) -> str:
    raw = f"{request.path}?{request.META.get('QUERY_STRING', '')}|{request.META.get('HTTP_ACCEPT_ENCODING', '')}"
    return f"smedt:public:{generation}:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


class PublicCacheMiddleware:
    """Serve cached public GET answers before sessions and auth.

    Browsers get `Cache-Control: public, max-age=0, s-maxage=N` with an ETag: they keep the answer and
    revalidate each time (a 304 from the cache here), so a publication is visible on the next page view.
    ``s-maxage`` (``SMEDT_PUBLIC_EDGE_SECONDS``, default 5) lets the nginx micro-cache in front
    (deploy/nginx/snippets/smedt-microcache.conf) answer anonymous requests itself for that long —
    no Python at all; a publication reaches those readers within N seconds. 0 = ``no-cache``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or request.path not in CACHED_PATHS:
            return self.get_response(request)
        ttl = _ttl()
        key = _key(request, _generation()) if ttl > 0 else ""
        hit = cache.get(key) if key else None
        if isinstance(hit, tuple) and len(hit) == 3:
            status, headers, body = hit
            response = HttpResponse(body, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
        else:
            response = self.get_response(request)
            if response.status_code != 200 or response.cookies or getattr(response, "streaming", False):
                return response
            response["Cache-Control"] = cache_control()
            response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            if key:
                headers = [(k, v) for k, v in response.items() if k.lower() not in ("x-request-id", "set-cookie")]
                cache.set(key, (response.status_code, headers, response.content), ttl)
                response["X-Cache"] = "MISS"
        if request.META.get("HTTP_IF_NONE_MATCH", "") == response.get("ETag"):
            not_modified = HttpResponse(status=304)
            for name in ("ETag", "Cache-Control", "Vary"):
                if name in response:
                    not_modified[name] = response[name]
            return not_modified
        return response

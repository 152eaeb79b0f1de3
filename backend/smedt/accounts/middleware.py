"""Session guard: idle timeout, and a disabled account loses its sessions at its next request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import SimpleLazyObject

from smedt.accounts import usercache
from smedt.accounts.services.sessions import session_touch

_LAST_SEEN = "smedt_last_seen"
# while a password must be changed (after an administrator reset it) only these stay open
_OPEN_WHILE_CHANGE_REQUIRED = ("/api/auth/", "/api/health/", "/api/public/")


def _user(request: HttpRequest) -> object:
    if not hasattr(request, "_cached_user"):
        request._cached_user = usercache.request_user(request)  # type: ignore[attr-defined]
    return request._cached_user  # type: ignore[attr-defined]


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's `AuthenticationMiddleware` with the user read through `accounts.usercache` (the shared
    cache when `SMEDT_USER_CACHE_SECONDS` > 0, else exactly Django's `get_user`)."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))  # type: ignore[assignment]


class SessionGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(_LAST_SEEN)
            idle = settings.SMEDT_SESSION_IDLE_SECONDS
            if (last is not None and now - int(last) > idle) or not user.is_active:
                logout(request)
            else:
                if last is None or now - int(last) > 30:
                    # write at most every 30 s to keep requests cheap
                    request.session[_LAST_SEEN] = now
                    if last is not None:
                        session_touch(session_key=request.session.session_key)
                if (
                    user.must_change_password
                    and request.path.startswith("/api/")
                    and not request.path.startswith(_OPEN_WHILE_CHANGE_REQUIRED)
                ):
                    return JsonResponse(
                        {
                            "code": "auth.password_change_required",
                            "message": "密码已过期或已被重置，请先修改密码",
                            "details": {},
                        },
                        status=403,
                        json_dumps_params={"ensure_ascii": False},
                    )
        return self.get_response(request)

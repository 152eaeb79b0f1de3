"""Session guard: idle timeout, and a disabled account loses its sessions at its next request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

_LAST_SEEN = "smedt_last_seen"


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
            elif last is None or now - int(last) > 30:
                # write at most every 30 s to keep requests cheap
                request.session[_LAST_SEEN] = now
        return self.get_response(request)

"""Authentication for the API: the Django session cookie, with CSRF enforced on unsafe methods."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth


class ActiveSessionAuth(SessionAuth):
    """Session auth (CSRF-checked by ninja) that also refuses disabled accounts."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and getattr(user, "is_active", False):
            return user
        return None


session_auth = ActiveSessionAuth()


def request_user(request: HttpRequest) -> Any:
    return request.auth if getattr(request, "auth", None) is not None else request.user  # type: ignore[attr-defined]

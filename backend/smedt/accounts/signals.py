"""Keep UserSession in step with Django's login and logout."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from smedt.accounts.services.sessions import session_forget, session_register


def on_logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_register(request=request, user=user)


def on_logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_forget(session_key=request.session.session_key)

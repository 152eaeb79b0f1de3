"""The browser flow: start → provider → callback (bind, log in) → SPA; logout both ways."""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from smedt.accounts.models import User
from smedt.accounts.services.auth import login_log_write, session_open
from smedt.accounts.services.sessions import session_key_hash, sessions_end_by_hash
from smedt.audit.services import audit_record
from smedt.core.errors import ApplicationError, ValidationFailed
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.identity.errors import MESSAGES, IdentityError
from smedt.identity.models import IdentityProvider, Protocol, ReplayGuard, SsoSession
from smedt.identity.providers.registry import adapter_for
from smedt.identity.providers.ticket import TicketExchangeAdapter
from smedt.identity.services.binding import identity_bind_or_provision

logger = logging.getLogger(__name__)

STATE_KEY = "smedt_sso_state"
STATE_MAX_AGE = 600
LINK_MAX_AGE = 300
SUCCESS_PATH = "/workspace"
ERROR_PATH = "/login"


def provider_enabled(slug: str) -> IdentityProvider:
    provider = IdentityProvider.objects.filter(slug=slug, enabled=True).first()
    if provider is None:
        raise IdentityError("identity.provider_unknown", status_code=404)
    return provider


def callback_url(request: HttpRequest, provider: IdentityProvider) -> str:
    configured = str(provider.config.get("callback_url", ""))
    return configured or request.build_absolute_uri(f"/api/identity/{provider.slug}/callback")


def error_redirect(code: str) -> str:
    return f"{ERROR_PATH}?{urlencode({'sso_error': code, 'sso_message': MESSAGES.get(code, '统一身份认证登录失败')})}"


def safe_next(value: str | None) -> str:
    """Where to land after login: a same-site page of the SPA only (no open redirect, no API path)."""
    path = (value or "").strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return SUCCESS_PATH
    if path.startswith(("/api/", "/login", "/static/")) or len(path) > 500:
        return SUCCESS_PATH
    return path


def sso_start(*, request: HttpRequest, slug: str, link_user: User | None = None, next_path: str | None = None) -> str:
    provider = provider_enabled(slug)
    url, state = adapter_for(provider).start(callback_url=callback_url(request, provider))
    request.session[STATE_KEY] = {
        **state,
        "provider": provider.slug,
        "at": time.time(),
        "link_user_id": link_user.pk if link_user is not None else None,
        "next": safe_next(next_path),
    }
    return url


def link_start(*, request: HttpRequest, slug: str, user: User, password: str) -> str:
    """Link the logged-in local account to a provincial identity, after re-checking its password."""
    if not user.has_usable_password() or not user.check_password(password):
        raise ValidationFailed(
            code="auth.wrong_password", message="密码不正确", details={"fields": {"password": "密码不正确"}}
        )
    return sso_start(request=request, slug=slug, link_user=user)


def _ticket_guard(provider: IdentityProvider, ticket: str) -> None:
    """A ticket is presented to us once; a second presentation is a replay whatever the platform says."""
    try:
        with transaction.atomic():
            ReplayGuard.objects.create(provider=provider, kind="ticket", value_hash=sm3_hex(ticket.encode("utf-8")))
    except IntegrityError as exc:
        raise IdentityError("identity.ticket_replayed") from exc


def sso_callback(*, request: HttpRequest, slug: str) -> str:
    """Finish the login; the answer is where to send the browser (SPA workspace, or the login page with an error)."""
    subject = ""
    try:
        provider = provider_enabled(slug)
        state: dict[str, Any] = request.session.pop(STATE_KEY, None) or {}
        if state.get("provider") != provider.slug or time.time() - float(state.get("at", 0)) > STATE_MAX_AGE:
            raise IdentityError("identity.bad_state")
        adapter = adapter_for(provider)
        if provider.protocol in (Protocol.CAS, Protocol.TICKET):
            name = adapter.p("ticket") if isinstance(adapter, TicketExchangeAdapter) else "ticket"
            ticket = request.GET.get(name, "")
            if ticket:
                _ticket_guard(provider, ticket)
        identity = adapter.complete(request=request, callback_url=callback_url(request, provider), state=state)
        subject = identity.subject
        link_user = None
        if state.get("link_user_id"):
            if not request.user.is_authenticated or request.user.pk != state["link_user_id"]:
                raise IdentityError("identity.link_expired")
            if time.time() - float(state.get("at", 0)) > LINK_MAX_AGE:
                raise IdentityError("identity.link_expired")
            link_user = User.objects.get(pk=state["link_user_id"])
        user, _binding = identity_bind_or_provision(provider=provider, identity=identity, link_user=link_user)
        session_open(request=request, user=user, channel="sso")
        with transaction.atomic():
            SsoSession.objects.create(
                provider=provider,
                user=user,
                external_session=identity.session_id[:255],
                session_key_hash=session_key_hash(request.session.session_key or ""),
                id_token=identity.id_token,
            )
            audit_record(actor=user, action="identity.sso_login", target=user, after={"provider": provider.slug})
        login_log_write(
            request, username=user.username, user=user, success=True, reason=f"统一身份认证登录（{provider.name}）"
        )
        return safe_next(str(state.get("next") or ""))
    except ApplicationError as exc:
        code = exc.code if exc.code in MESSAGES else "identity.provider_error"
        if not isinstance(exc, IdentityError):
            logger.warning("identity callback refused: %s %s", exc.code, exc.message)
        login_log_write(
            request,
            username=f"{slug}:{subject}"[:150],
            user=None,
            success=False,
            reason=MESSAGES.get(code, "统一身份认证登录失败")[:64],
        )
        return error_redirect(code)


def sso_logout(*, request: HttpRequest, slug: str) -> str:
    """Log out here, then send the browser to the provider's logout (front-channel single logout)."""
    provider = provider_enabled(slug)
    key = request.session.session_key
    sso = SsoSession.objects.filter(provider=provider, session_key_hash=session_key_hash(key)).first() if key else None
    logout(request)
    if sso is not None:
        SsoSession.objects.filter(pk=sso.pk).delete()
    url = adapter_for(provider).logout_url(
        return_url=request.build_absolute_uri(ERROR_PATH), id_token=sso.id_token if sso else ""
    )
    return url or ERROR_PATH


def sso_backchannel_logout(*, request: HttpRequest, slug: str) -> int:
    """The provider tells us a session ended (CAS logoutRequest / OIDC logout_token): end ours."""
    provider = provider_enabled(slug)
    external = adapter_for(provider).backchannel_logout_sessions(request)
    if not external:
        return 0
    rows = list(SsoSession.objects.filter(provider=provider, external_session__in=external))
    ended = sessions_end_by_hash(key_hashes=[r.session_key_hash for r in rows])
    SsoSession.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return ended

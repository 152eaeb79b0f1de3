"""Open sessions (UserSession): recorded at login, listed for administrators, ended on demand.

Every `django.contrib.auth.login` records a row (signal `user_logged_in`), every logout drops it.
Ending a session deletes the Django session through its (SM4-encrypted) key — no full scan.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from smedt.accounts import conf
from smedt.accounts.models import User, UserSession
from smedt.audit.services import audit_record
from smedt.core.errors import NotFound
from smedt.core.middleware import client_ip
from smedt.gmcrypto.sm3 import sm3_hex
from smedt.rbac.services import require


def session_key_hash(session_key: str) -> str:
    return sm3_hex(session_key.encode("ascii"))


def _store(session_key: str | None = None) -> SessionBase:
    from django.conf import settings

    engine = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    store: SessionBase = engine(session_key)
    return store


def session_register(*, request: HttpRequest, user: User, channel: str = "") -> UserSession | None:
    """Record the request's (new) session; called from the `user_logged_in` signal."""
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    if not key:
        return None
    row, _ = UserSession.objects.update_or_create(
        session_key_hash=session_key_hash(key),
        defaults={
            "user": user,
            "session_key": key,
            "channel": channel or str(request.session.get("smedt_login_channel", "")),
            "ip": client_ip(request),
            "user_agent": str(request.META.get("HTTP_USER_AGENT", ""))[:255],
        },
    )
    return row


def session_forget(*, session_key: str | None) -> None:
    """Drop the row of a session that ended by logout or timeout."""
    if session_key:
        UserSession.objects.filter(session_key_hash=session_key_hash(session_key)).delete()


def session_touch(*, session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key_hash=session_key_hash(session_key)).update(last_seen_at=timezone.now())


def _end(rows: list[UserSession]) -> int:
    for row in rows:
        if row.session_key:
            _store(row.session_key).delete()
    UserSession.objects.filter(pk__in=[r.pk for r in rows]).delete()
    return len(rows)


def sessions_end_for_user(*, user: Any, keep_session_key: str | None = None) -> int:
    """End every open session of `user` (disable, password reset, provincial account disabled)."""
    rows = list(UserSession.objects.filter(user_id=user.pk))
    if keep_session_key:
        keep = session_key_hash(keep_session_key)
        rows = [r for r in rows if r.session_key_hash != keep]
    return _end(rows)


def sessions_enforce_limit(*, user: User, current_session_key: str | None) -> int:
    """Keep at most SMEDT_MAX_SESSIONS_PER_USER sessions: the oldest others end."""
    limit = conf.max_sessions_per_user()
    if limit <= 0:
        return 0
    rows = list(UserSession.objects.filter(user_id=user.pk).order_by("-created_at", "-id"))
    current = session_key_hash(current_session_key) if current_session_key else None
    ordered = [r for r in rows if r.session_key_hash == current] + [r for r in rows if r.session_key_hash != current]
    return _end(ordered[limit:])


@transaction.atomic
def session_force_end(*, actor: Any, session_id: int) -> None:
    """An administrator ends one open session (强制下线); audited."""
    require(actor, "accounts.manage_session")
    row = UserSession.objects.select_related("user").filter(pk=session_id).first()
    if row is None:
        raise NotFound("会话不存在或已结束")
    audit_record(
        actor=actor,
        action="accounts.session_force_end",
        target=row.user,
        after={"session_id": row.pk, "ip": row.ip, "login_at": row.created_at},
    )
    _end([row])


@transaction.atomic
def sessions_force_end_user(*, actor: Any, user: User) -> int:
    """An administrator ends every session of one user; audited."""
    require(actor, "accounts.manage_session")
    ended = sessions_end_for_user(user=user)
    audit_record(actor=actor, action="accounts.user_force_logout", target=user, after={"sessions": ended})
    return ended


def sessions_end_by_hash(*, key_hashes: list[str]) -> int:
    """End the sessions with these key digests (single logout from an identity provider)."""
    return _end(list(UserSession.objects.filter(session_key_hash__in=key_hashes)))

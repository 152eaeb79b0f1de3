"""The signed-in user of a request read from the shared cache instead of the database (issue 13).

Every authenticated request loads its user by primary key (`django.contrib.auth.get_user`). With a
shared cache (`SMEDT_USER_CACHE_SECONDS` > 0, on by default with `SMEDT_CACHE_URL`) the user is kept
there, so a list request needs no user query.

Correctness rests on a per-user *version* key, never on the time to live:

* an entry is `(version, user, session auth hash)`; it is used only while the user's version key still
  holds that version, and the version is read *before* the database row, so a request that read an
  old row while another transaction changed the user stores it under an old version, never read again;
* every write to a user moves the version: `post_save` / `post_delete` of `User` (`accounts.apps`), and
  `user_changed(pk)` after the queryset `.update()`s that bypass the signals (login bookkeeping in
  `services.auth`, unlock in `services.users`) — now and again after commit;
* the cached copy holds neither the password hash nor the encrypted personal fields (they are deferred
  and load from the database if a request touches them); the session is verified against the HMAC of
  the password taken when the entry was stored, and any mismatch goes through Django's own path
  (fallback secrets, session flush);
* only active users reach the cache (Django's `ModelBackend.get_user` refuses the others).
"""

from __future__ import annotations

import copy
import time
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
# never copied into the cache: the password hash and the SM4-encrypted personal data
SECRET_FIELDS = ("password", "mobile", "id_number")


def _seconds() -> int:
    return int(getattr(settings, "SMEDT_USER_CACHE_SECONDS", 0))


def _version_key(pk: Any) -> str:
    return f"smedt:user:version:{pk}"


def _entry_key(pk: Any) -> str:
    return f"smedt:user:entry:{pk}"


def _new_version() -> str:
    return str(time.time_ns())


def user_changed(pk: Any) -> None:
    """A user row changed (or is about to, inside this transaction): retire its cached copy now and after
    commit (a request reading between the two would otherwise store what the transaction replaces)."""
    seconds = _seconds()
    if seconds <= 0 or pk is None:
        return
    key = _version_key(pk)
    cache.set(key, _new_version(), None)
    transaction.on_commit(lambda: cache.set(key, _new_version(), None))


def _cacheable_copy(user: Any) -> Any:
    clone = copy.copy(user)  # Model.__reduce__: own _state, same field values
    for name in SECRET_FIELDS:
        clone.__dict__.pop(name, None)  # deferred: loaded from the database only if someone reads it
    for name in [k for k in clone.__dict__ if k.startswith("_smedt_") or k == "_prefetched_objects_cache"]:
        del clone.__dict__[name]
    return clone


def request_user(request: HttpRequest) -> Any:
    """`django.contrib.auth.get_user(request)`, answered from the cache when it safely can."""
    seconds = _seconds()
    if seconds <= 0:
        return auth.get_user(request)
    try:
        user_id = auth._get_user_session_key(request)  # type: ignore[attr-defined]
        backend_path = request.session[auth.BACKEND_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)  # a visitor
    if backend_path != MODEL_BACKEND or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    version_key, entry_key = _version_key(user_id), _entry_key(user_id)
    found = cache.get_many([version_key, entry_key])
    version = found.get(version_key)
    entry = found.get(entry_key)
    session_hash = request.session.get(auth.HASH_SESSION_KEY)
    if (
        version is not None
        and isinstance(entry, tuple)
        and len(entry) == 3
        and entry[0] == version
        and session_hash
        and constant_time_compare(session_hash, entry[2])
    ):
        return entry[1]
    if version is None:
        cache.add(version_key, _new_version(), None)
        version = cache.get(version_key)
    user = auth.get_user(request)  # the database, the session check, fallback secrets, flush
    if version is not None and getattr(user, "is_authenticated", False) and user.pk == user_id:
        cache.set(entry_key, (version, _cacheable_copy(user), user.get_session_auth_hash()), seconds)  # type: ignore[union-attr]
    return user


def on_user_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    user_changed(instance.pk)

"""Test settings: fresh random keys per run (never from the repository), fast password hashing."""

from __future__ import annotations

import os
import secrets

os.environ.setdefault("SMEDT_SECRET_KEY", secrets.token_hex(32))
os.environ.setdefault("SMEDT_DATA_KEY", secrets.token_hex(16))
os.environ.setdefault("SMEDT_INDEX_KEY", secrets.token_hex(32))
os.environ.setdefault("SMEDT_AUDIT_KEY", secrets.token_hex(32))
os.environ.setdefault("SMEDT_DATA_DIR", os.path.join("/tmp", f"smedt-test-{os.getpid()}"))

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["smedt.core.testing.FastPBKDF2SM3PasswordHasher"]
MEDIA_ROOT = DATA_DIR / "media"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # a file, not :memory:, so worker subprocesses in the crash tests see the test database
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

# API tests post passwords directly; the browser path (SM2 + nonce) is covered by its own tests and
# by the browser tests, which run with the production default (plain passwords refused).
SMEDT_LOGIN_ALLOW_PLAIN_PASSWORD = True

# Tests roll back their transactions, so on-commit invalidation never runs: no cached public answers
# (test_public_cache enables it explicitly).
SMEDT_PUBLIC_CACHE_SECONDS = 0
SMEDT_AGGREGATE_CACHE_SECONDS = 0
# many logins from 127.0.0.1 within a minute; test_login_rate_limit enables the limits itself
SMEDT_LOGIN_RATE_PER_IP = 0
SMEDT_LOGIN_RATE_PER_ACCOUNT = 0
# grants are cached only where a test enables it (rbac/tests/test_grants_cache.py)
SMEDT_GRANTS_CACHE_SECONDS = 0
# and so is the signed-in user (accounts/tests/test_user_cache.py)
SMEDT_USER_CACHE_SECONDS = 0

"""Security headers on every kind of response: the SPA, static files, JSON answers, and the
404/405/413/500 envelopes; HSTS and the proxy SSL header once secure cookies are on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

BACKEND = Path(__file__).resolve().parents[3]


def assert_secured(res):
    csp = res["Content-Security-Policy"]
    directives = dict(([*d.strip().split(" ", 1), ""])[:2] for d in csp.split(";"))
    assert directives["script-src"] == "'self'", csp  # no inline or remote script
    assert "'unsafe-inline'" not in directives["default-src"]
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"
    assert res["X-Content-Type-Options"] == "nosniff"
    assert res["X-Frame-Options"] == "SAMEORIGIN"
    assert res["Referrer-Policy"] == "same-origin"
    assert "camera=()" in res["Permissions-Policy"]
    assert res["X-Request-ID"]


@pytest.fixture
def spa(settings, tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><div id="app"></div><script type="module" src="/a.js"></script>'
    )
    settings.FRONTEND_DIST = tmp_path
    return tmp_path


def test_json_answer(api, sys_admin):
    res = api(sys_admin).get("/api/auth/me")
    assert res.status_code == 200
    assert_secured(res)


def test_unknown_api_path_404(api):
    res = api().get("/api/no-such-thing")
    assert res.status_code == 404 and res.json()["code"] == "not_found"
    assert_secured(res)


def test_wrong_method_405(api, sys_admin):
    res = api(sys_admin).client.put("/api/health/live")
    assert res.status_code == 405
    assert_secured(res)


def test_ninja_404_401_and_422(api, sys_admin, reference):
    assert_secured(api(sys_admin).get("/api/users/987654"))
    assert_secured(api().get("/api/users"))
    assert_secured(api(sys_admin).post("/api/users", {}))


def test_413(api, sys_admin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    res = api(sys_admin).post("/api/users", {"username": "x" * 200})
    assert res.status_code == 413
    assert_secured(res)


def test_500_json(api, sys_admin, monkeypatch):
    from smedt.notify import services

    def boom(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "unread_count", boom)
    res = api(sys_admin).get("/api/notify/unread-count")
    assert res.status_code == 500 and res.json()["code"] == "server_error"
    assert_secured(res)


def test_spa_index_and_portal_routes(client, spa):
    for path in ("/", "/portal", "/portal/announcements/1", "/login"):
        res = client.get(path)
        assert res.status_code == 200, path
        assert_secured(res)


def test_spa_not_built_503(client, settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path / "missing"
    res = client.get("/")
    assert res.status_code == 503
    assert_secured(res)


def test_no_hsts_over_plain_http(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    assert "Strict-Transport-Security" not in client.get("/api/health/live")


def test_hsts_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    res = client.get("/api/health/live", secure=True)
    assert res["Strict-Transport-Security"] == "max-age=3600"
    assert_secured(res)


def _settings_with(env: dict[str, str]) -> dict[str, object]:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'hsts': getattr(s, 'SECURE_HSTS_SECONDS', 0), "
        "'proxy': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), 'secure': s.SESSION_COOKIE_SECURE}))"
    )
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test", **env}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=BACKEND, env=full, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_secure_cookies_turn_on_hsts_and_the_proxy_ssl_header():
    on = _settings_with({"SMEDT_SECURE_COOKIES": "1"})
    assert on["secure"] is True
    assert on["hsts"] == 365 * 24 * 3600
    assert on["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]

    off = _settings_with({"SMEDT_SECURE_COOKIES": "0"})
    assert off["hsts"] == 0 and off["proxy"] is None


def test_behind_the_proxy_https_is_recognised(client, settings):
    settings.SECURE_HSTS_SECONDS = 60
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    res = client.get("/api/no-such-thing", HTTP_X_FORWARDED_PROTO="https")
    assert res.status_code == 404
    assert res["Strict-Transport-Security"] == "max-age=60"

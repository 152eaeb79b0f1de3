"""End to end against a real CAS 3 server process (django-cas-server, testing/cas_project):
/login, ticket validation at /p3/serviceValidate with attributes, single logout."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from smedt.accounts.models import User, UserSession
from smedt.identity.models import IdentityBinding, IdentityProvider, SsoSession
from smedt.identity.testing.processes import BACKEND_DIR, free_port, running
from smedt.identity.tests.conftest import follow_form, query_of
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import Organization

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT = BACKEND_DIR / "smedt" / "identity" / "testing" / "cas_project"
TICKET_VALIDITY = 3
CORP_CODE = make_valid("91410702MA9200001")
CLAIMS = {
    "citizen": {"name": "周七", "mobile": "13600001111", "id_number": "41070219850505123X", "real_name_level": "3"},
    "corp": {"name": "吴八", "person_type": "legal", "credit_code": CORP_CODE, "org_name": "红旗区数字科技有限公司"},
    "nameless_corp": {"name": "郑九", "person_type": "legal", "credit_code": "91410702MA9200009"},  # bad check digit
}


@pytest.fixture(scope="module")
def cas(tmp_path_factory: Any) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("cas")
    (tmp / "claims.json").write_text(json.dumps(CLAIMS))
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")},
        "CAS_DB": str(tmp / "cas.sqlite3"),
        "CAS_CLAIMS_FILE": str(tmp / "claims.json"),
        "CAS_TICKET_VALIDITY": str(TICKET_VALIDITY),
        "CAS_USERS": json.dumps({name: f"pw-{name}" for name in CLAIMS}),
        "CAS_SERVICE_PATTERN": r"^http://(localhost|127\.0\.0\.1):\d+/api/identity/.*",
    }
    for args in (["migrate", "-v0"], ["shell", "-c", "import cas_project.bootstrap"]):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=PROJECT, env=env, check=True, capture_output=True, timeout=120
        )
    port = free_port()
    with running(
        ["manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        url=f"http://127.0.0.1:{port}/health",
        env=env,
        cwd=PROJECT,
    ):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def provider(cas: str, reference: None) -> IdentityProvider:
    return IdentityProvider.objects.create(
        slug="province-cas",
        name="省统一身份认证（CAS）",
        protocol="cas",
        enabled=True,
        config={"server_url": f"{cas}/cas"},
    )


def cas_ticket(live_server: Any, username: str) -> tuple[requests.Session, str]:
    """Log in at the CAS server; returns our browser session and the callback URL with the ticket."""
    s = requests.Session()
    r = s.get(f"{live_server.url}/api/identity/province-cas/start", allow_redirects=False)
    assert r.status_code == 302 and "/cas/login?service=" in r.headers["Location"]
    page = s.get(r.headers["Location"])
    r = follow_form(s, page, {"username": username, "password": f"pw-{username}"})
    assert r.status_code == 302, r.text[:800]
    return s, r.headers["Location"]


def test_natural_person_logs_in_through_cas(live_server, provider):
    s, callback = cas_ticket(live_server, "citizen")
    assert re.search(r"ticket=ST-", callback)

    r = s.get(callback, allow_redirects=False)

    assert r.headers["Location"] == "/workspace"
    me = s.get(f"{live_server.url}/api/auth/me").json()
    assert me["display_name"] == "周七"
    user = User.objects.get(pk=me["id"])
    assert user.id_number == "41070219850505123X"
    assert IdentityBinding.objects.get(provider=provider).subject == "citizen"


def test_legal_person_through_cas_gets_its_org(live_server, provider):
    s, callback = cas_ticket(live_server, "corp")
    assert s.get(callback, allow_redirects=False).headers["Location"] == "/workspace"
    org = Organization.objects.get(credit_code=CORP_CODE)
    assert s.get(f"{live_server.url}/api/auth/me").json()["roles"][0]["org"]["id"] == org.pk


def test_an_invalid_credit_code_is_refused_with_nothing_created(live_server, provider):
    s, callback = cas_ticket(live_server, "nameless_corp")
    r = s.get(callback, allow_redirects=False)
    assert query_of(r.headers["Location"])["sso_error"] == "identity.unknown_credit_code"
    assert not User.objects.exists() and not Organization.objects.exists() and not IdentityBinding.objects.exists()


def test_an_expired_ticket_is_refused(live_server, provider):
    s, callback = cas_ticket(live_server, "citizen")
    time.sleep(TICKET_VALIDITY + 1)

    r = s.get(callback, allow_redirects=False)

    q = query_of(r.headers["Location"])
    assert q["sso_error"] == "identity.ticket_invalid" and "票据无效" in q["sso_message"]
    assert not User.objects.exists()


def test_a_replayed_ticket_is_refused(live_server, provider):
    s, callback = cas_ticket(live_server, "citizen")
    assert s.get(callback, allow_redirects=False).headers["Location"] == "/workspace"

    # the same callback URL (ticket) again, from a browser that started its own flow
    attacker = requests.Session()
    start = attacker.get(f"{live_server.url}/api/identity/province-cas/start", allow_redirects=False).headers[
        "Location"
    ]
    state = query_of(query_of(start)["service"])["state"]
    r = attacker.get(
        f"{live_server.url}/api/identity/province-cas/callback",
        params={"state": state, "ticket": query_of(callback)["ticket"]},
        allow_redirects=False,
    )
    assert query_of(r.headers["Location"])["sso_error"] == "identity.ticket_replayed"


def test_single_logout_from_the_cas_server_ends_our_session(live_server, provider, cas):
    s, callback = cas_ticket(live_server, "citizen")
    assert s.get(callback, allow_redirects=False).headers["Location"] == "/workspace"
    assert SsoSession.objects.count() == 1 and UserSession.objects.count() == 1

    # logging out at the CAS server makes it POST a logoutRequest to our service URL
    cas_logout = s.get(f"{live_server.url}/api/identity/province-cas/logout", allow_redirects=False).headers["Location"]
    assert cas_logout.startswith(f"{cas}/cas/logout")
    s.get(cas_logout)

    deadline = time.time() + 10
    while SsoSession.objects.exists() and time.time() < deadline:
        time.sleep(0.2)
    assert s.get(f"{live_server.url}/api/auth/me").status_code == 401
    assert not UserSession.objects.exists()


def test_back_channel_logout_request_ends_the_session(live_server, provider):
    s, callback = cas_ticket(live_server, "citizen")
    assert s.get(callback, allow_redirects=False).headers["Location"] == "/workspace"
    ticket = query_of(callback)["ticket"]
    body = (
        '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="x" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">'
        f"<saml:NameID>@NOT_USED@</saml:NameID><samlp:SessionIndex>{ticket}</samlp:SessionIndex></samlp:LogoutRequest>"
    )

    r = requests.post(f"{live_server.url}/api/identity/province-cas/callback", data={"logoutRequest": body}, timeout=10)

    assert r.status_code == 200
    assert s.get(f"{live_server.url}/api/auth/me").status_code == 401

"""End to end against a real OpenID provider process: django-oauth-toolkit with OIDC
(testing/oidc_provider), authorization code + PKCE, ID token checked with the provider's JWKS."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from smedt.accounts.models import User, UserSession
from smedt.identity.models import IdentityBinding, IdentityProvider, SsoSession
from smedt.identity.testing.processes import BACKEND_DIR, free_port, running
from smedt.identity.tests.conftest import follow_form, query_of
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import Organization, OrgStatus

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT = BACKEND_DIR / "smedt" / "identity" / "testing" / "oidc_provider"
CLIENT_ID = "smedt-client"
CLIENT_SECRET = secrets.token_urlsafe(24)
CORP_CODE = make_valid("91410783MA9100001")  # 长垣市
CLAIMS = {
    "corp_admin": {
        "name": "刘经理",
        "phone_number": "13700001234",
        "phone_number_verified": True,
        "person_type": "legal",
        "credit_code": CORP_CODE,
        "org_name": "长垣起重机械有限公司",
        "real_name_level": "3",
    },
    "citizen": {"name": "陈一", "phone_number": "13700005678", "phone_number_verified": True, "real_name_level": "2"},
}


@pytest.fixture(scope="module")
def op_key() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


@pytest.fixture(scope="module")
def op(live_server: Any, tmp_path_factory: Any, op_key: bytes) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("op")
    (tmp / "rsa.pem").write_bytes(op_key)
    (tmp / "claims.json").write_text(json.dumps(CLAIMS))
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")},
        "OP_DB": str(tmp / "op.sqlite3"),
        "OP_RSA_KEY_FILE": str(tmp / "rsa.pem"),
        "OP_CLAIMS_FILE": str(tmp / "claims.json"),
        "OP_USERS": json.dumps({"corp_admin": "pw-corp-admin", "citizen": "pw-citizen"}),
        "OP_CLIENT_ID": CLIENT_ID,
        "OP_CLIENT_SECRET": CLIENT_SECRET,
        "OP_REDIRECT_URIS": f"{live_server.url}/api/identity/province-oidc/callback",
        "OP_POST_LOGOUT_URIS": f"{live_server.url}/login",
    }
    for args in (["migrate", "-v0"], ["shell", "-c", "import oidc_provider.bootstrap"]):
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
def provider(op: str, reference: None) -> IdentityProvider:
    p = IdentityProvider(
        slug="province-oidc",
        name="省统一身份认证（OIDC）",
        protocol="oidc",
        enabled=True,
        config={"issuer": f"{op}/o", "client_id": CLIENT_ID, "scopes": "openid profile phone"},
    )
    p.secrets = json.dumps({"client_secret": CLIENT_SECRET})
    p.save()
    return p


def oidc_login(live_server: Any, username: str, password: str) -> tuple[requests.Session, str]:
    s = requests.Session()
    r = s.get(f"{live_server.url}/api/identity/province-oidc/start", allow_redirects=False)
    assert r.status_code == 302, r.text
    authorize = r.headers["Location"]
    assert "code_challenge_method=S256" in authorize
    page = s.get(authorize)  # → the provider's login form
    assert "csrfmiddlewaretoken" in page.text, page.text[:500]
    r = follow_form(s, page, {"username": username, "password": password})
    assert r.status_code == 302, r.text[:500]
    r = s.get(
        requests.compat.urljoin(page.url, r.headers["Location"]), allow_redirects=False
    )  # authorize, skipped consent
    assert r.status_code == 302, r.text[:500]
    callback = r.headers["Location"]
    assert callback.startswith(f"{live_server.url}/api/identity/province-oidc/callback")
    r = s.get(callback, allow_redirects=False)
    assert r.status_code == 302
    return s, r.headers["Location"]


def test_legal_person_logs_in_and_lands_in_the_workspace_of_its_org(live_server, provider):
    s, landing = oidc_login(live_server, "corp_admin", "pw-corp-admin")

    assert landing == "/workspace", landing
    me = s.get(f"{live_server.url}/api/auth/me").json()
    org = Organization.objects.get(credit_code=CORP_CODE)
    assert (org.status, org.region.code, org.name) == (OrgStatus.PENDING, "410783", "长垣起重机械有限公司")
    assert me["display_name"] == "刘经理"
    assert [(r["role_code"], r["org"]["name"]) for r in me["roles"]] == [("enterprise_user", "长垣起重机械有限公司")]
    binding = IdentityBinding.objects.get(provider=provider)
    assert (binding.person_type, binding.org_id, binding.real_name_level) == ("legal", org.pk, "3")
    assert UserSession.objects.get(user=binding.user).channel == "sso"


def test_natural_person_with_a_verified_mobile_binds_to_the_local_account(live_server, provider, make_user):
    from smedt.gmcrypto.fields import blind_index

    local = make_user("chenyi")
    local.mobile, local.mobile_index = "13700005678", blind_index("13700005678")
    local.save()

    s, landing = oidc_login(live_server, "citizen", "pw-citizen")

    assert landing == "/workspace"
    assert s.get(f"{live_server.url}/api/auth/me").json()["username"] == "chenyi"
    assert IdentityBinding.objects.get(provider=provider).user_id == local.pk
    assert User.objects.count() == 1


def test_a_wrong_client_secret_fails_cleanly(live_server, provider):
    provider.secrets = json.dumps({"client_secret": "wrong"})
    provider.save()

    _s, landing = oidc_login(live_server, "citizen", "pw-citizen")

    assert query_of(landing)["sso_error"] == "identity.provider_error"
    assert not User.objects.exists() and not IdentityBinding.objects.exists()


def test_front_channel_logout_ends_both_sessions(live_server, provider):
    s, _ = oidc_login(live_server, "citizen", "pw-citizen")
    assert SsoSession.objects.count() == 1

    r = s.get(f"{live_server.url}/api/identity/province-oidc/logout", allow_redirects=False)

    assert r.status_code == 302 and "/o/logout/" in r.headers["Location"] and "id_token_hint=" in r.headers["Location"]
    assert s.get(f"{live_server.url}/api/auth/me").status_code == 401
    assert not SsoSession.objects.exists() and not UserSession.objects.exists()


def test_back_channel_logout_token_signed_by_the_provider_ends_the_session(live_server, provider, op, op_key):
    import time as _time
    import uuid

    import jwt
    from jwcrypto import jwk

    s, _ = oidc_login(live_server, "citizen", "pw-citizen")
    sub = IdentityBinding.objects.get(provider=provider).subject
    kid = jwk.JWK.from_pem(op_key).thumbprint()
    claims = {
        "iss": f"{op}/o",
        "aud": CLIENT_ID,
        "iat": int(_time.time()),
        "jti": uuid.uuid4().hex,
        "sub": sub,
        "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
    }
    forged = jwt.encode(
        claims, rsa.generate_private_key(public_exponent=65537, key_size=2048), algorithm="RS256", headers={"kid": kid}
    )
    url = f"{live_server.url}/api/identity/province-oidc/backchannel-logout"

    # a token not signed by the provider's key changes nothing
    requests.post(url, data={"logout_token": forged}, timeout=10)
    assert s.get(f"{live_server.url}/api/auth/me").status_code == 200

    token = jwt.encode(claims, op_key, algorithm="RS256", headers={"kid": kid})
    assert requests.post(url, data={"logout_token": token}, timeout=10).status_code == 200
    assert s.get(f"{live_server.url}/api/auth/me").status_code == 401


def test_connection_check_reaches_discovery_and_jwks(api, identity_admin, provider):
    res = api(identity_admin).post(f"/api/identity/providers/{provider.pk}/check")
    assert res.status_code == 200, res.content
    assert res.json()["ok"] is True
    assert [c["name"] for c in res.json()["checks"]] == ["发现文档", "JWKS 公钥"]

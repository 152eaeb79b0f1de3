"""Unified login in a real browser: Chromium → our start endpoint → a real OpenID provider process
(django-oauth-toolkit, authorization code + PKCE) → its login form → back to us → the workspace of
the user's organization. A legal-person login with a new credit code creates the organization
(pending county verification) and binds the user to it."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from playwright.sync_api import Page, expect

from conftest import BACKEND, SERVER, manage

sys.path.insert(0, str(BACKEND))
from smedt.identity.testing.processes import free_port, running  # noqa: E402
from smedt.orgs.credit_code import make_valid  # noqa: E402

OP_PROJECT = BACKEND / "smedt" / "identity" / "testing" / "oidc_provider"
CLIENT_ID = "smedt-e2e"
CLIENT_SECRET = secrets.token_urlsafe(24)
CREDIT_CODE = make_valid("91410783MA9200001")  # registered in 长垣市
ORG_NAME = "长垣统一认证演示起重有限公司"


@pytest.fixture(scope="module")
def oidc_provider(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp: Path = tmp_path_factory.mktemp("op")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp / "rsa.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    claims = {
        "corp_admin": {
            "name": "刘经理", "phone_number": "13700009876", "phone_number_verified": True,
            "person_type": "legal", "credit_code": CREDIT_CODE, "org_name": ORG_NAME, "real_name_level": "3",
        }
    }
    (tmp / "claims.json").write_text(json.dumps(claims, ensure_ascii=False), encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")},
        "OP_DB": str(tmp / "op.sqlite3"),
        "OP_RSA_KEY_FILE": str(tmp / "rsa.pem"),
        "OP_CLAIMS_FILE": str(tmp / "claims.json"),
        "OP_USERS": json.dumps({"corp_admin": "pw-corp-admin"}),
        "OP_CLIENT_ID": CLIENT_ID,
        "OP_CLIENT_SECRET": CLIENT_SECRET,
        "OP_REDIRECT_URIS": f"{server}/api/identity/province-oidc/callback",
        "OP_POST_LOGOUT_URIS": f"{server}/login",
    }
    for args in (["migrate", "-v0"], ["shell", "-c", "import oidc_provider.bootstrap"]):
        subprocess.run([sys.executable, "manage.py", *args], cwd=OP_PROJECT, env=env, check=True, capture_output=True)
    port = free_port()
    op = f"http://127.0.0.1:{port}"
    with running(["manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], url=f"{op}/health", env=env,
                 cwd=OP_PROJECT):
        # configure the provider in our platform, as an administrator would in 统一身份认证 → 身份源
        script = (
            "import json\n"
            "from smedt.identity.models import IdentityProvider\n"
            "p = IdentityProvider(slug='province-oidc', name='河南省统一身份认证平台', protocol='oidc', enabled=True,\n"
            f"    config={{'issuer': '{op}/o', 'client_id': '{CLIENT_ID}', 'scopes': 'openid profile phone'}})\n"
            f"p.secrets = json.dumps({{'client_secret': '{CLIENT_SECRET}'}})\n"
            "p.save()\n"
        )
        manage("shell", "-c", script)
        yield op


def test_legal_person_logs_in_through_the_provincial_oidc_provider(page: Page, oidc_provider: str) -> None:
    assert SERVER["base"]
    page.goto("/api/identity/province-oidc/start")
    # the provider's own login page
    page.wait_for_url(f"{oidc_provider}/**")
    page.locator("input[name=username]").fill("corp_admin")
    page.locator("input[name=password]").fill("pw-corp-admin")
    page.locator("input[name=password]").press("Enter")
    # back on our platform, logged in, in the workspace of the organization the provider vouched for
    page.wait_for_url("**/workspace**")
    expect(page.get_by_test_id("user-menu")).to_contain_text("刘经理")
    expect(page.get_by_text(ORG_NAME).first).to_be_visible()
    out = manage(
        "shell", "-c",
        "from smedt.orgs.models import Organization as O;"
        f"o = O.objects.get(credit_code='{CREDIT_CODE}'); print(o.status, o.region.code)",
    )
    assert out.strip().splitlines()[-1].split() == ["pending", "410783"]

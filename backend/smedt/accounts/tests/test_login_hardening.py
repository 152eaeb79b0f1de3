"""Login hardening: SM2-encrypted password with a single-use nonce, captcha after 3 failures,
password expiry, concurrent-session limit, forced logout, masking of personal data."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import PASSWORD
from smedt.accounts.models import LoginLog, User, UserSession
from smedt.accounts.services.captcha import _digest
from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error
from smedt.gmcrypto.fields import blind_index
from smedt.gmcrypto.sm2 import sm2_encrypt

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login"


@pytest.fixture(autouse=True)
def _sys_admin_manages_sessions(reference):
    """Until rbac/registry.py gives sys_admin accounts.manage_session by default (lead merges)."""
    from smedt.rbac.models import Permission, Role

    Role.objects.get(code="sys_admin").permissions.add(Permission.objects.get(code="accounts.manage_session"))


def challenge(client):
    res = client.get("/api/auth/login-challenge")
    assert res.status_code == 200, res.content
    return res.json()


def cipher_for(ch, password, nonce=None):
    plain = json.dumps({"password": password, "nonce": nonce or ch["nonce"]}).encode()
    return sm2_encrypt(ch["public_key"], plain).hex()


# --- SM2 transport --------------------------------------------------------------------------------


def test_encrypted_password_logs_in(api, county_a_officer):
    client = api()
    ch = challenge(client)
    assert len(ch["public_key"]) == 130 and ch["public_key"].startswith("04")

    res = client.post(LOGIN, {"username": "county_a_officer", "password_cipher": cipher_for(ch, PASSWORD)})

    assert res.status_code == 200, res.content
    assert client.get("/api/auth/me").json()["username"] == "county_a_officer"


def test_replayed_ciphertext_is_refused(api, county_a_officer):
    client = api()
    cipher = cipher_for(challenge(client), PASSWORD)
    assert client.post(LOGIN, {"username": "county_a_officer", "password_cipher": cipher}).status_code == 200

    # an eavesdropper replays the captured request from another browser
    res = api().post(LOGIN, {"username": "county_a_officer", "password_cipher": cipher})

    body = assert_error(res, 400, "auth.replayed")
    assert "重复提交" in body["message"]


def test_unknown_or_expired_nonce_is_refused(api, county_a_officer, settings):
    client = api()
    ch = challenge(client)
    assert_error(
        client.post(LOGIN, {"username": "county_a_officer", "password_cipher": cipher_for(ch, PASSWORD, "f" * 32)}),
        400,
        "auth.replayed",
    )
    settings.SMEDT_LOGIN_NONCE_SECONDS = -1
    ch = challenge(client)
    assert_error(
        client.post(LOGIN, {"username": "county_a_officer", "password_cipher": cipher_for(ch, PASSWORD)}),
        400,
        "auth.replayed",
    )


def test_garbage_ciphertext_is_a_clear_400(api, county_a_officer):
    body = assert_error(
        api().post(LOGIN, {"username": "county_a_officer", "password_cipher": "00" * 120}), 400, "auth.bad_cipher"
    )
    assert "无法解密" in body["message"]


def test_plain_password_refused_when_not_allowed(api, county_a_officer, settings):
    settings.SMEDT_LOGIN_ALLOW_PLAIN_PASSWORD = False
    assert_error(api().post(LOGIN, {"username": "county_a_officer", "password": PASSWORD}), 422, "auth.cipher_required")


def test_configured_private_key_is_used(api, county_a_officer, settings):
    from smedt.gmcrypto.sm2 import sm2_generate_keypair

    private_hex, public_hex = sm2_generate_keypair()
    settings.SMEDT_LOGIN_SM2_PRIVATE_KEY = private_hex
    assert challenge(api())["public_key"] == public_hex


def _node_sm_crypto() -> Path | None:
    for candidate in (
        Path("/work/main/frontend/node_modules/sm-crypto-v2"),
        Path(__file__).resolve().parents[4] / "frontend" / "node_modules" / "sm-crypto-v2",
        Path("/tmp/idn/npm/node_modules/sm-crypto-v2"),
    ):
        if candidate.is_dir():
            return candidate.parent
    return None


def test_browser_library_ciphertext_decrypts_on_the_server(api, county_a_officer):
    """sm-crypto-v2 (the front end's library, cipherMode 1 = C1C3C2) → our SM2 decryption."""
    modules = _node_sm_crypto()
    if shutil.which("node") is None or modules is None:
        pytest.skip("node or the npm package sm-crypto-v2 is not installed (frontend/node_modules)")
    client = api()
    ch = challenge(client)
    plain = json.dumps({"password": PASSWORD, "nonce": ch["nonce"]})
    script = (
        "const {sm2} = require('sm-crypto-v2');"
        "process.stdout.write(sm2.doEncrypt(process.argv[1], process.argv[2], 1));"
    )
    out = subprocess.run(
        ["node", "-e", script, plain, ch["public_key"]],
        capture_output=True,
        text=True,
        check=True,
        cwd=modules.parent,
        env={"NODE_PATH": str(modules), "PATH": "/usr/bin:/bin"},
        timeout=30,
    )
    cipher = out.stdout.strip()
    assert cipher and not cipher.startswith("04")  # sm-crypto: C1 without the 04 prefix

    res = client.post(LOGIN, {"username": "county_a_officer", "password_cipher": cipher})

    assert res.status_code == 200, res.content


# --- captcha ------------------------------------------------------------------------------------


def _solve(client, answer="ABCD"):
    captcha = client.get("/api/auth/captcha").json()
    assert captcha["image"].startswith("data:image/png;base64,")
    session = client.client.session
    stored = session["smedt_captcha"]
    stored["hash"] = _digest(captcha["captcha_id"], answer)
    session["smedt_captcha"] = stored
    session.save()
    return captcha["captcha_id"]


def test_captcha_is_required_after_three_failures(api, county_a_officer, settings):
    settings.SMEDT_LOGIN_CAPTCHA_AFTER = 3
    client = api()
    for _ in range(3):
        body = assert_error(
            client.post(LOGIN, {"username": "county_a_officer", "password": "Wrong@2026pass"}),
            400,
            "auth.invalid_credentials",
        )
    assert body["details"] == {"captcha_required": True}

    # the right password without a captcha is refused
    body = assert_error(
        client.post(LOGIN, {"username": "county_a_officer", "password": PASSWORD}), 400, "auth.captcha_required"
    )
    assert body["message"] == "请输入图形验证码"
    # a wrong answer is refused too, and the captcha is single use
    cid = _solve(client)
    assert_error(
        client.post(
            LOGIN, {"username": "county_a_officer", "password": PASSWORD, "captcha_id": cid, "captcha_answer": "XXXX"}
        ),
        400,
        "auth.captcha_invalid",
    )
    assert_error(
        client.post(
            LOGIN, {"username": "county_a_officer", "password": PASSWORD, "captcha_id": cid, "captcha_answer": "ABCD"}
        ),
        400,
        "auth.captcha_invalid",
    )

    cid = _solve(client)
    res = client.post(
        LOGIN, {"username": "county_a_officer", "password": PASSWORD, "captcha_id": cid, "captcha_answer": "abcd"}
    )
    assert res.status_code == 200, res.content


def test_failures_from_one_address_ask_a_captcha_for_other_names(api, county_a_officer, settings):
    settings.SMEDT_LOGIN_CAPTCHA_AFTER = 3
    for name in ("nobody1", "nobody2", "nobody3"):
        assert_error(api().post(LOGIN, {"username": name, "password": "x"}), 400, "auth.invalid_credentials")
    assert_error(
        api().post(LOGIN, {"username": "county_a_officer", "password": PASSWORD}), 400, "auth.captcha_required"
    )


def test_lockout_after_five_failures_still_applies_with_captcha(api, county_a_officer, settings):
    settings.SMEDT_LOGIN_CAPTCHA_AFTER = 3
    client = api()
    for _ in range(5):
        cid = _solve(client)
        client.post(
            LOGIN,
            {"username": "county_a_officer", "password": "Wrong@2026pass", "captcha_id": cid, "captcha_answer": "ABCD"},
        )
    cid = _solve(client)
    res = client.post(
        LOGIN, {"username": "county_a_officer", "password": PASSWORD, "captcha_id": cid, "captcha_answer": "ABCD"}
    )
    assert_error(res, 423, "auth.locked")


# --- password expiry ----------------------------------------------------------------------------


def test_an_expired_password_must_be_changed(api, county_a_officer, settings):
    settings.SMEDT_PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=county_a_officer.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client = api()

    res = client.post(LOGIN, {"username": "county_a_officer", "password": PASSWORD})

    assert res.status_code == 200 and res.json()["must_change_password"] is True
    assert_error(client.get("/api/users"), 403, "auth.password_change_required")
    res = client.post("/api/auth/password", {"old_password": PASSWORD, "new_password": "Fresh#2026pass"})
    assert res.status_code == 204, res.content
    assert login_ok(api(), "county_a_officer", "Fresh#2026pass")["must_change_password"] is False


def test_expiry_off_with_zero(api, county_a_officer, settings):
    settings.SMEDT_PASSWORD_MAX_AGE_DAYS = 0
    User.objects.filter(pk=county_a_officer.pk).update(password_changed_at=timezone.now() - timedelta(days=900))
    assert login_ok(api(), "county_a_officer", PASSWORD)["must_change_password"] is False


def login_ok(client, username, password):
    res = client.post(LOGIN, {"username": username, "password": password})
    assert res.status_code == 200, res.content
    return res.json()


# --- sessions -----------------------------------------------------------------------------------


def test_a_fourth_login_ends_the_oldest_session(api, county_a_officer, settings):
    settings.SMEDT_MAX_SESSIONS_PER_USER = 3
    browsers = [api() for _ in range(4)]
    for b in browsers:
        login_ok(b, "county_a_officer", PASSWORD)

    assert UserSession.objects.filter(user=county_a_officer).count() == 3
    assert browsers[0].get("/api/auth/me").status_code == 401
    for b in browsers[1:]:
        assert b.get("/api/auth/me").status_code == 200


def test_logout_removes_the_online_row(api, county_a_officer):
    browser = api()
    login_ok(browser, "county_a_officer", PASSWORD)
    assert UserSession.objects.filter(user=county_a_officer).count() == 1
    browser.post("/api/auth/logout")
    assert not UserSession.objects.filter(user=county_a_officer).exists()


def test_admin_lists_online_users_and_forces_one_out(api, county_a_officer, sys_admin):
    browser = api()
    login_ok(browser, "county_a_officer", PASSWORD)
    admin = api(sys_admin)

    page = admin.get("/api/auth/sessions", {"q": "county_a"}).json()
    assert page["total"] == 1
    row = page["items"][0]
    assert (row["username"], row["channel"], row["ip"], row["current"]) == (
        "county_a_officer",
        "password",
        "127.0.0.1",
        False,
    )

    assert admin.post(f"/api/auth/sessions/{row['id']}/end").status_code == 204

    assert browser.get("/api/auth/me").status_code == 401
    assert AuditRecord.objects.filter(action="accounts.session_force_end", target_id=str(county_a_officer.pk)).exists()
    assert_error(admin.post(f"/api/auth/sessions/{row['id']}/end"), 404, "not_found")


def test_force_logout_of_a_user(api, county_a_officer, sys_admin):
    browsers = [api(), api()]
    for b in browsers:
        login_ok(b, "county_a_officer", PASSWORD)
    res = api(sys_admin).post(f"/api/users/{county_a_officer.pk}/force-logout")
    assert res.status_code == 200, res.content
    assert all(b.get("/api/auth/me").status_code == 401 for b in browsers)
    assert AuditRecord.objects.filter(action="accounts.user_force_logout").count() == 1


def test_only_session_managers_see_or_end_sessions(api, county_a_officer, city_admin, outsider):
    login_ok(api(), "county_a_officer", PASSWORD)
    row = UserSession.objects.get()
    for persona in (city_admin, outsider, county_a_officer):
        assert_error(api(persona).get("/api/auth/sessions"), 403, "permission_denied")
        assert_error(api(persona).post(f"/api/auth/sessions/{row.pk}/end"), 403, "permission_denied")
    assert UserSession.objects.filter(pk=row.pk).exists()


def test_online_list_query_count_is_pinned(api, sys_admin, make_user, django_assert_num_queries):
    admin = api(sys_admin)
    admin.get("/api/auth/sessions")
    u = make_user()
    login_ok(api(), u.username, PASSWORD)
    with django_assert_num_queries(6):
        admin.get("/api/auth/sessions")
    for _ in range(5):
        login_ok(api(), make_user().username, PASSWORD)
    with django_assert_num_queries(6):
        assert admin.get("/api/auth/sessions").json()["total"] >= 6


# --- masking ------------------------------------------------------------------------------------


def test_mobile_and_id_number_masked_without_the_permission(api, county_a_officer, sys_admin):
    from smedt.core.tests.helpers import assign, make_role

    u = User.objects.get(pk=county_a_officer.pk)
    u.mobile, u.mobile_index = "13912345678", blind_index("13912345678")
    u.id_number, u.id_number_index = "410702199001011234", blind_index("410702199001011234")
    u.save()

    out = api(sys_admin).get(f"/api/users/{u.pk}").json()
    assert (out["mobile_display"], out["id_number_display"]) == ("139****5678", "410***********1234")

    assign(sys_admin, make_role("pii", ["accounts.view_personal_data"], scope_kind="global"))
    sys_admin = User.objects.get(pk=sys_admin.pk)
    out = api(sys_admin).get(f"/api/users/{u.pk}").json()
    assert (out["mobile_display"], out["id_number_display"]) == ("13912345678", "410702199001011234")
    assert out["mobile_masked"] == "139****5678"
    listed = api(sys_admin).get("/api/users", {"q": "county_a"}).json()["items"][0]
    assert listed["id_number_display"] == "410702199001011234"
    assert LoginLog.objects.count() == 0

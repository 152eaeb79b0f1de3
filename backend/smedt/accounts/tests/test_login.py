"""Local login: session, login log, lockout and unlock, disabled accounts, idle timeout, CSRF."""

from __future__ import annotations

import time

import pytest

from conftest import PASSWORD
from smedt.accounts.models import LoginLog, User
from smedt.core.tests.helpers import assert_error
from smedt.rbac.models import Role

pytestmark = pytest.mark.django_db

LOGIN = "/api/auth/login"


def login(client, username, password=PASSWORD, **kw):
    return client.post(LOGIN, {"username": username, "password": password}, **kw)


# --- success and failure ------------------------------------------------------------------------


def test_login_ok_opens_a_session_and_logs_the_source_address(api, county_a_officer):
    # given an anonymous browser
    client = api()

    # when the officer logs in with the right password
    res = login(client, "county_a_officer", HTTP_USER_AGENT="pytest-browser/1.0")

    # then the profile comes back, the session belongs to the officer, and the attempt is logged with its IP
    assert res.status_code == 200, res.content
    assert res.json()["username"] == "county_a_officer"
    assert client.client.session["_auth_user_id"] == str(county_a_officer.pk)
    assert client.get("/api/auth/me").status_code == 200
    log = LoginLog.objects.get()
    assert (log.user_id, log.username, log.success, log.ip, log.user_agent) == (
        county_a_officer.pk,
        "county_a_officer",
        True,
        "127.0.0.1",
        "pytest-browser/1.0",
    )
    county_a_officer.refresh_from_db()
    assert county_a_officer.last_login is not None


def test_login_does_not_trust_x_forwarded_for_unless_configured(api, county_a_officer, settings):
    # given a client that claims another address
    settings.SMEDT_TRUST_X_FORWARDED_FOR = False
    login(api(), "county_a_officer", HTTP_X_FORWARDED_FOR="203.0.113.9")
    # then the peer address is logged, not the claim
    assert LoginLog.objects.get().ip == "127.0.0.1"

    # given the platform runs behind its own proxy
    settings.SMEDT_TRUST_X_FORWARDED_FOR = True
    login(api(), "county_a_officer", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    # then the first hop is logged
    assert LoginLog.objects.order_by("-id").first().ip == "203.0.113.9"


def test_login_rotates_the_session_key(api, county_a_officer):
    # given a browser that already holds an anonymous session (e.g. planted by an attacker)
    browser = api()
    session = browser.client.session
    session["planted"] = True
    session.save()
    planted_key = session.session_key

    login(browser, "county_a_officer")

    # then the signed-in session has a new key and the planted one is worthless
    assert browser.client.session.session_key != planted_key
    assert_error(api_with_session(api, planted_key).get("/api/auth/me"), 401, "not_authenticated")


def api_with_session(api, session_key):
    from django.conf import settings

    client = api()
    client.client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def test_wrong_password_is_refused_and_logged_as_failure(api, county_a_officer):
    client = api()

    res = login(client, "county_a_officer", "Wrong@2026pass")

    body = assert_error(res, 400, "auth.invalid_credentials")
    assert body["message"] == "用户名或密码错误"
    assert "_auth_user_id" not in client.client.session
    log = LoginLog.objects.get()
    assert (log.user_id, log.success, log.reason, log.ip) == (county_a_officer.pk, False, "密码错误", "127.0.0.1")
    county_a_officer.refresh_from_db()
    assert county_a_officer.failed_login_count == 1


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(api, reference):
    res = login(api(), "nobody_here")

    body = assert_error(res, 400, "auth.invalid_credentials")
    assert body["message"] == "用户名或密码错误"
    log = LoginLog.objects.get()
    assert (log.user_id, log.username, log.success, log.reason) == (None, "nobody_here", False, "用户不存在")


def test_login_payload_is_validated(api, reference):
    res = api().post(LOGIN, {"username": "", "password": "x"})
    assert_error(res, 422, "validation_error")
    assert not LoginLog.objects.exists()


# --- lockout ----------------------------------------------------------------------------------


def test_five_failures_lock_the_account_even_for_the_right_password_until_unlocked(
    api, county_a_officer, sys_admin, settings
):
    settings.SMEDT_LOGIN_MAX_FAILURES = 5
    client = api()

    # given five wrong passwords in a row
    for _ in range(5):
        assert_error(login(client, "county_a_officer", "Wrong@2026pass"), 400, "auth.invalid_credentials")
    county_a_officer.refresh_from_db()
    assert county_a_officer.locked_until is not None
    assert LoginLog.objects.order_by("-id").first().reason == "密码错误，账号已锁定"

    # when the right password is tried
    res = login(client, "county_a_officer")

    # then it is refused as locked, and the refusal is logged
    body = assert_error(res, 423, "auth.locked")
    assert "已锁定" in body["message"]
    assert "_auth_user_id" not in client.client.session
    assert LoginLog.objects.order_by("-id").first().reason == "账号已锁定"

    # when the system administrator unlocks the account
    res = api(sys_admin).post(f"/api/users/{county_a_officer.pk}/unlock")
    assert res.status_code == 200, res.content
    assert res.json()["locked_until"] is None

    # then the right password works again
    assert login(client, "county_a_officer").status_code == 200
    county_a_officer.refresh_from_db()
    assert (county_a_officer.locked_until, county_a_officer.failed_login_count) == (None, 0)


def test_a_successful_login_resets_the_failure_count(api, county_a_officer):
    client = api()
    for _ in range(4):
        login(client, "county_a_officer", "Wrong@2026pass")
    assert login(client, "county_a_officer").status_code == 200
    for _ in range(4):
        login(api(), "county_a_officer", "Wrong@2026pass")

    county_a_officer.refresh_from_db()
    assert county_a_officer.locked_until is None
    assert county_a_officer.failed_login_count == 4


def test_an_expired_lock_lets_the_right_password_in(api, county_a_officer):
    User.objects.filter(pk=county_a_officer.pk).update(locked_until="2000-01-01T00:00:00Z")
    assert login(api(), "county_a_officer").status_code == 200
    county_a_officer.refresh_from_db()
    assert county_a_officer.locked_until is None


def test_a_locked_account_refuses_even_a_wrong_password_as_locked(api, county_a_officer):
    User.objects.filter(pk=county_a_officer.pk).update(locked_until="2999-01-01T00:00:00Z")
    assert_error(login(api(), "county_a_officer", "Wrong@2026pass"), 423, "auth.locked")
    county_a_officer.refresh_from_db()
    assert county_a_officer.failed_login_count == 0


def test_only_a_user_manager_can_unlock(api, county_a_officer, county_b_officer, outsider):
    User.objects.filter(pk=county_a_officer.pk).update(failed_login_count=0, locked_until="2999-01-01T00:00:00Z")
    for persona in (county_b_officer, outsider, county_a_officer):
        assert_error(api(persona).post(f"/api/users/{county_a_officer.pk}/unlock"), 404, "not_found")
    county_a_officer.refresh_from_db()
    assert county_a_officer.locked_until is not None


# --- disabled accounts -----------------------------------------------------------------------------


def test_a_disabled_user_cannot_log_in(api, enterprise_a_user, sys_admin):
    assert api(sys_admin).post(f"/api/users/{enterprise_a_user.pk}/disable").status_code == 200

    res = login(api(), "enterprise_a_user")

    assert_error(res, 400, "auth.invalid_credentials")
    log = LoginLog.objects.get()
    assert (log.success, log.reason) == (False, "账号已停用")


def test_disabling_ends_the_users_open_session(api, enterprise_a_user, sys_admin):
    # given the enterprise user is signed in
    browser = api()
    assert login(browser, "enterprise_a_user").status_code == 200
    assert browser.get("/api/auth/me").status_code == 200

    # when the administrator disables the account
    res = api(sys_admin).post(f"/api/users/{enterprise_a_user.pk}/disable")
    assert res.status_code == 200
    assert res.json()["is_active"] is False

    # then the open session is refused at its next request
    assert_error(browser.get("/api/auth/me"), 401, "not_authenticated")


def test_a_session_of_a_user_disabled_behind_the_services_back_is_refused(api, enterprise_a_user):
    # given a signed-in user whose account is switched off directly in the database (no session clean-up)
    browser = api(enterprise_a_user)
    assert browser.get("/api/auth/me").status_code == 200
    User.objects.filter(pk=enterprise_a_user.pk).update(is_active=False)

    # then the next request is refused
    assert_error(browser.get("/api/auth/me"), 401, "not_authenticated")
    assert_error(browser.post("/api/notify/messages/read-all"), 401, "not_authenticated")


def test_enabling_again_lets_the_user_back_in(api, enterprise_a_user, sys_admin):
    admin = api(sys_admin)
    admin.post(f"/api/users/{enterprise_a_user.pk}/disable")
    res = admin.post(f"/api/users/{enterprise_a_user.pk}/enable")
    assert res.status_code == 200 and res.json()["is_active"] is True
    assert login(api(), "enterprise_a_user").status_code == 200


def test_an_administrator_cannot_disable_themself(api, sys_admin):
    assert_error(api(sys_admin).post(f"/api/users/{sys_admin.pk}/disable"), 409, "accounts.cannot_disable_self")
    sys_admin.refresh_from_db()
    assert sys_admin.is_active


# --- idle timeout and logout -------------------------------------------------------------------------


def _set_last_seen(client, seconds_ago):
    session = client.client.session
    session["smedt_last_seen"] = int(time.time()) - seconds_ago
    session.save()


def test_an_idle_session_is_logged_out(api, county_a_officer, settings):
    settings.SMEDT_SESSION_IDLE_SECONDS = 60
    browser = api(county_a_officer)
    assert browser.get("/api/auth/me").status_code == 200

    # given the last request was two minutes ago
    _set_last_seen(browser, 120)

    # then the next request is refused, and so is the one after (the session is gone)
    assert_error(browser.get("/api/auth/me"), 401, "not_authenticated")
    assert "_auth_user_id" not in browser.client.session
    assert_error(browser.get("/api/auth/me"), 401, "not_authenticated")


def test_a_session_used_within_the_idle_limit_stays(api, county_a_officer, settings):
    settings.SMEDT_SESSION_IDLE_SECONDS = 60
    browser = api(county_a_officer)
    browser.get("/api/auth/me")
    _set_last_seen(browser, 45)

    assert browser.get("/api/auth/me").status_code == 200
    # and the activity refreshed the mark (written at most every 30 s)
    assert int(time.time()) - browser.client.session["smedt_last_seen"] < 5


def test_logout_ends_the_session(api, county_a_officer):
    browser = api()
    login(browser, "county_a_officer")
    assert browser.post("/api/auth/logout").status_code == 204
    assert_error(browser.get("/api/auth/me"), 401, "not_authenticated")


# --- CSRF ---------------------------------------------------------------------------------------------


def test_an_unsafe_request_without_csrf_token_is_refused(api, enterprise_a_user):
    browser = api(enterprise_a_user, enforce_csrf=True)

    assert_error(browser.post("/api/notify/messages/read-all"), 403, "csrf_failed")
    assert_error(browser.post("/api/notify/messages/read-all", HTTP_X_CSRFTOKEN="x" * 32), 403, "csrf_failed")


def test_an_unsafe_request_with_the_csrf_token_passes(api, enterprise_a_user):
    browser = api(enterprise_a_user, enforce_csrf=True)
    # safe methods need no token
    assert browser.get("/api/auth/me").status_code == 200

    token = browser.get("/api/auth/csrf").json()["csrf_token"]
    res = browser.post("/api/notify/messages/read-all", HTTP_X_CSRFTOKEN=token)

    assert res.status_code == 200, res.content


def test_login_itself_enforces_csrf(api, county_a_officer):
    browser = api(enforce_csrf=True)

    # without a token: refused before the password is even looked at
    assert_error(login(browser, "county_a_officer"), 403, "csrf_failed")
    assert not LoginLog.objects.exists()

    # with the token from /api/auth/csrf: accepted
    token = browser.get("/api/auth/csrf").json()["csrf_token"]
    res = login(browser, "county_a_officer", HTTP_X_CSRFTOKEN=token)
    assert res.status_code == 200, res.content


# --- /api/auth/me ------------------------------------------------------------------------------------


def test_me_lists_roles_with_scope_and_permission_codes(api, county_a_officer):
    from smedt.rbac.registry import BUILTIN_ROLES

    body = api(county_a_officer).get("/api/auth/me").json()

    assert body["username"] == "county_a_officer"
    assert body["roles"] == [
        {
            "role_code": "county_officer",
            "role_name": "县区审核员",
            "scope_kind": "region",
            "region": {"code": "410702", "name": "红旗区"},
            "org": None,
        }
    ]
    expected = Role.objects.get(code="county_officer").permissions.values_list("code", flat=True)
    assert body["permissions"] == sorted(expected)
    assert set(next(r for r in BUILTIN_ROLES if r.code == "county_officer").permissions) <= set(expected)
    assert "accounts.manage_user" not in body["permissions"]
    assert body["unread_messages"] == 0


def test_me_of_an_enterprise_user_names_the_organization(api, enterprise_a_user, enterprise_a):
    from smedt.notify.services import message_send

    message_send(recipient_ids=[enterprise_a_user.pk], title="欢迎")
    body = api(enterprise_a_user).get("/api/auth/me").json()

    assert [(r["role_code"], r["org"]) for r in body["roles"]] == [
        ("enterprise_user", {"id": enterprise_a.pk, "name": "红旗测试企业"})
    ]
    assert "orgs.edit_own_org" in body["permissions"]
    assert body["unread_messages"] == 1


def test_me_of_a_user_without_roles_has_no_permissions(api, outsider):
    body = api(outsider).get("/api/auth/me").json()
    assert (body["roles"], body["permissions"]) == ([], [])


def test_me_requires_a_session(api, reference):
    assert_error(api().get("/api/auth/me"), 401, "not_authenticated")

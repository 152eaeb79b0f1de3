"""Login page and identity administration: the password travels SM2-encrypted, a captcha appears
after repeated failures, the system admin forces another user's logout and configures a provider
whose secrets are never shown back."""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import Browser, Page, Request, expect

from conftest import ACTION_TIMEOUT, DEMO_PASSWORD, fill, login


def _login_bodies(page: Page) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = []

    def on_request(req: Request) -> None:
        if req.method == "POST" and req.url.split("?")[0].endswith("/api/auth/login"):
            bodies.append({"raw": req.post_data or "", "json": json.loads(req.post_data or "{}")})

    page.on("request", on_request)
    return bodies


def test_login_sends_the_password_sm2_encrypted(page: Page) -> None:
    bodies = _login_bodies(page)

    login(page, "sysadmin")

    assert len(bodies) == 1
    body = bodies[0]["json"]
    assert set(body) == {"username", "password_cipher"}
    assert "password" not in body
    assert DEMO_PASSWORD not in bodies[0]["raw"]
    # 04 || C1 (64 bytes) || C3 (32 bytes) || C2, hex
    assert re.fullmatch(r"04[0-9a-f]{192,}", body["password_cipher"])


def test_sysadmin_configures_a_provider_whose_secret_is_never_shown(page: Page) -> None:
    login(page, "sysadmin")
    page.get_by_test_id("menu-identity-provider").click()
    page.get_by_test_id("provider-create").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "provider-form-name", "测试 OIDC 平台")
    fill(dialog, "provider-form-slug", "e2e-oidc")
    # nothing listens on port 9: the connection test must report it, not fail
    fill(dialog, "provider-field-issuer", "http://127.0.0.1:9/oidc")
    fill(dialog, "provider-field-client_id", "smedt-e2e")
    fill(dialog, "provider-secret-client_secret", "top-secret-value-42")
    dialog.get_by_test_id("dialog-submit").click()
    expect(page.locator(".el-message--success")).to_be_visible()

    table = page.get_by_test_id("provider-table")
    expect(table).to_contain_text("client_secret 已设置")
    expect(page.locator("body")).not_to_contain_text("top-secret-value-42")

    page.get_by_test_id("provider-edit-e2e-oidc").click()
    dialog = page.locator(".el-dialog:visible")
    expect(dialog.get_by_test_id("provider-secret-set-client_secret")).to_have_text("已设置")
    expect(dialog.get_by_test_id("provider-secret-client_secret")).to_have_count(0)
    assert "top-secret-value-42" not in page.content()
    dialog.get_by_test_id("dialog-cancel").click()

    page.get_by_test_id("provider-check-e2e-oidc").click()
    result = page.get_by_test_id("provider-check-result")
    expect(result).to_contain_text("发现文档")
    expect(result).to_contain_text("部分接口无法访问")


def test_sysadmin_forces_the_logout_of_another_user(page: Page, browser: Browser, server: str) -> None:
    other_context = browser.new_context(base_url=server, locale="zh-CN")
    other_context.set_default_timeout(ACTION_TIMEOUT)
    other = other_context.new_page()
    try:
        login(other, "city_admin")

        login(page, "sysadmin")
        page.get_by_test_id("menu-identity-session").click()
        fill(page, "search-q", "city_admin")
        page.get_by_test_id("search-submit").click()
        row = page.get_by_test_id("session-table").locator(".el-table__body tr", has_text="city_admin").first
        expect(row).to_be_visible()
        # other tests may have left more sessions of city_admin open: end them all
        row.get_by_role("button", name="全部下线").click()
        page.locator(".el-message-box__btns .el-button--primary").click()
        expect(page.locator(".el-message--success", has_text="全部会话已下线")).to_be_visible()
        sessions = page.get_by_test_id("session-table")
        expect(sessions.locator(".el-table__body tr", has_text="city_admin")).to_have_count(0)

        # the city admin's next navigation lands on the login page
        other.goto("/system/orgs")
        other.wait_for_url("**/login**")
        expect(other.get_by_test_id("login-submit")).to_be_visible()
    finally:
        other_context.close()


def _set_mobile(admin: Page, username: str, mobile: str) -> None:
    """The system admin (logged in on `admin`) gives a user a mobile number."""
    admin.goto("/system/users")
    fill(admin, "search-q", username)
    admin.get_by_test_id("search-submit").click()
    row = admin.get_by_test_id("user-table").locator(".el-table__body tr", has_text=username).first
    row.get_by_role("button", name="编辑").click()
    dialog = admin.locator(".el-dialog:visible")
    fill(dialog, "user-form-mobile", mobile)
    dialog.get_by_test_id("dialog-submit").click()
    expect(admin.locator(".el-message--success").last).to_be_visible()


def _sms_login(user: Page, admin: Page, mobile: str) -> None:
    """Log in on `user` with an SMS code that the admin reads from the SMS outbox."""
    if "/login" not in user.url:
        user.goto("/login")
    user.get_by_test_id("login-tab-sms").click()
    fill(user, "sms-mobile", mobile)
    user.get_by_test_id("sms-send").click()
    expect(user.get_by_test_id("sms-send")).to_contain_text("秒后重发")
    expect(user.get_by_test_id("sms-send")).to_be_disabled()

    # the console SMS backend put the code in the outbox, which the system admin can read
    admin.goto("/identity/sms-outbox")
    masked = f"{mobile[:3]}****{mobile[-4:]}"
    row = admin.get_by_test_id("sms-outbox-table").locator(".el-table__body tr", has_text=masked).first
    expect(row).to_be_visible()
    code = re.search(r"验证码为 (\d{6})", row.inner_text())
    assert code, row.inner_text()

    fill(user, "sms-code", code.group(1))
    user.get_by_test_id("sms-submit").click()
    user.wait_for_url("**/workspace**")
    expect(user.get_by_test_id("user-menu")).to_be_visible()


def test_sms_code_login(page: Page, browser: Browser, server: str) -> None:
    login(page, "sysadmin")
    _set_mobile(page, "zhizao_user", "13912345678")
    other_context = browser.new_context(base_url=server, locale="zh-CN")
    other_context.set_default_timeout(ACTION_TIMEOUT)
    try:
        _sms_login(other_context.new_page(), page, "13912345678")
    finally:
        other_context.close()


def test_three_wrong_passwords_bring_the_captcha(page: Page, browser: Browser, server: str) -> None:
    # failures count per source address (all tests come from 127.0.0.1) until the next successful
    # login; the admin prepares an SMS login that ends the streak, so later tests need no captcha
    login(page, "sysadmin")
    _set_mobile(page, "huarui_user", "13912340002")

    context = browser.new_context(base_url=server, locale="zh-CN")
    context.set_default_timeout(ACTION_TIMEOUT)
    visitor = context.new_page()
    try:
        bodies = _login_bodies(visitor)
        visitor.goto("/login")
        expect(visitor.get_by_test_id("login-captcha")).to_have_count(0)
        for attempt in range(3):
            fill(visitor, "login-username", "e2e_nobody")
            fill(visitor, "login-password", f"wrong-password-{attempt}")
            visitor.get_by_test_id("login-submit").click()
            expect(visitor.get_by_test_id("login-error")).to_contain_text("用户名或密码错误")
            visitor.wait_for_timeout(200)

        expect(visitor.get_by_test_id("login-captcha")).to_be_visible()
        image = visitor.get_by_test_id("login-captcha-image")
        expect(image).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
        first = image.get_attribute("src")
        visitor.get_by_test_id("login-captcha-refresh").click()
        expect(image).not_to_have_attribute("src", first or "")
        # every attempt was encrypted, each with its own nonce
        assert len(bodies) == 3
        assert all("password" not in b["json"] and "password_cipher" in b["json"] for b in bodies)
        assert len({b["json"]["password_cipher"] for b in bodies}) == 3

        # a successful login from this address ends the streak
        _sms_login(visitor, page, "13912340002")
    finally:
        context.close()

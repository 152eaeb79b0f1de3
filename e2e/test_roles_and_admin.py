"""Each demo role logs in and sees its own menu; the system admin creates a county user who then
sees only that county's organizations; a county officer verifies a registration in the browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import DEMO_PASSWORD, fill, login

MENUS = {
    # username: (menu items that must be there, menu items that must not)
    "sysadmin": (
        ["workspace", "system-user", "system-role", "system-region", "system-dict", "system-audit",
         "system-login-log", "system-task"],
        [],
    ),
    # the city administrator manages the accounts and role assignments of its city (issue 11)
    "city_admin": (["workspace", "review-center", "system-org", "system-audit", "system-user", "system-role"],
                   ["system-task", "system-login-log"]),
    "hongqi_officer": (["workspace", "review-center", "system-org"], ["system-user", "system-audit", "system-task"]),
    "changyuan_officer": (["workspace", "review-center", "system-org"], ["system-user", "system-login-log"]),
    "huarui_user": (["workspace", "review-center", "message-center"], ["system-user", "system-org", "system-audit"]),
    "zhizao_user": (["workspace", "message-center"], ["system-user", "system-org", "system-task"]),
    "expert_sun": (["workspace", "message-center"], ["system-user", "system-org", "review-center"]),
    # 市财政局: the finance step of the subsidy reviews, budget and ledger read-only
    "finance_officer": (["workspace", "review-center"], ["system-user", "system-org", "system-audit", "system-task"]),
}


@pytest.mark.parametrize("username", list(MENUS))
def test_each_demo_role_logs_in_and_sees_its_menu(page: Page, username: str) -> None:
    present, absent = MENUS[username]
    login(page, username)
    for name in present:
        expect(page.get_by_test_id(f"menu-{name}")).to_have_count(1)
    for name in absent:
        expect(page.get_by_test_id(f"menu-{name}")).to_have_count(0)
    # the pages behind an absent menu item are refused, not just hidden
    if "system-user" in absent:
        page.goto("/system/users")
        expect(page.get_by_test_id("page-403")).to_be_visible()


def test_wrong_password_shows_a_chinese_error(page: Page) -> None:
    page.goto("/login")
    fill(page, "login-username", "sysadmin")
    fill(page, "login-password", "wrong-password-1")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("login-error")).to_contain_text("用户名或密码错误")


def _search_table_rows(page: Page, table_testid: str) -> list[str]:
    table = page.get_by_test_id(table_testid)
    expect(table.locator(".el-table__body tr").first).to_be_visible()
    return table.locator(".el-table__body tr").all_inner_texts()


def test_admin_creates_a_county_user_who_sees_only_that_county(page: Page) -> None:
    login(page, "sysadmin")
    page.goto("/system/users")
    page.get_by_test_id("user-create").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "user-form-username", "weibin_e2e")
    fill(dialog, "user-form-display-name", "长垣 测试审核员")
    fill(dialog, "user-form-password", DEMO_PASSWORD)
    dialog.get_by_test_id("dialog-submit").click()
    expect(page.locator(".el-message--success")).to_be_visible()

    # assign the county reviewer role, scoped to 长垣市
    page.get_by_test_id("user-roles-weibin_e2e").click()
    roles_dialog = page.locator(".el-dialog:visible")
    roles_dialog.get_by_test_id("role-assign-add").click()
    roles_dialog.get_by_test_id("role-assign-role-0").click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text="县区审核员").click()
    roles_dialog.get_by_test_id("role-assign-region-0").locator(".el-select__wrapper, .el-select").first.click()
    page.locator(".el-select-dropdown:visible .el-tree-node__content", has_text="长垣市").first.click()
    roles_dialog.get_by_test_id("dialog-submit").click()
    expect(page.locator(".el-message--success").last).to_be_visible()

    # the new user logs in and sees only 长垣市's organizations
    page.context.clear_cookies()
    login(page, "weibin_e2e")
    page.goto("/system/orgs")
    rows = _search_table_rows(page, "org-table")
    assert rows, "the county user should see its county's organizations"
    assert all("长垣市" in r for r in rows), rows
    body = page.get_by_test_id("org-table").inner_text()
    assert "红旗" not in body and "卫滨" not in body


def test_county_officer_verifies_a_registration_and_the_enterprise_is_told(page: Page) -> None:
    login(page, "changyuan_officer")
    page.goto("/reviews")
    row = page.locator("tr", has_text="长垣驼峰医疗卫材有限公司")
    expect(row).to_be_visible()
    row.get_by_role("button").first.click()
    drawer = page.get_by_test_id("review-drawer")
    expect(drawer.get_by_test_id("review-materials")).to_contain_text("91410783")
    drawer.get_by_test_id("review-approve").click()
    if page.get_by_test_id("review-opinion").count():
        fill(page, "review-opinion", "材料齐全，同意认证")
        page.locator(".el-dialog:visible").get_by_test_id("dialog-submit").click()
    expect(page.get_by_test_id("review-timeline")).to_contain_text("通过")

    # the enterprise user sees the result in the message centre (delivered by the worker)
    page.context.clear_cookies()
    login(page, "tuofeng_user")
    # delivered by the background worker: reload until it has run (at most ~30 s)
    wanted = page.get_by_text(re.compile("审核结果.*长垣驼峰医疗卫材有限公司"))
    for _ in range(30):
        page.goto("/messages")
        page.wait_for_load_state("networkidle")
        if wanted.count():
            break
        page.wait_for_timeout(1000)
    expect(wanted).to_be_visible()

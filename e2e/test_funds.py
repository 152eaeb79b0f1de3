"""试点资金 in a real browser: the city admin reads the demo budget, reverses a disbursement with a reason,
sees the reconciliation chart and a verified ledger; the enterprise sees only its own entries."""

from __future__ import annotations

from conftest import fill, login, logout
from playwright.sync_api import Page, expect


def test_city_admin_reads_reverses_and_reconciles(page: Page) -> None:
    login(page, "city_admin")
    page.goto("/funds/ledger")
    expect(page.get_by_test_id("funds-totals")).to_contain_text("已下达")
    lines = page.get_by_test_id("funds-lines-table")
    expect(lines).to_contain_text("试点企业数字化改造补贴")
    expect(lines).to_contain_text("8,000,000.00")
    page.get_by_role("tab", name="台账分录").click()
    entries = page.get_by_test_id("funds-entries-table")
    expect(entries).to_contain_text("新乡红旗汽车零部件有限公司")
    row = entries.locator("tr", has_text="拨付凭证 2026-001")
    row.get_by_role("button", name="冲销").click()
    dialog = page.get_by_role("dialog")
    fill(dialog, "reason-input", "账户信息有误，退回重拨")
    dialog.get_by_test_id("dialog-submit").click()
    expect(entries).to_contain_text("账户信息有误，退回重拨")
    expect(entries.locator("tr", has_text="拨付凭证 2026-001").first).to_contain_text("已冲销")
    page.get_by_role("tab", name="对账").click()
    expect(page.locator("canvas").first).to_be_visible()
    page.get_by_test_id("reconcile-by").get_by_text("按企业").click()
    expect(page.get_by_test_id("reconcile-table")).to_contain_text("新乡红旗汽车零部件有限公司")
    page.get_by_test_id("ledger-verify").click()
    expect(page.get_by_test_id("ledger-verify-result")).to_contain_text("资金台账完整")
    logout(page)


def test_enterprise_sees_its_own_entries_only(page: Page) -> None:
    login(page, "huarui_user")  # 长垣华瑞: nothing committed to it in the demo
    page.goto("/funds/ledger")
    entries = page.get_by_test_id("funds-entries-table")
    expect(entries).to_be_visible()
    expect(entries).not_to_contain_text("新乡红旗汽车零部件有限公司")
    expect(page.get_by_test_id("funds-totals")).to_have_count(0)
    logout(page)

"""产业服务 in a real browser: 华瑞起重 reports the open month with a jump that is flagged and explained,
长垣's officer confirms it, and the figure appears in the enterprise's benchmark and the chain's 成效展示."""

from __future__ import annotations

from conftest import JOB_TIMEOUT, fill, login, logout
from playwright.sync_api import Page, expect


def test_report_confirm_benchmark_and_results(page: Page) -> None:
    login(page, "huarui_user")
    page.goto("/industry/report")
    form = page.get_by_test_id("report-form")
    expect(form).to_contain_text("营业收入")
    expect(page.get_by_test_id("report-status")).to_have_count(0)  # the open month is not reported yet
    fill(page, "value-revenue", "2500")
    fill(page, "value-employees", "180")
    page.get_by_test_id("report-save").click()
    expect(page.get_by_test_id("change-revenue")).to_contain_text("异常", timeout=JOB_TIMEOUT)  # saved, compared
    page.get_by_test_id("report-submit").click()
    expect(page.get_by_text("请说明原因").first).to_be_visible()  # the jump needs an explanation first
    fill(page, "note-revenue", "新签两台冶金桥式起重机订单集中交付")
    page.get_by_test_id("report-submit").click()
    expect(page.get_by_test_id("report-status")).to_have_text("待县区确认")
    logout(page)

    login(page, "changyuan_officer")
    page.goto("/industry/reports")
    table = page.get_by_test_id("industry-reports-table")
    row = table.locator("tr", has_text="长垣华瑞起重装备有限公司").filter(has_text="待县区确认").first
    expect(row).to_contain_text("1")  # one flagged figure
    row.get_by_role("button", name="查看").click()
    drawer = page.get_by_role("dialog")
    expect(drawer.get_by_test_id("report-values")).to_contain_text("新签两台冶金桥式起重机订单集中交付")
    drawer.get_by_test_id("report-confirm").click()
    expect(drawer.get_by_test_id("drawer-status")).to_have_text("已确认")
    page.keyboard.press("Escape")

    page.goto("/industry/results")
    expect(page.get_by_test_id("results-counts")).to_contain_text("样板企业")
    # the confirmed figure reaches the chain's results (aggregated on the server): a slow request when loaded
    expect(page.get_by_test_id("results-totals")).to_contain_text("2500.00", timeout=JOB_TIMEOUT)
    expect(page.locator("canvas").first).to_be_visible(timeout=JOB_TIMEOUT)

    page.goto("/industry/monitoring")
    expect(page.get_by_test_id("monitor-table")).to_contain_text("起重装备", timeout=JOB_TIMEOUT)
    logout(page)

    login(page, "huarui_user")
    page.goto("/industry/benchmark")
    head = page.get_by_test_id("bench-head")
    expect(head).to_contain_text("长垣华瑞起重装备有限公司")
    expect(head).to_contain_text("样板企业")
    expect(page.get_by_test_id("bench-table")).to_contain_text("2500.00", timeout=JOB_TIMEOUT)
    logout(page)


def test_city_admin_sees_chains_and_marks_enterprises(page: Page) -> None:
    login(page, "city_admin")
    page.goto("/industry/chains")
    expect(page.get_by_test_id("chains-table")).to_contain_text("高端医疗器械及卫材")
    members = page.get_by_test_id("members-table")
    expect(members).to_contain_text("长垣华瑞起重装备有限公司")
    expect(members).to_contain_text("复制推广企业")
    expect(page.get_by_test_id("links-table")).to_contain_text("起重机整机制造")
    logout(page)

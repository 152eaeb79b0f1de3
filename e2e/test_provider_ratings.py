"""Provider ratings in the browser (issue 5, rating):

an enterprise complains about its provider and the city upholds it; the city computes this year's scorecards;
the provider sees its scorecard with the evidence and appeals; the city
decides the appeal from the appeals list; the city opens the scheme editor (weights from the server).
"""

from __future__ import annotations

import secrets

from playwright.sync_api import Page, expect

from conftest import fill, login

PROVIDER = "新乡智造数字科技有限公司"


def _switch(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _pick(page: Page, select_testid: str, option_text: str) -> None:
    page.get_by_test_id(select_testid).click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text=option_text).first.click()


def _success(page: Page, text: str) -> None:
    expect(page.locator(".el-message--success", has_text=text).first).to_be_visible()


def test_complaint_scorecard_appeal(page: Page) -> None:
    token = secrets.token_hex(3)
    title = f"上线延期 {token}"

    # the enterprise complains about its provider
    login(page, "hongqi_parts_user")
    page.goto("/providers/complaints")
    page.get_by_test_id("complaint-new").click()
    dialog = page.locator(".el-dialog:visible")
    _pick(page, "complaint-provider", PROVIDER)
    fill(dialog, "complaint-title", title)
    fill(dialog, "complaint-content", "合同约定的上线日期已过去两周，服务商仍未交付。")
    dialog.get_by_test_id("dialog-submit").click()
    _success(page, "投诉已提交")
    expect(page.get_by_test_id("complaint-table").locator("tr", has_text=title)).to_contain_text("待处理")

    # the city upholds it
    _switch(page, "city_admin")
    page.goto("/providers/complaints")
    row = page.get_by_test_id("complaint-table").locator("tr", has_text=title)
    row.get_by_test_id("complaint-handle").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "complaint-opinion", "经核查属实，责令限期交付")
    dialog.get_by_test_id("dialog-submit").click()
    _success(page, "已处理")
    expect(row).to_contain_text("投诉成立")

    # the city computes this year's scorecards
    page.goto("/providers/ratings")
    page.get_by_test_id("rating-compute").click()
    dialog = page.locator(".el-dialog:visible")
    dialog.get_by_test_id("dialog-submit").click()
    expect(dialog.get_by_test_id("compute-result")).to_contain_text("已计算")
    dialog.get_by_test_id("dialog-submit").click()

    # the scheme editor shows the server's dimensions and weights
    page.get_by_test_id("rating-scheme").click()
    dialog = page.locator(".el-dialog:visible")
    dims = dialog.get_by_test_id("scheme-dimensions")
    for text in ("满分所需项目数", "每件成立投诉扣分", "市级手工评分", "20%", "10%"):
        expect(dims).to_contain_text(text)
    values = dims.locator("input").evaluate_all("els => els.map((e) => e.value)")
    assert {"承接项目数量", "主管部门与专家评价", "government"} <= set(values), values
    dialog.get_by_test_id("dialog-cancel").click()

    # the provider sees its scorecard with the evidence behind each dimension (which dimensions have records
    # depends on what other tests did on this server, so only the complaint is asserted); it appeals
    _switch(page, "zhizao_user")
    page.goto("/providers/ratings")
    row = page.get_by_test_id("rating-table").locator("tr", has_text=PROVIDER)
    expect(row).to_contain_text("投诉情况 80.00")
    row.get_by_role("button", name="评分卡").click()
    card = page.get_by_test_id("scorecard-table")
    expect(card).to_contain_text("投诉成立 1 件")
    expect(card).to_contain_text("本年度签约项目")
    page.keyboard.press("Escape")
    row.get_by_test_id("rating-appeal").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "reason-input", f"投诉所涉延期系企业需求变更所致 {token}")
    dialog.get_by_test_id("dialog-submit").click()
    _success(page, "申诉已提交")
    expect(row).to_contain_text("申诉处理中")

    # the city decides it from the appeals list
    _switch(page, "city_admin")
    page.goto("/providers/rating-appeals")
    row = page.get_by_test_id("appeal-table").locator("tr", has_text=token)
    row.get_by_test_id("appeal-decide").click()
    dialog = page.locator(".el-dialog:visible")
    expect(dialog.get_by_test_id("scorecard-table")).to_contain_text("投诉情况")
    fill(dialog, "appeal-resolution", "经核实投诉成立，维持评级")
    dialog.get_by_test_id("dialog-submit").click()
    _success(page, "已驳回申诉")
    expect(row).to_contain_text("申诉不成立")

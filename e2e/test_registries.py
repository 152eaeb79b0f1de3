"""Registries in the browser: an enterprise applies to a pilot selection batch that the county and then the
city approve (it goes on 公示); the pilot library is exported and scoped by county; a provider publishes a
product for review."""

from __future__ import annotations

import secrets

from playwright.sync_api import Page, expect

from conftest import fill, login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _switch(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _pick(page: Page, select_testid: str, option_text: str) -> None:
    """Choose an option of an Element Plus select (single or multiple) by its visible text."""
    page.get_by_test_id(select_testid).click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text=option_text).first.click()
    page.keyboard.press("Escape")


def _approve_in_review_center(page: Page, row_text: str, opinion: str) -> None:
    page.goto("/reviews")
    row = page.locator("tr", has_text=row_text).first
    expect(row).to_be_visible()
    row.get_by_role("button").first.click()
    drawer = page.get_by_test_id("review-drawer")
    drawer.get_by_test_id("review-approve").click()
    if page.get_by_test_id("review-opinion").count():
        fill(page, "review-opinion", opinion)
        page.locator(".el-dialog:visible").get_by_test_id("dialog-submit").click()
    expect(page.get_by_test_id("review-timeline")).to_contain_text("通过")


def test_enterprise_applies_and_is_approved_by_county_then_city(page: Page) -> None:
    batch_name = f"E2E 试点遴选 {secrets.token_hex(3)}"

    # the city admin opens a selection batch
    login(page, "city_admin")
    page.goto("/enterprises/selection")
    page.get_by_test_id("batch-create").click()
    fill(page, "batch-form-name", batch_name)
    _pick(page, "batch-form-subs", "起重装备")
    page.locator(".el-dialog:visible").get_by_test_id("dialog-submit").click()
    expect(page.locator(".el-message--success", has_text="遴选批次已发布")).to_be_visible()
    expect(page.get_by_test_id("batch-table")).to_contain_text(batch_name)

    # the enterprise applies: form pre-filled from its record, the two required attachments uploaded
    _switch(page, "huarui_user")
    page.goto("/enterprises/selection")
    row = page.get_by_test_id("batch-table").locator("tr", has_text=batch_name)
    row.get_by_role("button", name="申报", exact=True).click()
    dialog = page.locator(".el-dialog:visible")
    expect(dialog).to_contain_text("长垣华瑞起重装备有限公司")
    if not dialog.get_by_test_id("app-form-sub").inner_text().strip().startswith("起重装备"):
        _pick(page, "app-form-sub", "起重装备")
    fill(dialog, "app-form-contact", "王经理")
    fill(dialog, "app-form-plan", "建设设备联网与 MES，实现订单到交付全流程数字化。")
    # submitting without attachments explains what is missing
    dialog.get_by_test_id("app-submit").click()
    expect(dialog).to_contain_text("请上传必需附件")
    for key in ("a1", "a2"):
        dialog.get_by_test_id(f"app-attachment-{key}").set_input_files(
            {"name": f"{key}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        expect(dialog.get_by_text(f"{key}.pdf")).to_be_visible()
    dialog.get_by_test_id("app-submit").click()
    expect(page.locator(".el-message--success", has_text="申报已提交")).to_be_visible()
    app_row = page.get_by_test_id("application-table").locator("tr", has_text=batch_name)
    expect(app_row).to_contain_text("审核中")

    # the application's drawer shows the review timeline
    app_row.get_by_role("button", name="详情").click()
    drawer = page.get_by_test_id("application-drawer")
    expect(drawer.get_by_test_id("review-timeline")).to_be_visible()

    # county review, then city review, in the review centre
    _switch(page, "changyuan_officer")
    _approve_in_review_center(page, batch_name, "县区审核：材料齐全，同意推荐")
    _switch(page, "city_admin")
    _approve_in_review_center(page, batch_name, "市级审核：同意，进入公示")

    # the applicant sees it on publicity (公示 lasts at least a day, so entry to the library is not waited for)
    _switch(page, "huarui_user")
    page.goto("/enterprises/selection")
    page.get_by_role("tab", name="我的申报").click()
    expect(page.get_by_test_id("application-table").locator("tr", has_text=batch_name)).to_contain_text("公示中")
    page.get_by_role("tab", name="公示").click()
    expect(page.get_by_test_id("publicity-table")).to_contain_text("长垣华瑞起重装备有限公司")


PILOT = "新乡红旗汽车零部件有限公司"


def test_pilot_library_export_and_county_scope(page: Page) -> None:
    login(page, "city_admin")
    page.goto("/enterprises/pilots")
    table = page.get_by_test_id("pilot-table")
    expect(table).to_contain_text(PILOT)
    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    assert info.value.suggested_filename.endswith(".xlsx")

    # the detail drawer
    table.locator("tr", has_text=PILOT).get_by_role("button", name="详情").click()
    expect(page.get_by_test_id("pilot-drawer")).to_contain_text("汽车零部件")

    _switch(page, "hongqi_officer")
    page.goto("/enterprises/pilots")
    expect(page.get_by_test_id("pilot-table")).to_contain_text(PILOT)

    _switch(page, "changyuan_officer")
    page.goto("/enterprises/pilots")
    table = page.get_by_test_id("pilot-table")
    expect(table).to_contain_text("暂无数据")
    expect(table).not_to_contain_text(PILOT)


def test_provider_creates_a_product_and_submits_it_for_review(page: Page) -> None:
    name = f"E2E 质量追溯 {secrets.token_hex(3)}"
    login(page, "zhizao_user")
    page.goto("/providers/products")
    page.get_by_test_id("product-create").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "product-form-name", name)
    fill(dialog, "product-form-summary", "面向汽车零部件企业的质量追溯 SaaS。")
    fill(dialog, "product-form-small", "按产线订阅")
    fill(dialog, "product-form-fast", "一周上线")
    fill(dialog, "product-form-light", "云端部署免运维")
    fill(dialog, "product-form-precise", "聚焦零部件质量追溯")
    _pick(page, "product-form-subs", "汽车零部件")
    _pick(page, "product-form-scenarios", "S05")
    fill(dialog, "product-form-price", "36000")
    fill(dialog, "product-form-discount", "15")
    fill(dialog, "product-form-subsidy", "50")
    dialog.get_by_test_id("product-submit").click()
    expect(page.locator(".el-message--success", has_text="已提交市级审核")).to_be_visible()
    expect(page.get_by_test_id("product-table").locator("tr", has_text=name)).to_contain_text("审核中")

"""Pilot projects in the browser: the pilot enterprise sees its demo diagnosis project, downloads the signed
contract PDF and verifies it on the public page; another county's officer does not see the project."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from conftest import login

TITLE = "红旗汽车零部件数字化转型咨询诊断"
ENTERPRISE = "新乡红旗汽车零部件有限公司"
PROVIDER = "新乡智造数字科技有限公司"


def _open_list(page: Page) -> None:
    with page.expect_response(lambda r: "/api/projects?" in r.url and r.request.method == "GET") as resp:
        page.goto("/projects/list")
    assert resp.value.ok


def test_enterprise_downloads_contract_and_verifies_it(page: Page) -> None:
    login(page, "hongqi_parts_user")
    _open_list(page)
    table = page.get_by_test_id("project-table")
    row = table.locator("tr", has_text=TITLE)
    expect(row).to_contain_text(PROVIDER)
    expect(row).to_contain_text("诊断实施中")

    row.get_by_text(TITLE).click()
    page.wait_for_url("**/projects/*")
    detail = page.get_by_test_id("project-detail")
    expect(page.get_by_test_id("project-title")).to_have_text(TITLE)
    expect(detail).to_contain_text(ENTERPRISE)
    expect(page.get_by_test_id("project-provider")).to_have_text(PROVIDER)
    expect(page.get_by_test_id("project-timeline")).to_contain_text("服务商确认需求")
    expect(page.get_by_test_id("signature-table").locator("tbody tr")).to_have_count(2)

    with page.expect_download() as info:
        page.get_by_test_id("contract-pdf").click()
    pdf_path = info.value.path()
    with open(pdf_path, "rb") as fh:
        assert fh.read(4) == b"%PDF"
    assert info.value.suggested_filename.endswith(".pdf")

    # the public verification page, without login
    page.context.clear_cookies()
    page.goto("/verify-contract")
    page.get_by_test_id("verify-pdf").set_input_files(str(pdf_path))
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verify-status")).to_contain_text("验证通过")
    expect(page.get_by_test_id("verify-digest")).to_contain_text("一致")
    expect(page.get_by_test_id("sig-enterprise")).to_contain_text("有效")
    expect(page.get_by_test_id("sig-provider")).to_contain_text("有效")

    # one changed byte: the digest no longer matches any contract
    data = bytearray(open(pdf_path, "rb").read())  # noqa: SIM115
    data[len(data) // 2] ^= 0x01
    page.get_by_test_id("verify-pdf").set_input_files(
        files=[{"name": "tampered.pdf", "mimeType": "application/pdf", "buffer": bytes(data)}]
    )
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verify-status")).to_contain_text("验证未通过")


def test_other_county_does_not_see_the_project(page: Page) -> None:
    login(page, "changyuan_officer")
    _open_list(page)
    table = page.get_by_test_id("project-table")
    expect(table).to_be_visible()
    expect(table).not_to_contain_text(TITLE)


def _pick(page: Page, select_testid: str, option_text: str) -> None:
    page.get_by_test_id(select_testid).click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text=option_text).first.click()


def _confirm_box(page: Page, button: str) -> None:
    page.locator(".el-message-box").get_by_role("button", name=button, exact=True).click()


def test_diagnosis_project_is_started_confirmed_and_signed_by_both(page: Page) -> None:
    title = "E2E 质量管理数字化诊断"
    login(page, "hongqi_parts_user")
    _open_list(page)
    page.get_by_test_id("project-create").click()
    dialog = page.locator(".el-dialog:visible")
    _pick(page, "project-form-provider", PROVIDER)
    dialog.get_by_test_id("project-form-title").fill(title)
    dialog.get_by_test_id("project-form-amount").fill("60000")
    dialog.get_by_test_id("project-form-requirement").fill("质量追溯与设备数据采集诊断")
    dialog.get_by_test_id("dialog-submit").click()
    page.wait_for_url("**/projects/*")
    expect(page.get_by_test_id("project-title")).to_have_text(title)
    expect(page.get_by_test_id("project-detail")).to_contain_text("待服务商确认")
    url = page.url

    # the provider confirms the requirement, generates the contract and signs it
    page.context.clear_cookies()
    login(page, "zhizao_user")
    page.goto(url)
    page.get_by_test_id("project-action-confirm").click()
    _confirm_box(page, "确认需求")
    expect(page.get_by_test_id("project-detail")).to_contain_text("合同签署中")
    page.get_by_test_id("contract-render").first.click()
    expect(page.get_by_test_id("contract-number")).to_contain_text("HT")
    page.get_by_test_id("contract-sign").click()
    _confirm_box(page, "签署")
    expect(page.get_by_test_id("signature-table").locator("tbody tr")).to_have_count(1)

    # the enterprise signs: the diagnosis starts
    page.context.clear_cookies()
    login(page, "hongqi_parts_user")
    page.goto(url)
    page.get_by_test_id("contract-sign").click()
    _confirm_box(page, "签署")
    expect(page.get_by_test_id("signature-table").locator("tbody tr")).to_have_count(2)
    expect(page.get_by_test_id("project-detail")).to_contain_text("诊断实施中")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("合同签署完成")

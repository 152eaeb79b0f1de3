"""Forms check the server's rules in the browser: an empty required field is flagged and nothing is sent;
the provider batch's score sheet is edited as rows with the total shown."""

from __future__ import annotations

from playwright.sync_api import Page, Request, expect

from conftest import login


def test_empty_required_fields_are_flagged_without_a_request(page: Page) -> None:
    login(page, "city_admin")
    page.goto("/providers/selection")
    sent: list[Request] = []
    page.on("request", lambda r: sent.append(r) if r.method == "POST" and "/api/providers/batches" in r.url else None)
    page.get_by_test_id("provider-batch-create").click()
    dialog = page.locator(".el-dialog:visible").first
    # the score sheet is a row editor with its total
    editor = dialog.get_by_test_id("score-items-editor")
    expect(editor.get_by_test_id("score-items-total")).to_have_text("合计满分 100.00 分")
    editor.get_by_test_id("score-item-add").click()
    expect(editor.locator("[data-testid^='score-item-remove-']")).to_have_count(4)
    # nothing typed in the name, no 细分行业, a new row without a name: all flagged, nothing sent
    dialog.get_by_test_id("dialog-submit").click()
    expect(dialog).to_contain_text("请填写批次名称")
    expect(dialog).to_contain_text("请选择细分行业")
    expect(dialog).to_contain_text("第 4 项请填写评分项名称")
    editor.get_by_test_id("score-item-remove-3").click()
    expect(editor.get_by_test_id("score-items-total")).to_have_text("合计满分 100.00 分")
    page.wait_for_timeout(300)
    assert sent == [], [r.url for r in sent]

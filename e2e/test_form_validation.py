"""Forms check the server's rules in the browser: an empty required field is flagged and nothing is sent;
the expert score sheet of a campaign (here a 服务商遴选 campaign of the application engine) is edited as rows with
the total shown."""

from __future__ import annotations

from playwright.sync_api import Page, Request, expect

from conftest import login


def test_empty_required_fields_are_flagged_without_a_request(page: Page) -> None:
    login(page, "city_admin")
    page.goto("/providers/selection")  # → the engine's campaigns of that kind
    sent: list[Request] = []
    page.on(
        "request",
        lambda r: (
            sent.append(r)
            if r.method == "POST" and r.url.split("?")[0].endswith("/api/applications/campaigns")
            else None
        ),
    )
    page.get_by_test_id("campaign-create").click()
    dialog = page.get_by_test_id("campaign-dialog")
    # a provider selection starts with expert scoring on: the score sheet is a row editor with its total
    editor = dialog.get_by_test_id("score-items-editor")
    expect(editor.get_by_test_id("score-items-total")).to_have_text("合计满分 100.00 分")
    editor.get_by_test_id("score-item-add").click()
    expect(editor.locator("[data-testid^='score-item-remove-']")).to_have_count(4)
    # nothing typed in the name, no template, a new row without a name: all flagged, nothing sent
    dialog.get_by_test_id("campaign-save").click()
    expect(dialog).to_contain_text("请填写批次名称")
    expect(dialog).to_contain_text("请选择已发布的模板版本")
    expect(dialog).to_contain_text("第 4 项请填写评分项名称")
    editor.get_by_test_id("score-item-remove-3").click()
    expect(editor.get_by_test_id("score-items-total")).to_have_text("合计满分 100.00 分")
    page.wait_for_timeout(300)
    assert sent == [], [r.url for r in sent]

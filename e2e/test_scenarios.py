"""产业链场景库 in a real browser: the city recomputes the library in the background, accepts a candidate problem
raised from the members' low-scoring 质量管理 scene and the new scenario gets a matching catalogue product; an
enterprise raises a pre-filled need from it through the supply–demand flow; the portal shows the scenario."""

from __future__ import annotations

from conftest import login, logout
from playwright.sync_api import Page, expect


def test_a_scenario_raised_from_a_low_scoring_scene_gets_a_matching_product(page: Page) -> None:
    login(page, "city_admin")
    page.goto("/industry/scenarios")
    expect(page.get_by_test_id("scenario-table")).to_contain_text("焊接质量追溯")
    page.get_by_role("tab", name="候选问题").click()
    page.get_by_test_id("scenario-run").click()
    expect(page.get_by_test_id("scenario-run-status")).to_have_text("已完成", timeout=30_000)

    # 恒达起重部件 (upstream) scores 一级 on 质量管理: a candidate problem of its link
    row = page.get_by_test_id("candidate-table").locator("tr", has_text="钢材与原材料").filter(has_text="质量管理").first
    expect(row).to_contain_text("1")
    row.get_by_role("button", name="采纳").click()
    box = page.locator(".el-message-box")
    box.locator("input").fill("钢材来料质量数字化薄弱")
    box.get_by_role("button", name="采纳", exact=True).click()

    drawer = page.get_by_test_id("scenario-drawer")
    expect(drawer).to_contain_text("起重装备·钢材来料质量数字化薄弱")
    expect(drawer).to_contain_text("已发布")
    expect(drawer.get_by_test_id("scenario-products")).to_contain_text("智造云 MES 轻量版")
    expect(drawer.get_by_test_id("scenario-sources")).to_contain_text("评测低分场景 1 家")
    expect(drawer.get_by_test_id("scenario-reporters")).to_contain_text("长垣恒达起重部件有限公司")
    logout(page)

    # an enterprise of the city raises a need from the scenario: a draft in the portal's need flow
    login(page, "huarui_user")
    page.goto("/industry/scenarios")
    row = page.get_by_test_id("scenario-table").locator("tr", has_text="钢材来料质量数字化薄弱").first
    row.get_by_role("button", name="查看").click()
    drawer = page.get_by_test_id("scenario-drawer")
    expect(drawer.get_by_test_id("scenario-products")).to_contain_text("智造云 MES 轻量版")
    expect(drawer.get_by_test_id("scenario-reporters")).not_to_contain_text("长垣恒达起重部件有限公司")  # not its own
    drawer.get_by_test_id("scenario-raise-need").click()
    page.wait_for_url("**/content/needs")
    needs = page.get_by_test_id("need-table")
    expect(needs.locator("tr", has_text="起重装备·钢材来料质量数字化薄弱").first).to_contain_text("草稿")
    logout(page)

    # the portal's scenario library (no sign-in) shows it with the product
    page.goto("/portal/scenarios")
    page.get_by_test_id("portal-scenario-list").get_by_role("link", name="钢材来料质量数字化薄弱").click()
    detail = page.get_by_test_id("portal-scenario-detail")
    expect(detail.get_by_test_id("scenario-products")).to_contain_text("智造云 MES 轻量版")
    expect(detail).not_to_contain_text("长垣恒达起重部件有限公司")

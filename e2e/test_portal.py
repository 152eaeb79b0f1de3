"""Public portal and content management: the visitor's home page, publishing an announcement through
review, and a need that finds a matching offer."""

from __future__ import annotations

import time

from playwright.sync_api import Page, expect

from conftest import fill, login, logout

DEMO_POLICY = "【示例】新乡市中小企业数字化转型城市试点实施方案"
DEMO_OFFER = "【示例】离散制造轻量化排程解决方案"


def _pick(page: Page, testid: str, option: str) -> None:
    """Choose an option of an Element Plus select by its visible text."""
    page.get_by_test_id(testid).click()
    page.locator(".el-select-dropdown__item:visible", has_text=option).first.click()


def _approve_in_review_center(page: Page, title: str) -> None:
    page.goto("/reviews")
    row = page.locator("tr", has_text=title)
    expect(row).to_be_visible()
    row.get_by_role("button").first.click()
    drawer = page.get_by_test_id("review-drawer")
    drawer.get_by_test_id("review-approve").click()
    dialog = page.locator(".el-dialog:visible")
    dialog.get_by_test_id("review-opinion").wait_for()
    fill(dialog, "review-opinion", "同意发布")
    dialog.get_by_test_id("dialog-submit").click()
    expect(page.get_by_test_id("review-timeline")).to_contain_text("通过")


def test_visitor_sees_the_portal_home_on_a_phone_too(page: Page) -> None:
    page.goto("/portal")
    home = page.get_by_test_id("portal-home")
    expect(home.get_by_test_id("portal-block-policy")).to_contain_text(DEMO_POLICY)
    expect(home.get_by_test_id("portal-block-policy").locator("li").first).to_contain_text("置顶")
    headlines = page.get_by_test_id("portal-headlines")
    expect(headlines).to_contain_text("试点企业")
    expect(headlines).to_contain_text("服务商")
    figures = page.get_by_test_id("portal-headline-providers").locator("dd").inner_text()
    assert int(figures.replace(",", "")) >= 1
    expect(page.get_by_test_id("portal-cases")).to_contain_text("【示例】")
    # landmarks for screen readers
    assert page.locator("header").count() >= 1
    assert page.locator("nav").count() >= 1
    assert page.locator("main").count() == 1
    assert page.locator("footer").count() == 1
    assert page.locator("h1").count() == 1

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(page.get_by_test_id("portal-block-policy")).to_contain_text(DEMO_POLICY)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"horizontal scroll: scrollWidth={width}"
    without_alt = page.evaluate("[...document.images].filter(i => !i.hasAttribute('alt')).length")
    assert without_alt == 0

    # the announcement opens, with its sanitized body and related items
    page.get_by_role("link", name=DEMO_POLICY).first.click()
    expect(page.get_by_test_id("portal-announcement-body")).to_contain_text("工作目标")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # the other public pages fit the phone as well
    for path, testid in (
        ("/portal/announcements?category=policy", "portal-announcement-list"),
        ("/portal/cases", "portal-case-list"),
        ("/portal/needs", "portal-need-list"),
        ("/portal/offers", "portal-offer-list"),
        ("/portal/products", "portal-product-list"),
    ):
        page.goto(path)
        expect(page.get_by_test_id(testid)).to_contain_text("【示例】" if path != "/portal/products" else "服务商产品目录")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path


def test_search_highlights_the_words_found(page: Page) -> None:
    page.goto("/portal")
    page.get_by_label("搜索关键词").fill("排程")
    page.get_by_test_id("portal-search-submit").click()
    results = page.get_by_test_id("portal-search-results")
    expect(results).to_contain_text(DEMO_OFFER)
    expect(results.locator("em", has_text="排程").first).to_be_visible()


def test_city_admin_publishes_an_announcement_through_review(page: Page) -> None:
    title = f"关于开展数字化转型政策宣讲的通知{int(time.time())}"
    login(page, "city_admin")
    page.get_by_test_id("menu-content-announcement").click()
    page.get_by_test_id("announcement-create").click()
    _pick(page, "announcement-form-category", "政策")
    fill(page, "announcement-form-title", title)
    fill(page, "announcement-form-summary", "面向试点企业开展政策宣讲。")
    page.get_by_test_id("announcement-body-area").fill("宣讲时间另行通知。")
    page.get_by_test_id("announcement-save-submit").click()
    row = page.get_by_test_id("announcement-table").locator("tr", has_text=title)
    expect(row).to_contain_text("审核中")

    # the author cannot decide on their own submission: a second city reviewer publishes it
    page.goto("/reviews")
    expect(page.locator("tr", has_text=title)).to_have_count(0)
    logout(page)
    login(page, "city_reviewer")
    _approve_in_review_center(page, title)

    page.context.clear_cookies()
    page.goto("/portal")
    expect(page.get_by_test_id("portal-block-policy")).to_contain_text(title)
    page.get_by_role("link", name=title).click()
    expect(page.get_by_test_id("portal-announcement-body")).to_contain_text("宣讲时间另行通知")


def test_enterprise_need_is_reviewed_and_shows_a_matching_offer(page: Page) -> None:
    title = f"起重装备生产计划排程改造需求{int(time.time())}"
    login(page, "huarui_user")
    page.get_by_test_id("menu-content-need").click()
    page.get_by_test_id("need-create").click()
    fill(page, "need-form-title", title)
    fill(page, "need-form-problem", "订单插单频繁，人工排产效率低，希望引入排程工具。")
    _pick(page, "need-form-scenario", "S05")
    _pick(page, "need-form-industry", "起重装备")
    fill(page, "need-form-budget-min", "100000")
    fill(page, "need-form-budget-max", "300000")
    page.get_by_test_id("need-save-submit").click()
    row = page.get_by_test_id("need-table").locator("tr", has_text=title)
    expect(row).to_contain_text("审核中")
    need_id = row.locator("[data-testid^='need-matches-']").get_attribute("data-testid").rsplit("-", 1)[1]
    # before publication the poster sees a preview on the portal
    page.goto(f"/portal/needs/{need_id}")
    expect(page.get_by_test_id("portal-need-detail")).to_contain_text("预览")

    page.context.clear_cookies()
    login(page, "city_admin")
    _approve_in_review_center(page, title)

    page.context.clear_cookies()
    page.goto("/portal/needs")
    page.get_by_label("关键字").fill(title)
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name=title).click()
    matches = page.get_by_test_id("need-matches")
    expect(matches).to_contain_text(DEMO_OFFER)
    expect(matches).to_contain_text("场景匹配")
    expect(matches).to_contain_text("细分行业匹配")


def test_city_admin_sees_cases_and_supply_demand_statistics(page: Page) -> None:
    login(page, "city_admin")
    page.get_by_test_id("menu-content-case").click()
    expect(page.get_by_test_id("case-table")).to_contain_text("【示例】起重装备企业设备联网与远程运维")
    page.get_by_test_id("menu-content-sd-statistics").click()
    stats = page.get_by_test_id("sd-statistics")
    expect(stats).to_contain_text("需求总数")
    expect(stats.locator("[role=img]").first).to_be_visible()

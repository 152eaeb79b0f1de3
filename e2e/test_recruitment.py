"""招聘信息 in the browser (issue 5): a pilot enterprise posts a notice in the back office, the city approves it from
the review centre, and an anonymous visitor finds it on the portal's 招聘信息 page by a position name — not before
the approval, not under another county, and on a 375px phone without scrolling sideways."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date, timedelta

from playwright.sync_api import Browser, Locator, Page, Response, expect

from conftest import fill, login

PILOT = "新乡红旗汽车零部件有限公司"  # the demo pilot enterprise (红旗区); hongqi_parts_user acts for it
PUBLIC_API = "/api/enterprises/recruitment/public"


def _switch(page: Page, username: str | None) -> None:
    """Sign out, then sign in as `username` (None: an anonymous visitor)."""
    page.context.clear_cookies()
    if username is not None:
        login(page, username)


def _is_get(path: str) -> Callable[[Response], bool]:
    return lambda r: r.request.method == "GET" and r.url.split("?", 1)[0].endswith(path)


def _is_post(pattern: str) -> Callable[[Response], bool]:
    rx = re.compile(pattern)
    return lambda r: r.request.method == "POST" and bool(rx.search(r.url.split("?", 1)[0]))


def _success(page: Page, text: str) -> None:
    expect(page.locator(".el-message--success", has_text=text).first).to_be_visible()


def _form_item(dialog: Locator, label: str) -> Locator:
    return dialog.locator(".el-form-item", has=dialog.page.locator(".el-form-item__label", has_text=label))


def _approve_todo(page: Page, keyword: str, opinion: str) -> None:
    """Approve the one pending item matching `keyword` from the review centre's to-do box."""
    page.goto("/reviews?tab=todo")
    table = page.get_by_test_id("review-table-todo")
    fill(page, "search-q", keyword)
    with page.expect_response(_is_get("/api/reviews/todo")):
        page.get_by_test_id("search-submit").click()
    row = table.locator("tbody tr", has_text=keyword)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="审核").click()
    drawer = page.get_by_test_id("review-drawer")
    expect(drawer).to_contain_text(PILOT)
    drawer.get_by_test_id("review-approve").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "review-opinion", opinion)
    with page.expect_response(_is_post(r"/api/reviews/\d+/approve$")) as resp:
        dialog.get_by_test_id("dialog-submit").click()
    assert resp.value.ok, resp.value.text()
    _success(page, "已通过")
    expect(row).to_have_count(0)


def _portal_search(page: Page, keyword: str, region_code: str = "") -> Locator:
    """On /portal/recruitment: search by keyword (and region), wait for the list; returns the page's root."""
    root = page.get_by_test_id("portal-recruitment")
    region = page.get_by_label("所在县区")
    if region_code:
        region.select_option(value=region_code)
    else:
        region.select_option(index=0)  # 全部县区
    page.get_by_label("关键字").fill(keyword)
    with page.expect_response(_is_get(PUBLIC_API)) as resp:
        page.get_by_test_id("portal-recruitment-search").click()
    assert resp.value.ok, resp.value.status
    expect(root.get_by_test_id("portal-recruitment-summary")).not_to_contain_text("正在加载")
    return root


def test_pilot_posts_a_notice_the_city_approves_it_and_a_visitor_finds_it_on_the_portal(
    page: Page, browser: Browser, server: str
) -> None:
    token = secrets.token_hex(3)
    title = f"E2E 智能产线扩招 {token}"
    position = f"产线运维工程师{token}"
    valid_until = (date.today() + timedelta(days=20)).isoformat()

    # 1. the pilot enterprise posts the notice and submits it for the city's review
    login(page, "hongqi_parts_user")
    page.goto("/enterprises/recruitment")
    page.get_by_test_id("post-create").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "post-form-title", title)
    dialog.get_by_label("岗位 1 名称").fill(position)
    dialog.get_by_label("岗位 1 人数").fill("3")
    dialog.get_by_label("岗位 1 薪资").fill("7000-9000 元/月")
    _form_item(dialog, "任职要求").locator("textarea").fill("大专以上学历\n熟悉 PLC 与 MES 系统")
    _form_item(dialog, "联系人").locator("input").fill("刘主管")
    _form_item(dialog, "联系电话").locator("input").fill("0373-5556677")
    date_input = _form_item(dialog, "有效期至").locator("input")
    date_input.fill(valid_until)
    date_input.press("Enter")
    with page.expect_response(_is_post(r"/api/enterprises/recruitment/\d+/submit$")) as resp:
        dialog.get_by_test_id("post-submit").click()
    assert resp.value.ok, resp.value.text()
    _success(page, "已提交市级审核")
    row = page.get_by_test_id("post-table").locator("tr", has_text=title)
    expect(row).to_contain_text("审核中")

    # 2. not on the portal while under review
    _switch(page, None)
    page.goto("/portal/recruitment")
    root = _portal_search(page, token)
    expect(root.get_by_test_id("portal-recruitment-empty")).to_be_visible()
    expect(root).not_to_contain_text(title)

    # 3. the city approves it from the review centre
    _switch(page, "city_admin")
    _approve_todo(page, title, "招聘信息真实完整，同意发布")

    # the enterprise sees it published
    _switch(page, "hongqi_parts_user")
    page.goto("/enterprises/recruitment")
    expect(page.get_by_test_id("post-table").locator("tr", has_text=title)).to_contain_text("已发布")

    # 4. an anonymous visitor reaches the page from the portal's navigation and finds it by the position's name
    _switch(page, None)
    page.goto("/portal")
    page.get_by_test_id("portal-nav-recruitment").click()
    expect(page).to_have_url(re.compile(r"/portal/recruitment"))
    expect(page.get_by_role("heading", level=1, name="招聘信息")).to_be_visible()
    expect(page.get_by_test_id("portal-nav-recruitment")).to_have_attribute("aria-current", "page")

    root = _portal_search(page, position)
    expect(page).to_have_url(re.compile(r"[?&]q="))  # the search is in the URL (shareable)
    expect(root.get_by_test_id("portal-recruitment-summary")).to_contain_text("共 1 条")
    item = root.get_by_test_id("portal-recruitment-item")
    expect(item).to_have_count(1)
    notice = item.get_by_role("article", name=title)
    expect(notice.get_by_role("heading", level=3, name=title)).to_be_visible()
    for text in (PILOT, "红旗区", position, "3 人", "7000-9000 元/月", "熟悉 PLC 与 MES 系统", "刘主管", valid_until):
        expect(notice).to_contain_text(text)
    expect(notice.get_by_role("link", name=re.compile("0373-5556677"))).to_have_attribute("href", "tel:0373-5556677")

    # another county has none of it; the city (its parent) has it
    root = _portal_search(page, position, "410783")
    expect(root.get_by_test_id("portal-recruitment-empty")).to_be_visible()
    root = _portal_search(page, position, "410700")
    expect(root.get_by_test_id("portal-recruitment-item")).to_have_count(1)

    # 5. on a 375px phone too, without scrolling sideways
    phone = browser.new_context(base_url=server, locale="zh-CN", viewport={"width": 375, "height": 740})
    try:
        mobile = phone.new_page()
        mobile.goto(f"/portal/recruitment?q={token}")
        expect(mobile.get_by_test_id("portal-recruitment-item").filter(has_text=title)).to_be_visible()
        overflow = mobile.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 375px"
    finally:
        phone.close()

"""What users met when every role was walked in a browser (issue 11), checked in the browser:
anonymous portal pages log no error and the 404 offers 返回首页; no Element Plus deprecation warning;
the city administrator creates a county officer account (never a system role) with a picker that lists
长垣市 but not the former 长垣县; an idle provider is 暂无评级 to an enterprise choosing one; review
drawers and the assessment result show labels, not codes or UNVERIFIED; the scorecard's time is Beijing
time whatever the browser's zone; the SM3 digest stays inside the project timeline card."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser, Page, expect

from conftest import ACTION_TIMEOUT, DEMO_PASSWORD, fill, login, manage

FORBIDDEN = re.compile(
    r"(?<![A-Za-z0-9_])(auto_parts|lifting_equipment|medical_devices|new_chemicals|integrator|light_product|"
    r"chain_leader|UNVERIFIED|INFERRED|xinxiang-2026-draft|None|null|undefined)(?![A-Za-z0-9_])"
)


def test_anonymous_portal_logs_no_error_and_the_404_offers_the_home_page(page: Page) -> None:
    errors: list[str] = []
    unauthorized: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: unauthorized.append(r.url) if r.status == 401 else None)
    for path in ("/portal", "/portal/announcements"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert not unauthorized, unauthorized
    assert not errors, errors

    page.goto("/portal/no-such-page")
    back = page.get_by_test_id("page-404-back")
    expect(back).to_have_text("返回首页")
    back.click()
    page.wait_for_url("**/portal")


def test_no_element_plus_deprecation_warning(page: Page) -> None:
    warnings: list[str] = []
    page.on("console", lambda m: warnings.append(m.text) if "deprecated" in m.text.lower() else None)
    login(page, "huarui_user")
    page.get_by_test_id("menu-assessment-self").click()
    page.get_by_test_id("assessment-start").click()
    page.wait_for_url(re.compile(r"/assessment/fill/\d+"))
    expect(page.get_by_test_id("missing-list").first).to_be_visible()  # one link per unanswered item
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    login(page, "hongqi_officer")
    page.goto("/assessment/analysis")
    page.wait_for_load_state("networkidle")
    assert not warnings, warnings


def test_city_admin_creates_a_county_officer_account_within_the_city(page: Page) -> None:
    username = f"cy_{secrets.token_hex(3)}"
    login(page, "city_admin")
    page.get_by_test_id("menu-system-user").click()
    page.get_by_test_id("user-create").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "user-form-username", username)
    fill(dialog, "user-form-display-name", "长垣市 新审核员")
    fill(dialog, "user-form-password", DEMO_PASSWORD)
    dialog.get_by_test_id("user-form-role").click()
    options = page.locator(".el-select-dropdown:visible .el-select-dropdown__item")
    expect(options.filter(has_text="县区审核员")).to_have_count(1)
    expect(options.filter(has_text="系统管理员")).to_have_count(0)  # the operator's role is not offered
    options.filter(has_text="县区审核员").click()
    dialog.get_by_test_id("user-form-region").locator(".el-select__wrapper, .el-select").first.click()
    tree = page.locator(".el-select-dropdown:visible .el-tree-node__content")
    expect(tree.filter(has_text="长垣市")).to_have_count(1)
    expect(tree.filter(has_text="长垣县")).to_have_count(0)  # the former county is not a current division
    tree.filter(has_text="长垣市").first.click()
    dialog.get_by_test_id("dialog-submit").click()
    expect(page.locator(".el-message--success")).to_be_visible()
    expect(page.locator("tr", has_text=username)).to_contain_text("县区审核员")

    # the new officer signs in and works in 长垣市
    page.context.clear_cookies()
    login(page, username)
    expect(page.get_by_test_id("menu-review-center")).to_have_count(1)
    expect(page.get_by_test_id("menu-system-user")).to_have_count(0)


def test_an_idle_provider_is_not_graded_for_an_enterprise(page: Page) -> None:
    login(page, "hongqi_parts_user")
    page.goto("/projects")
    page.get_by_test_id("project-create").click()
    page.get_by_test_id("project-form-provider").click()
    idle = page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text="河南中原工业互联网服务有限公司")
    expect(idle).to_contain_text("暂无评级")
    expect(idle).not_to_contain_text("一星")
    expect(idle).not_to_contain_text("0.00 分")


def _demo_assessment_id() -> int:
    out = manage(
        "shell",
        "-c",
        "from smedt.assessment.models import Assessment;"
        "print(Assessment.objects.filter(status='submitted', org__name='新乡红旗汽车零部件有限公司').first().pk)",
    )
    return int(out.strip().splitlines()[-1])


def test_labels_not_codes_on_review_drawers_and_the_assessment_result(page: Page) -> None:
    checked = 0
    for reviewer in ("city_admin", "changyuan_officer", "hongqi_officer"):
        page.context.clear_cookies()
        login(page, reviewer)
        page.goto("/reviews")
        page.wait_for_load_state("networkidle")
        rows = page.locator(".el-table__body tr")
        for i in range(min(rows.count(), 3)):
            rows.nth(i).get_by_role("button").first.click()
            drawer = page.get_by_test_id("review-drawer")
            expect(drawer).to_be_visible()
            text = drawer.inner_text()
            assert not FORBIDDEN.search(text), FORBIDDEN.search(text)
            checked += 1
            page.keyboard.press("Escape")
            expect(drawer).to_be_hidden()
    assert checked, "the demo has review items to open"

    page.context.clear_cookies()
    login(page, "hongqi_parts_user")
    page.goto(f"/assessment/results/{_demo_assessment_id()}")
    expect(page.get_by_test_id("result-level")).to_be_visible()
    body = page.locator("body").inner_text()
    assert "UNVERIFIED" not in body and "判定规则状态" not in body


def test_scorecard_time_is_beijing_time_in_any_browser_zone(browser: Browser, server: str) -> None:
    context = browser.new_context(base_url=server, locale="zh-CN", timezone_id="America/New_York")
    context.set_default_timeout(ACTION_TIMEOUT)
    page = context.new_page()
    try:
        login(page, "city_admin")
        page.goto("/providers/ratings")
        row = page.get_by_test_id("rating-table").locator("tbody tr").first
        expect(row).to_be_visible()
        data = page.request.get("/api/providers/ratings?page_size=1").json()["items"][0]
        row.get_by_role("button", name="评分卡").first.click()
        at = dt.datetime.fromisoformat(data["computed_at"].replace("Z", "+00:00")).astimezone(ZoneInfo("Asia/Shanghai"))
        expect(page.get_by_test_id("scorecard-computed-at").first).to_have_text(at.strftime("%Y-%m-%d %H:%M:%S"))
    finally:
        context.close()


def test_the_contract_digest_wraps_inside_the_timeline_card(page: Page) -> None:
    login(page, "hongqi_parts_user")
    page.goto("/projects")
    page.locator(".el-table__body tr").first.get_by_role("button").first.click()
    page.wait_for_url(re.compile(r"/projects/\d+$"))
    card = page.get_by_test_id("project-timeline")
    expect(card).to_be_visible()
    overflow = card.evaluate("el => el.scrollWidth - el.clientWidth")
    assert overflow <= 1, overflow
    notes = card.get_by_test_id("timeline-note")
    for i in range(notes.count()):
        assert notes.nth(i).evaluate("el => el.scrollWidth <= el.clientWidth + 1")

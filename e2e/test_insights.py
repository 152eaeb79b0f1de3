"""试点成效展示 in a real browser: the city admin and a county officer see their own dashboards at 1366
and 1920 px, every number opens the list behind it with the same total, the big screen renders the
county map and the six parts without scrolling, the portal shows aggregates only."""

from __future__ import annotations

import re

from conftest import ARTIFACTS, JOB_TIMEOUT, login
from playwright.sync_api import Page, expect

PARTS = ("projects", "pilots", "subsidies", "providers", "signing", "progress")


def _shot(page: Page, name: str) -> None:
    """The viewport as the user sees it, and the whole dashboard (the layout scrolls inside its main pane,
    so a tall viewport shows all of it)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"insights-{name}.png"))
    size = page.viewport_size or {"width": 1366, "height": 768}
    page.set_viewport_size({"width": size["width"], "height": 3400})
    page.wait_for_timeout(600)
    page.screenshot(path=str(ARTIFACTS / f"insights-{name}-full.png"))
    page.set_viewport_size(size)


def _number(page: Page, testid: str) -> int:
    return int(page.get_by_test_id(testid).inner_text().strip().rstrip("家个").split("/")[0].strip())


def _list_total(page: Page) -> int:
    text = page.locator(".el-pagination__total").first.inner_text()
    return int(re.sub(r"\D", "", text) or 0)


def _wait_list_total(page: Page, value: int) -> None:
    """The filtered list has loaded: its total reads exactly `value` (not a digit of it, not the total of the
    unfiltered list still on screen). The list query runs on the server: wait as for a slow request."""
    total = page.locator(".el-pagination__total").first
    expect(total).to_have_text(re.compile(rf"^\D*{value}\D*$"), timeout=JOB_TIMEOUT)


def _open_dashboard(page: Page) -> None:
    page.goto("/insights/dashboard")
    expect(page.get_by_test_id("insights-dashboard")).to_be_visible()
    expect(page.get_by_test_id("num-projects")).to_have_text(re.compile(r"\d"))
    expect(page.get_by_test_id("table-kpi")).to_be_visible()
    page.wait_for_load_state("networkidle")


def _drill_equals_list(page: Page, testid: str) -> int:
    """Click a dashboard number: the list opens filtered, and its total equals the number."""
    _open_dashboard(page)
    value = _number(page, testid)
    page.get_by_test_id(testid).click()
    expect(page.get_by_test_id("drill-filter")).to_be_visible()
    _wait_list_total(page, value)
    assert _list_total(page) == value, testid
    return value


def test_city_admin_dashboard_at_1366_and_1920_numbers_equal_lists(page: Page) -> None:
    login(page, "city_admin")
    for width, height in ((1366, 768), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        _open_dashboard(page)
        for part in PARTS:
            expect(page.get_by_test_id(f"part-{part}")).to_be_visible()
        expect(page.get_by_test_id("subsidies-empty")).to_have_count(0)  # the demo has an approved subsidy
        expect(page.get_by_test_id("forecast-method")).to_contain_text("预测占比")
        _shot(page, f"city-admin-{width}")
    page.set_viewport_size({"width": 1366, "height": 768})
    assert _drill_equals_list(page, "num-projects") >= 1
    assert _drill_equals_list(page, "num-pilots") >= 1
    _drill_equals_list(page, "num-providers")
    _drill_equals_list(page, "num-funnel-signed")
    _drill_equals_list(page, "num-kpi-total-auto_parts")
    _drill_equals_list(page, "num-kpi-below-lifting_equipment")
    # a stage of the signing table: the project list filtered by provider and stage
    _open_dashboard(page)
    stage_cell = page.locator("[data-testid^='num-signing-'][data-testid$='-diagnosis']").first
    value = int(stage_cell.inner_text())
    stage_cell.click()
    expect(page.get_by_test_id("drill-filter-label")).to_contain_text("咨询诊断")
    _wait_list_total(page, value)
    assert _list_total(page) == value
    page.get_by_test_id("drill-filter-clear").click()
    expect(page.get_by_test_id("drill-filter")).to_have_count(0)


def test_county_officer_sees_its_county_only(page: Page) -> None:
    login(page, "changyuan_officer")
    for width, height in ((1366, 768), (1920, 1080)):
        page.set_viewport_size({"width": width, "height": height})
        _open_dashboard(page)
        _shot(page, f"county-officer-{width}")
    # 长垣 has no pilot enterprise in the demo; its one project is 华瑞's accepted one (the subsidies demo)
    assert _number(page, "num-pilots") == 0
    assert _number(page, "num-projects") == 1
    assert _drill_equals_list(page, "num-kpi-total-lifting_equipment") == 1  # 华瑞起重, 长垣
    page.context.clear_cookies()
    login(page, "hongqi_officer")
    assert _drill_equals_list(page, "num-projects") >= 1


def test_big_screen_renders_the_map_and_six_parts_without_scrolling(page: Page) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    login(page, "city_admin")
    page.goto("/insights/screen")
    expect(page.get_by_test_id("insights-screen")).to_be_visible()
    expect(page.get_by_test_id("screen-map-chart").locator("canvas")).to_have_count(1, timeout=30_000)
    for part in PARTS:
        expect(page.get_by_test_id(f"screen-part-{part}")).to_be_visible()
    expect(page.get_by_test_id("screen-subsidies-empty")).to_have_count(0)  # the demo has an approved subsidy
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)  # let the chart animations settle for the screenshot
    scroll = page.evaluate("[document.documentElement.scrollHeight, document.documentElement.scrollWidth, innerHeight, innerWidth]")
    assert scroll[0] <= scroll[2] and scroll[1] <= scroll[3], scroll
    background = page.evaluate("getComputedStyle(document.querySelector('.screen-viewport')).backgroundColor")
    assert background == "rgb(5, 13, 31)"
    # the big screen's numbers are the dashboard's numbers
    screen_projects = int(page.get_by_test_id("screen-num-projects").inner_text())
    page.screenshot(path=str(ARTIFACTS / "insights-screen-1920.png"))
    _open_dashboard(page)
    assert _number(page, "num-projects") == screen_projects


def test_portal_results_are_aggregates_and_the_headline_counts_pilots(page: Page) -> None:
    page.goto("/portal")
    expect(page.get_by_test_id("portal-headline-pilot_enterprises")).to_contain_text("试点企业")
    expect(page.get_by_test_id("portal-headline-enterprises")).to_contain_text("入驻企业")
    pilots = int(page.get_by_test_id("portal-headline-pilot_enterprises").locator("dd").inner_text())
    page.get_by_test_id("portal-results-link").click()
    expect(page.get_by_test_id("portal-results")).to_be_visible()
    expect(page.get_by_test_id("portal-results-pilots")).to_contain_text(str(pilots))
    body = page.get_by_test_id("portal-results").inner_text()
    assert "新乡红旗汽车零部件有限公司" not in body
    _shot(page, "portal-results")

"""Enterprise and provider users on a phone (390 px) and a laptop (1366 px): the workspace menu
collapses to a drawer, every menu page fits the screen without sideways scrolling, dialogs fit,
the registration form fits; questionnaire options wrap inside their card at 1366."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import login

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

# the document, and the page's own scroll box, are no wider than the screen
OVERFLOW_JS = """() => {
  const main = document.getElementById('main-content');
  return {
    doc: document.documentElement.scrollWidth,
    main: main ? main.scrollWidth - main.clientWidth : 0,
  };
}"""


def _assert_fits(page: Page, width: int, where: str) -> None:
    m = page.evaluate(OVERFLOW_JS)
    assert m["doc"] <= width, f"{where}: the page is {m['doc']} px wide on a {width} px screen"
    assert m["main"] <= 1, f"{where}: the content runs {m['main']} px past the screen"


def _menu_items(page: Page, mobile: bool) -> list[str]:
    if mobile:
        page.get_by_test_id("menu-toggle").click()
        expect(page.get_by_test_id("menu-drawer")).to_be_visible()
    ids = page.locator("li.el-menu-item[data-testid^='menu-']").evaluate_all(
        "els => els.map(e => e.getAttribute('data-testid'))"
    )
    if mobile:
        page.keyboard.press("Escape")
        expect(page.get_by_test_id("menu-drawer")).to_be_hidden()
    return ids


def _walk_menu(page: Page, user: str, viewport: dict[str, int]) -> list[str]:
    page.set_viewport_size(viewport)
    login(page, user)
    mobile = viewport["width"] < 768
    if mobile:
        # no side menu squeezing the content: it is a drawer behind the menu button
        expect(page.locator(".layout__aside")).to_have_count(0)
    _assert_fits(page, viewport["width"], "工作台")
    items = _menu_items(page, mobile)
    assert len(items) >= 6, items
    for testid in items:
        if mobile:
            page.get_by_test_id("menu-toggle").click()
            drawer = page.get_by_test_id("menu-drawer")
            expect(drawer).to_be_visible()
            drawer.get_by_test_id(testid).click()
            # choosing a page closes the drawer
            expect(drawer).to_be_hidden()
        else:
            page.get_by_test_id(testid).click()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        _assert_fits(page, viewport["width"], f"{user} {testid} @ {viewport['width']}")
    return items


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
@pytest.mark.parametrize("user", ["huarui_user", "zhizao_user"])
def test_every_menu_page_fits(page: Page, user: str, viewport: dict[str, int]) -> None:
    _walk_menu(page, user, viewport)


def test_enterprise_applies_for_pilot_selection_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    login(page, "huarui_user")
    page.goto("/enterprises/selection")  # 试点企业遴选 opens the engine's 在线申报 for the pilot kind
    page.wait_for_url(re.compile(r"/applications/apply"))
    page.locator(".apply-card", has_text="试点企业遴选").get_by_test_id("apply-button").first.click()
    page.wait_for_url(re.compile(r"/applications/apply/\d+"))
    expect(page.get_by_test_id("form-renderer")).to_be_visible()
    _assert_fits(page, PHONE["width"], "申报表")


def test_provider_adds_a_product_on_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    login(page, "zhizao_user")
    page.goto("/providers/products")
    page.get_by_test_id("product-create").click()
    dialog = page.locator(".el-dialog:visible").first
    expect(dialog).to_be_visible()
    box = dialog.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    # every input of the form is inside the screen
    for input_box in dialog.locator("input:visible, textarea:visible").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right] })"
    ):
        assert input_box[0] >= 0 and input_box[1] <= PHONE["width"] + 1, input_box
    _assert_fits(page, PHONE["width"], "产品表单")


def test_registration_fits_a_phone(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/register")
    expect(page.get_by_role("heading", name=re.compile("机构信息"))).to_be_visible()
    _assert_fits(page, PHONE["width"], "/register")


def test_questionnaire_options_wrap_inside_the_card_at_1366(page: Page) -> None:
    page.set_viewport_size(LAPTOP)
    login(page, "hongqi_parts_user")
    page.get_by_test_id("menu-assessment-self").click()
    page.get_by_test_id("assessment-start").click()
    page.wait_for_url(re.compile(r"/assessment/fill/\d+"))
    item = page.locator(".q-item").filter(has=page.get_by_test_id("option-MF-01-A"))
    card = item.bounding_box()
    assert card is not None
    options = item.locator(".q-options .el-radio, .q-options .el-checkbox")
    assert options.count() >= 4
    for i in range(options.count()):
        box = options.nth(i).bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= card["x"] + card["width"] + 1, f"option {i} runs past the card"

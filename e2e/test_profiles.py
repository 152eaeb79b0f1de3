"""企业画像 and 行业画像 in a real browser: the city opens 华瑞起重's portrait from 一企一档 (画像 tab) and the
起重装备 industry profile, whose top enterprises open their portraits too; 红旗汽配's portrait shows the findings
of its demo diagnosis project."""

from __future__ import annotations

from conftest import fill, login, logout
from playwright.sync_api import Page, expect

HUARUI = "长垣华瑞起重装备有限公司"
HONGQI = "新乡红旗汽车零部件有限公司"  # the demo diagnosis project (projects/demo.py) has findings


def test_city_opens_an_enterprise_profile_and_an_industry_profile(page: Page) -> None:
    login(page, "city_admin")
    page.goto("/enterprises/profiles")
    fill(page, "search-q", "华瑞")
    page.get_by_test_id("search-submit").click()
    row = page.get_by_test_id("profile-table").locator("tr", has_text=HUARUI).first
    row.get_by_role("button", name="档案").click()
    drawer = page.get_by_role("dialog")
    drawer.get_by_role("tab", name="画像").click()
    tags = drawer.get_by_test_id("portrait-tags")
    expect(tags).to_contain_text("起重装备·样板企业")
    expect(tags).to_contain_text("数字化水平")
    expect(drawer.get_by_test_id("portrait-level")).to_contain_text("总分")
    expect(drawer.get_by_test_id("portrait-tiers")).to_contain_text("专精特新中小企业")
    expect(drawer.get_by_test_id("portrait-completeness")).to_contain_text("完整")
    expect(drawer.locator("canvas").first).to_be_visible()  # the dimension radar
    page.keyboard.press("Escape")

    fill(page, "search-q", "红旗汽车")
    page.get_by_test_id("search-submit").click()
    page.get_by_test_id("profile-table").locator("tr", has_text=HONGQI).first.get_by_role("button", name="档案").click()
    drawer = page.get_by_role("dialog")
    drawer.get_by_role("tab", name="画像").click()
    findings = drawer.get_by_test_id("portrait-findings")
    expect(findings).to_contain_text("S08 设备管理")
    expect(findings).to_contain_text("部署边缘采集网关")
    page.keyboard.press("Escape")

    page.goto("/industry/profiles")
    stats = page.get_by_test_id("iprofile-stats")
    expect(stats).to_contain_text("起重装备")
    expect(page.get_by_test_id("iprofile-levels")).to_contain_text("级")
    top = page.get_by_test_id("iprofile-top")
    expect(top).to_contain_text(HUARUI)
    expect(page.locator("canvas").first).to_be_visible()
    top.locator("tr", has_text=HUARUI).get_by_role("button", name="画像").click()
    expect(page.get_by_role("dialog").get_by_test_id("portrait-tags")).to_contain_text("起重装备")

    page.keyboard.press("Escape")
    page.get_by_test_id("iprofile-dimension").get_by_text("试点细分行业").click()
    expect(stats).to_contain_text("企业")
    logout(page)


def test_a_county_cannot_open_another_countys_portrait(page: Page) -> None:
    login(page, "city_admin")
    found = page.request.get("/api/enterprises/profiles", params={"q": "华瑞"}).json()["items"]
    org_id = next(r["org_id"] for r in found if r["name"] == HUARUI)
    assert page.request.get(f"/api/industry/profiles/enterprises/{org_id}").status == 200
    logout(page)
    login(page, "hongqi_officer")  # 红旗区: 华瑞 is in 长垣
    assert page.request.get(f"/api/industry/profiles/enterprises/{org_id}").status == 404
    logout(page)

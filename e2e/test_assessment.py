"""数字化水平评测 in the browser: an enterprise fills in, submits and downloads the report, and
compares two assessments; county officers see the analysis of their own county only; the city
admin rates a pilot enterprise on site starting from its self-assessment."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from conftest import DOWNLOAD_TIMEOUT, fill, login


def _answer_visible_pane(page: Page) -> None:
    pane = page.locator(".el-tab-pane:visible")
    questions = pane.locator(".q-item")
    for i in range(questions.count()):
        item = questions.nth(i)
        radios = item.locator(".q-options .el-radio")
        if radios.count():
            radios.first.click()
        checkboxes = item.locator(".q-options .el-checkbox")
        if checkboxes.count():
            checkboxes.last.click()
        inputs = item.locator(".q-evidence input")
        for j in range(inputs.count()):
            inputs.nth(j).fill(str(100 + j))
        levels = item.locator(".q-levels .el-radio")
        if levels.count():
            levels.nth(2).click()  # 二级


def test_enterprise_fills_submits_and_downloads_report(page: Page) -> None:
    login(page, "huarui_user")
    page.get_by_test_id("menu-assessment-self").click()
    page.get_by_test_id("assessment-start").click()
    page.wait_for_url(re.compile(r"/assessment/fill/\d+"))
    expect(page.get_by_test_id("questionnaire-tabs")).to_be_visible()

    # the exclusive 无: ticking it clears the other options, and the other way round
    page.get_by_test_id("option-MF-04-B").click()
    page.get_by_test_id("option-MF-04-A").click()
    expect(page.get_by_test_id("option-MF-04-B").locator("input")).not_to_be_checked()
    expect(page.get_by_test_id("option-MF-04-A").locator("input")).to_be_checked()

    tabs = page.locator("[data-testid^='qtab-']")
    for i in range(tabs.count()):
        tabs.nth(i).click()
        _answer_visible_pane(page)

    # MF-02: 101 digital of 100 production machines is a 设备数字化率 of 101 %: impossible, it blocks the
    # submission (issue 11); 设备联网率 = 100% → E while option A is ticked: a contradiction to fix or explain
    page.get_by_test_id("qtab-foundation").click()
    expect(page.get_by_test_id("evidence-check-MF-03")).to_contain_text("不一致")

    expect(page.get_by_test_id("missing-list")).to_have_count(0)
    expect(page.get_by_test_id("autosave-status")).to_contain_text("已自动保存", timeout=30_000)
    expect(page.get_by_test_id("figure-impossible-MF-02")).to_contain_text("设备数字化率不能超过 100%")
    total = page.get_by_test_id("progress-total").inner_text()
    expect(page.get_by_test_id("progress-answered")).to_have_text(total)

    page.get_by_test_id("assessment-submit-open").click()
    expect(page.get_by_test_id("assessment-blocking-findings")).to_contain_text("设备数字化率不能超过 100%")
    page.get_by_test_id("assessment-submit").click()
    expect(page.get_by_text("请阅读并勾选真实性承诺")).to_be_visible()
    page.get_by_test_id("assessment-commitment").click()
    page.get_by_test_id("assessment-submit").click()
    # the server refuses as well: nothing is submitted, the field says why
    expect(page.locator(".q-error", has_text="设备数字化率不能超过 100%")).to_be_visible()
    assert "/assessment/fill/" in page.url

    # the enterprise corrects the figure and explains each remaining contradiction
    page.get_by_test_id("qtab-foundation").click()
    fill(page, "evidence-digital_equipment", "50")
    expect(page.get_by_test_id("figure-impossible-MF-02")).to_have_count(0, timeout=30_000)
    for _round in range(3):  # findings refresh with each autosave: explain until none is left
        for i in range(tabs.count()):
            tabs.nth(i).click()
            boxes = page.locator(".el-tab-pane:visible .q-explanation textarea")
            for j in range(boxes.count()):
                if not boxes.nth(j).input_value():
                    boxes.nth(j).fill("按年末设备台账口径填报，与选项区间口径不同")
        page.wait_for_timeout(1500)
        expect(page.get_by_test_id("autosave-status")).to_contain_text("已自动保存", timeout=30_000)
    page.get_by_test_id("assessment-submit-open").click()
    expect(page.get_by_test_id("assessment-blocking-findings")).to_have_count(0)
    page.get_by_test_id("assessment-submit").click()

    page.wait_for_url(re.compile(r"/assessment/results/\d+"))
    expect(page.get_by_test_id("result-level")).to_have_text(re.compile(r"^(一级|二级|三级|四级|未达一级)$"))
    expect(page.get_by_test_id("result-distance")).to_contain_text("距")

    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:  # the PDF is rendered on request
        page.get_by_test_id("report-download").click()
    path = info.value.path()
    with open(path, "rb") as fh:
        assert fh.read(4) == b"%PDF"


def _county_names(page: Page) -> set[str]:
    table = page.get_by_test_id("analysis-entries")
    expect(table.locator("tbody tr").first).to_be_visible()
    return {t.strip() for t in table.locator("tbody tr td:nth-child(2)").all_inner_texts()}


def test_county_officer_sees_only_their_county(page: Page) -> None:
    login(page, "hongqi_officer")
    page.get_by_test_id("menu-assessment-analysis").click()
    expect(page.get_by_test_id("analysis-total")).not_to_have_text("0")
    expect(page.get_by_test_id("analysis-group-table")).to_contain_text("红旗区")
    expect(page.get_by_test_id("analysis-group-table")).not_to_contain_text("长垣")
    entries = page.get_by_test_id("analysis-entries")
    expect(entries).to_contain_text("新乡红旗汽车零部件有限公司")
    expect(entries).not_to_contain_text("长垣华瑞起重装备有限公司")
    assert all("红旗区" in n for n in _county_names(page))

    # drill down into the county bucket: still only 红旗区 rows
    page.get_by_test_id("analysis-group-table").locator("[data-testid^='analysis-bucket-']").first.click()
    expect(page.get_by_test_id("analysis-bucket")).to_contain_text("红旗区")
    assert all("红旗区" in n for n in _county_names(page))


def test_other_county_officer_sees_only_changyuan(page: Page) -> None:
    login(page, "changyuan_officer")
    page.get_by_test_id("menu-assessment-analysis").click()
    expect(page.get_by_test_id("analysis-group-table")).to_contain_text("长垣")
    expect(page.get_by_test_id("analysis-group-table")).not_to_contain_text("红旗区")
    entries = page.get_by_test_id("analysis-entries")
    expect(entries).to_contain_text("长垣华瑞起重装备有限公司")
    expect(entries).not_to_contain_text("新乡红旗汽车零部件有限公司")
    assert all("长垣" in n for n in _county_names(page))


def test_enterprise_compares_two_assessments(page: Page) -> None:
    login(page, "huarui_user")
    page.get_by_test_id("menu-assessment-history").click()
    rows = page.get_by_test_id("history-table").locator("tbody tr")
    expect(rows.nth(1)).to_be_visible()
    rows.nth(0).locator(".el-checkbox").click()
    rows.nth(1).locator(".el-checkbox").click()
    page.get_by_test_id("history-compare").click()
    expect(page.get_by_test_id("compare-summary")).to_contain_text("总分变化")
    expect(page.get_by_test_id("compare-indicators")).to_contain_text("MF-01")


def test_city_admin_rates_a_pilot_enterprise_on_site(page: Page) -> None:
    login(page, "city_admin")
    page.get_by_test_id("menu-assessment-onsite").click()
    page.get_by_test_id("onsite-create").click()
    page.get_by_test_id("onsite-org").click()
    page.keyboard.type("红旗汽车")
    page.locator(".el-select-dropdown__item:visible", has_text="新乡红旗汽车零部件有限公司").first.click()
    # start from the enterprise's submitted self-assessment: every answer is copied
    page.get_by_test_id("onsite-from-assessment").click()
    page.locator(".el-select-dropdown__item:visible", has_text="#").first.click()
    page.get_by_test_id("dialog-submit").click()
    page.wait_for_url(re.compile(r"/assessment/onsite/\d+$"))
    total = page.get_by_test_id("progress-total").inner_text()
    expect(page.get_by_test_id("progress-answered")).to_have_text(total)
    fill(page, "onsite-remarks", "现场核实设备台账与系统截图，与自评一致。")
    expect(page.get_by_test_id("autosave-status")).to_contain_text("已自动保存", timeout=30_000)
    page.get_by_test_id("onsite-submit").click()
    page.get_by_role("button", name="确定").click()
    page.wait_for_url(re.compile(r"/assessment/onsite/\d+/result"))
    expect(page.get_by_test_id("result-level")).to_have_text(re.compile(r"级"))

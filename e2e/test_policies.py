"""惠企政策 in a real browser: the city editor pastes a policy, confirms the extracted conditions, sees the
37 eligible demo enterprises in the sandbox and tries a lower threshold, publishes (matching runs in the
worker with progress), sees the statistics and pushes to the eligible enterprises by portal message and
SMS; the SMS arrives at the local gateway process (which accepts only a valid Alibaba Cloud signature) and
its delivery receipts come back into the statistics; the enterprise sees the message, opens the policy and
sees why it qualifies; the public zone lists it."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from conftest import EXPECT_TIMEOUT, SERVER, fill, login, logout
from playwright.sync_api import Page, expect

TITLE = "新乡市规上制造业企业数字化改造专项奖励"
TEXT = "申报企业须在新乡市辖区内注册，属于制造业企业。\n上年度营业收入不低于10000万元，从业人员1000人以下。"


def test_editor_publishes_and_enterprise_sees_why(page: Page) -> None:
    expect.set_options(timeout=20_000)  # a loaded machine: extraction loads the jieba dictionary once
    try:
        _editor_publishes_and_enterprise_sees_why(page)
    finally:
        expect.set_options(timeout=EXPECT_TIMEOUT)


def _editor_publishes_and_enterprise_sees_why(page: Page) -> None:
    login(page, "city_admin")
    page.goto("/policies/manage")
    expect(page.get_by_test_id("policy-table")).to_contain_text("新乡市中小企业数字化转型奖补实施细则")  # demo
    page.get_by_test_id("policy-new").click()
    fill(page, "policy-new-title", TITLE)
    fill(page, "policy-new-issuer", "新乡市工业和信息化局")
    page.get_by_test_id("policy-new-save").click()
    page.wait_for_url(re.compile(r"/policies/manage/\d+"))
    expect(page.get_by_test_id("policy-status")).to_have_text("草稿")

    fill(page, "policy-text", TEXT)
    page.get_by_test_id("policy-extract").click()
    table = page.get_by_test_id("condition-table")
    expect(table).to_contain_text("营业收入不低于10000万元", timeout=60_000)  # the source sentence is shown
    expect(table).to_contain_text("系统建议")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(4)  # region, industry, revenue, employees
    for i in range(4):
        page.get_by_test_id(f"condition-confirm-{i}").click()
    page.get_by_test_id("conditions-save").click()
    expect(page.get_by_text("条件已保存")).to_be_visible()

    # sandbox, before publishing: 37 demo enterprises qualify; a lower revenue threshold brings in one more
    page.get_by_role("tab", name="阈值沙盘").click()
    page.get_by_test_id("sandbox-run").click()
    expect(page.get_by_test_id("sandbox-after")).to_contain_text("37")
    page.get_by_role("tab", name="原文与条件").click()
    revenue_row = next(i for i in range(4) if rows.nth(i).get_by_test_id(f"condition-threshold-{i}").count())
    fill(page, f"condition-threshold-{revenue_row}", "5000")
    page.get_by_role("tab", name="阈值沙盘").click()
    page.get_by_test_id("sandbox-run").click()
    expect(page.get_by_test_id("sandbox-after")).to_contain_text("38")
    expect(page.get_by_test_id("sandbox-gained")).to_contain_text("新乡红旗汽车零部件有限公司")
    # back to the published threshold
    page.get_by_role("tab", name="原文与条件").click()
    fill(page, f"condition-threshold-{revenue_row}", "10000")

    page.get_by_test_id("policy-publish").click()
    page.get_by_role("dialog").get_by_role("button", name="确定").click()
    expect(page.get_by_test_id("policy-status")).to_have_text("已发布")
    expect(page.get_by_test_id("match-run")).to_be_visible()
    expect(page.get_by_test_id("match-eligible")).to_contain_text("37", timeout=60_000)
    expect(page.get_by_test_id("stats-county")).to_contain_text("长垣市")
    expect(page.get_by_test_id("match-table")).to_be_visible()

    # push to the 37 by portal message and SMS; the statistics fill in as the worker sends and the
    # gateway's receipts come back (2 enterprises gave no SMS consent, 1 number is undeliverable, the
    # portal reaches only enterprises with platform accounts)
    panel = page.get_by_test_id("push-panel")
    panel.get_by_test_id("push-send").click()
    confirm = page.locator(".el-message-box")
    expect(confirm).to_contain_text("不可撤回")
    confirm.get_by_role("button", name="推送").click()
    expect(page.get_by_text("已创建推送，正在后台发送")).to_be_visible()
    stats = panel.get_by_test_id("push-table")
    want_sms = "短信：共 37，已发送 34，已送达 34，失败 1，顺延 0，未发送 2"
    deadline = time.time() + 90
    while want_sms not in stats.inner_text() and time.time() < deadline:
        page.wait_for_timeout(1500)
        panel.get_by_role("button", name="刷新统计").click()
    expect(stats).to_contain_text(want_sms)
    expect(stats).to_contain_text("站内消息：共 37，已发送 1，已送达 1")

    # the SMS reached the gateway, which logs a message only after checking its signature
    received = _gateway_log()
    sms = [r for r in received if r.get("vendor") == "aliyun" and "长垣华瑞起重装备有限公司" in r["content"]]
    assert len(sms) == 1 and sms[0]["mobile"] == "13800000000", received
    assert TITLE in sms[0]["content"]
    assert [r["status"] for r in received if r.get("receipt")] == [200] * 35
    logout(page)

    login(page, "huarui_user")
    page.goto("/messages")
    row = page.get_by_test_id("message-table").locator("tr", has_text=f"政策推送：{TITLE}")
    expect(row).to_contain_text("长垣华瑞起重装备有限公司")
    row.get_by_role("button", name="查看").click()
    page.wait_for_url(re.compile(r"/policies/mine/\d+"))
    expect(page.get_by_test_id("mine-status")).to_contain_text("满足全部 4 项条件")
    details = page.get_by_test_id("mine-details")
    expect(details).to_contain_text("营业收入 ≥ 10000万元")
    expect(details).to_contain_text("21300万元")
    expect(details).to_contain_text("一企一档")
    page.goto("/policies/mine")
    expect(page.get_by_test_id("mine-table")).to_contain_text(TITLE)
    expect(page.get_by_test_id("mine-sms-consent")).to_contain_text("接收政策推送短信")  # the demo consent
    expect(page.get_by_test_id("mine-sms-consent").get_by_role("switch")).to_be_checked()
    logout(page)

    login(page, "hongqi_parts_user")  # 6,400 万元: not eligible, and told why
    page.goto("/policies/mine")
    page.get_by_test_id("mine-table").get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("mine-status")).to_contain_text("有条件未满足")
    expect(page.get_by_test_id("mine-details")).to_contain_text("6400万元")
    logout(page)


def _gateway_log() -> list[dict[str, object]]:
    path = Path(str(SERVER["sms_log"]))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_public_zone_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/portal/policies")
    listing = page.get_by_test_id("portal-policy-list")
    expect(listing).to_contain_text("新乡市中小企业数字化转型奖补实施细则")
    expect(listing).to_contain_text("即将截止")  # the demo policy closes in 20 days
    page.get_by_label("即将截止（30 天内）").check()
    page.get_by_test_id("policy-filter-submit").click()
    expect(listing).not_to_contain_text("河南省制造业中小企业贷款贴息")
    listing.get_by_role("link", name="新乡市中小企业数字化转型奖补实施细则").click()
    detail = page.get_by_test_id("portal-policy-detail")
    expect(detail).to_contain_text("营业收入 ≥ 2000万元")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

"""上报与绩效 in a real browser: the city admin computes a 绩效 snapshot, reads it, confirms it (frozen), and
sees the push as sent — and the local national platform receiver really holds the signed record. A county
officer has no access."""

from __future__ import annotations

import json
import urllib.request

from conftest import SERVER, fill, login, logout
from playwright.sync_api import Page, expect


def _received() -> list[dict[str, object]]:
    with urllib.request.urlopen(f"{SERVER['national']}received", timeout=30) as res:  # noqa: S310 — loopback
        return list(json.loads(res.read())["records"])


def test_city_confirms_a_snapshot_and_the_push_arrives(page: Page) -> None:
    login(page, "city_admin")
    page.goto("/reporting/performance")
    expect(page.get_by_test_id("plan-table")).to_contain_text("规上企业数字化水平达标率")
    fill(page, "snapshot-period", "2025-H2")
    page.get_by_test_id("snapshot-create").click()
    table = page.get_by_test_id("snapshot-table")
    row = table.locator("tr", has_text="2025-H2")
    expect(row).to_contain_text("待确认", timeout=60_000)  # computed by the worker, the list refreshes itself
    row.get_by_role("button", name="查看").click()
    rows = page.get_by_test_id("snapshot-rows")
    expect(rows).to_contain_text("试点企业数")
    expect(rows).to_contain_text("奖补资金")
    page.get_by_test_id("snapshot-confirm-drawer").click()
    page.get_by_role("dialog", name="确认绩效快照").get_by_role("button", name="确认并上报").click()
    expect(row).to_contain_text("已确认")
    expect(row).to_contain_text("已发送", timeout=60_000)
    expect(row.get_by_role("button", name="确认")).to_have_count(0)
    records = [r for r in _received() if r["kind"] == "performance"]
    assert any(r["record"]["data"]["period"] == "2025-H2" for r in records), records  # type: ignore[index]

    page.goto("/reporting/outbox")
    expect(page.get_by_test_id("outbox-transport")).to_contain_text("国家平台接口")
    outbox = page.get_by_test_id("outbox-table")
    pushed = outbox.locator("tr", has_text="绩效指标 2025-H2")
    expect(pushed).to_contain_text("已发送")
    expect(pushed).to_contain_text("NP")
    pushed.get_by_role("button", name="查看").click()
    expect(page.get_by_test_id("outbox-body")).to_contain_text("2025-H2")
    logout(page)


def test_county_officer_has_no_reporting_pages(page: Page) -> None:
    login(page, "changyuan_officer")
    expect(page.get_by_role("menuitem", name="绩效指标")).to_have_count(0)
    page.goto("/reporting/outbox")
    expect(page.get_by_test_id("page-403")).to_be_visible()
    logout(page)

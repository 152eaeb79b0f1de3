"""试点资金 in a real browser: the city admin reads the demo budget, reverses a disbursement with a reason,
sees the reconciliation chart and a verified ledger; the enterprise sees only its own entries. The subsidy path:
budget → application with its computed amount → county → city → finance (财政) → 公示 → commitment → tranche with
a voucher → 奖补名单 → archive part 4 → the disbursement pushed to the local national-platform receiver."""

from __future__ import annotations

import io
import json
import re
import secrets
import time
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, Response, expect

from conftest import SERVER, export_download, fill, login, logout, manage


def test_city_admin_reads_reverses_and_reconciles(page: Page) -> None:
    login(page, "city_admin")
    page.goto("/funds/ledger")
    expect(page.get_by_test_id("funds-totals")).to_contain_text("已下达")
    lines = page.get_by_test_id("funds-lines-table")
    expect(lines).to_contain_text("试点企业数字化改造补贴")
    expect(lines).to_contain_text("8,000,000.00")
    page.get_by_role("tab", name="台账分录").click()
    entries = page.get_by_test_id("funds-entries-table")
    expect(entries).to_contain_text("新乡红旗汽车零部件有限公司")
    row = entries.locator("tr", has_text="拨付凭证 2026-001")
    row.get_by_role("button", name="冲销").click()
    dialog = page.get_by_role("dialog")
    fill(dialog, "reason-input", "账户信息有误，退回重拨")
    dialog.get_by_test_id("dialog-submit").click()
    expect(entries).to_contain_text("账户信息有误，退回重拨")
    expect(entries.locator("tr", has_text="拨付凭证 2026-001").first).to_contain_text("已冲销")
    page.get_by_role("tab", name="对账").click()
    expect(page.locator("canvas").first).to_be_visible()
    page.get_by_test_id("reconcile-by").get_by_text("按企业").click()
    expect(page.get_by_test_id("reconcile-table")).to_contain_text("新乡红旗汽车零部件有限公司")
    page.get_by_test_id("ledger-verify").click()
    expect(page.get_by_test_id("ledger-verify-result")).to_contain_text("资金台账完整")
    logout(page)


def test_enterprise_sees_its_own_entries_only(page: Page) -> None:
    login(page, "huarui_user")  # 长垣华瑞: nothing committed to it in the demo
    page.goto("/funds/ledger")
    entries = page.get_by_test_id("funds-entries-table")
    expect(entries).to_be_visible()
    expect(entries).not_to_contain_text("新乡红旗汽车零部件有限公司")
    expect(page.get_by_test_id("funds-totals")).to_have_count(0)
    logout(page)


# --- issue 16: budget → subsidy application → review → commitment → tranche → 奖补名单 → archive part 4 ----------

HUARUI = "长垣华瑞起重装备有限公司"
SECOND_BATCH = "2026年第二批试点企业数字化改造补贴"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _is(method: str, pattern: str) -> Callable[[Response], bool]:
    rx = re.compile(pattern)
    return lambda r: r.request.method == method and bool(rx.search(r.url.split("?", 1)[0]))


def _pick(page: Page, select_testid: str, option_text: str) -> None:
    page.get_by_test_id(select_testid).click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text=option_text).first.click()


def _confirm(page: Page) -> None:
    page.locator(".el-message-box").get_by_role("button", name="确定", exact=True).click()


def _switch(page: Page, username: str | None) -> None:
    page.context.clear_cookies()
    if username is not None:
        login(page, username)


def test_budget_subsidy_review_tranche_list_and_archive(page: Page, tmp_path: Path) -> None:
    tag = secrets.token_hex(2)
    source_name, line_name = f"2026年市级配套资金{tag}", f"市级改造补贴{tag}"

    # the city sets a budget: a source, a transformation line, an allocation — forms check before sending
    login(page, "city_admin")
    page.goto("/funds/ledger")
    page.get_by_test_id("source-create").click()
    _pick(page, "source-kind", "市级配套资金")
    fill(page, "source-name", source_name)
    fill(page, "source-amount", "-5")
    page.get_by_test_id("dialog-submit").click()
    expect(page.get_by_test_id("source-form")).to_contain_text("不能为负数")
    fill(page, "source-amount", "3000000")
    page.get_by_test_id("source-region").click()
    page.locator(".el-tree-node__content:visible", has_text="新乡市").first.click()
    with page.expect_response(_is("POST", r"/api/funds/sources$")) as created:
        page.get_by_test_id("dialog-submit").click()
    assert created.value.status == 201, created.value.text()
    page.get_by_test_id("line-create").click()
    _pick(page, "line-source", source_name)
    _pick(page, "line-purpose", "试点企业数字化改造补贴")
    fill(page, "line-name", line_name)
    with page.expect_response(_is("POST", r"/api/funds/lines$")) as line:
        page.get_by_test_id("dialog-submit").click()
    assert line.value.status == 201, line.value.text()
    line_id = line.value.json()["id"]
    page.get_by_test_id(f"line-allocate-{line_id}").click()
    fill(page, "allocate-amount", "3000000.01")
    page.get_by_test_id("dialog-submit").click()
    expect(page.get_by_test_id("allocate-form")).to_contain_text("超出可下达余额")
    fill(page, "allocate-amount", "2000000")
    fill(page, "allocate-reference", f"新工信〔2026〕{tag}号")
    with page.expect_response(_is("POST", rf"/api/funds/lines/{line_id}/allocate$")) as allocated:
        page.get_by_test_id("dialog-submit").click()
    assert allocated.value.status == 201, allocated.value.text()
    expect(page.get_by_test_id("funds-lines-table").locator("tr", has_text=line_name)).to_contain_text("2,000,000.00")

    # the enterprise with an accepted project sees the computed amount and its trace, then applies
    _switch(page, "huarui_user")
    page.goto("/funds/subsidies")
    preview = page.get_by_test_id("subsidy-preview")
    expect(preview).to_contain_text("115,000")  # (180,000 + 24,000 + 26,000) × 50 %
    expect(page.get_by_test_id("subsidy-trace")).to_contain_text("等级门槛")
    expect(page.get_by_test_id("subsidy-lines")).to_contain_text("其他硬件设备")
    page.get_by_test_id("subsidy-go-apply").click()
    page.wait_for_url("**/applications/apply")
    page.locator(".apply-card", has_text=SECOND_BATCH).get_by_test_id("apply-button").click()
    page.wait_for_url("**/applications/apply/**")
    expect(page.get_by_test_id("field-applied_amount").locator("input")).to_have_value(re.compile(r"^115,?000(\.00)?$"))
    fill(page, "field-contact", "张经理")
    fill(page, "field-contact_phone", "13903730002")
    fill(page, "field-bank_name", "中国银行长垣支行")
    fill(page, "field-bank_account", "6217001234567890")
    fill(page, "field-statement", "承诺所提供的发票、付款凭证真实有效。")
    page.get_by_test_id("submit-application").click()
    with page.expect_response(_is("POST", r"/submit$")) as submitted:
        _confirm(page)
    assert submitted.value.ok, submitted.value.text()
    sub = submitted.value.json()

    # county (长垣) and city approve; after 公示 the city fixes the result, which commits the money
    _switch(page, "changyuan_officer")
    page.goto(f"/applications/submissions/{sub['id']}")
    with page.expect_response(_is("POST", r"/api/reviews/\d+/approve$")) as approved:
        page.get_by_test_id("review-approve").click()
    assert approved.value.ok, approved.value.text()
    _switch(page, "city_admin")
    page.goto(f"/applications/submissions/{sub['id']}")
    with page.expect_response(_is("POST", r"/api/reviews/\d+/approve$")) as approved:
        page.get_by_test_id("review-approve").click()
    assert approved.value.ok, approved.value.text()
    # the demo's subsidy campaigns end at the finance bureau (财政审核): nothing is decided yet
    assert approved.value.json()["current_step_name"] == "财政审核", approved.value.text()
    expect(page.get_by_test_id("submission-status")).to_contain_text("审核中")

    # 市财政局: the item is in its to-do list, the drawer shows the computation, it approves
    _switch(page, "finance_officer")
    page.goto("/reviews?tab=todo")
    page.get_by_test_id(f"review-open-{sub['review_id']}").click()
    drawer = page.get_by_test_id("review-drawer")
    expect(drawer.get_by_test_id("review-materials")).to_contain_text("补贴金额计算")
    expect(drawer.get_by_test_id("review-materials")).to_contain_text("发票明细")
    drawer.get_by_test_id("review-approve").click()
    fill(page, "review-opinion", "资金已核，同意")
    with page.expect_response(_is("POST", r"/api/reviews/\d+/approve$")) as approved:
        page.get_by_test_id("dialog-submit").click()
    assert approved.value.ok and approved.value.json()["status"] == "approved", approved.value.text()

    _switch(page, "city_admin")
    page.goto(f"/applications/submissions/{sub['id']}")
    expect(page.get_by_test_id("submission-status")).to_contain_text("公示中")
    manage(
        "shell",
        "-c",
        "from datetime import timedelta\nfrom django.utils import timezone\n"
        "from smedt.applications.models import Submission\n"
        f"Submission.objects.filter(pk={sub['id']}).update(publicity_ends_at=timezone.now() - timedelta(minutes=1))",
    )
    page.goto(f"/applications/submissions/{sub['id']}")
    page.get_by_test_id("finalize").click()
    with page.expect_response(_is("POST", r"/finalize$")) as finalized:
        _confirm(page)
    assert finalized.value.ok, finalized.value.text()

    # a tranche is paid with its transfer voucher
    page.goto("/funds/subsidies")
    row = page.get_by_test_id("subsidy-table").locator("tr", has_text=HUARUI).first
    expect(row).to_contain_text("已批准待拨付")
    row.locator("[data-testid^='subsidy-open-']").click()
    expect(page.get_by_test_id("subsidy-amount")).to_contain_text("115,000.00")
    page.get_by_test_id("subsidy-disburse").click()
    fill(page, "disburse-reference", f"长财拨〔2026〕{tag}")
    voucher = tmp_path / "转账回单.pdf"
    voucher.write_bytes(PDF)
    with page.expect_response(_is("POST", r"/api/files$")):
        page.get_by_test_id("disburse-voucher").set_input_files(str(voucher))
    with page.expect_response(_is("POST", r"/disburse$")) as paid:
        page.get_by_test_id("dialog-submit").click()
    assert paid.value.status == 201, paid.value.text()
    expect(page.get_by_test_id("subsidy-disbursed")).to_contain_text("69,000.00")  # 60 % first tranche
    expect(page.get_by_test_id("subsidy-disbursements")).to_contain_text("转账回单.pdf")

    # the export (a background job with progress, then a download link) carries labels
    page.goto("/funds/subsidies")
    _, data = export_download(page, tmp_path)
    rows = list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][0] == "企业名称" and any(r[0] == HUARUI and "部分拨付" in r for r in rows[1:]), rows

    # the enterprise was told, and it is on the public 奖补名单
    _switch(page, "huarui_user")
    page.goto("/messages")
    expect(page.locator("body")).to_contain_text("补贴第 1 批已拨付")
    _switch(page, None)
    page.goto("/portal/subsidies")
    expect(page.get_by_test_id("portal-subsidies-table")).to_contain_text(HUARUI)

    # archive part 4 (资金拨付) from the ledger: 华瑞 as a pilot for the download, removed afterwards
    pid = manage(
        "shell",
        "-c",
        "from smedt.enterprises.models import PilotEnterprise\nfrom smedt.orgs.models import Organization\n"
        f"o = Organization.objects.get(name='{HUARUI}')\n"
        "print(PilotEnterprise.objects.create(org=o, region=o.region, sub_industry='lifting_equipment').pk)",
    ).strip().splitlines()[-1]  # the shell may print its auto-import note first
    try:
        login(page, "city_admin")
        res = page.request.get(f"/api/enterprises/pilots/{pid}/archive")
        assert res.ok, res.text()
        zf = zipfile.ZipFile(io.BytesIO(res.body()))
        names = zf.namelist()
        assert "04-资金拨付/资金拨付.xlsx" in names, names
        assert any(n.startswith("04-资金拨付/") and n.endswith("转账回单.pdf") for n in names), names
        ws = load_workbook(io.BytesIO(zf.read("04-资金拨付/资金拨付.xlsx")), read_only=True).active
        kinds = [r[1] for r in list(ws.iter_rows(values_only=True))[1:]]  # type: ignore[union-attr]
        assert kinds == ["承诺", "拨付"], kinds
    finally:
        manage(
            "shell",
            "-c",
            f"from smedt.enterprises.models import PilotEnterprise\nPilotEnterprise.objects.filter(pk={pid}).delete()",
        )

    # the disbursement goes up to the national platform: collected, sent, and held by the local receiver
    _switch(page, "city_admin")
    page.goto("/reporting/outbox")
    page.get_by_test_id("outbox-collect").click()
    expect(page.locator(".el-message")).to_contain_text("收集")
    pushed = page.get_by_test_id("outbox-table").locator("tr", has_text=f"拨付 69000.00 元 · {HUARUI}")
    deadline = time.monotonic() + 120  # collected and sent by the worker; the list does not refresh itself
    while not (pushed.count() and "已发送" in pushed.first.inner_text()):
        assert time.monotonic() < deadline, "the disbursement was not sent to the national platform"
        page.wait_for_timeout(2000)
        page.reload()
        expect(page.get_by_test_id("outbox-table")).to_be_visible()
    expect(pushed.first).to_contain_text("NP")  # the receiver's receipt number
    with urllib.request.urlopen(f"{SERVER['national']}received", timeout=30) as res:  # noqa: S310 — loopback
        records = json.loads(res.read())["records"]
    funds = [r["record"]["data"] for r in records if r["kind"] == "funds"]
    assert any(d["amount"] == "69000.00" for d in funds), funds

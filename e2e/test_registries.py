"""Registries in the browser (issue 5):

- an enterprise applies to a pilot selection batch, the county and then the city approve it, it goes on 公示,
  the publicity ends (the calendar is moved on through the server's database) and the city enters it into the
  pilot library, where it is found by name; the enterprise is told and sees its status;
- a provider publishes a product: the city approves it and an anonymous visitor finds it in the public catalogue;
- the city exports the pilot library to Excel and downloads a pilot's archive (PDF summary + four parts, zipped).
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, Response, expect
from pypdf import PdfReader

from conftest import DOWNLOAD_TIMEOUT, export_download, fill, login, manage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ANONYMOUS = None  # the portal is public: a visitor has no session at all

HUARUI = "长垣华瑞起重装备有限公司"  # 长垣市 (410783): reviewed by changyuan_officer
PILOT = "新乡红旗汽车零部件有限公司"  # the demo pilot (红旗区), with the demo diagnosis project
PILOT_PROJECT = "红旗汽车零部件数字化转型咨询诊断"
PROVIDER = "新乡智造数字科技有限公司"

# backend/smedt/enterprises/archive.py: the summary and one folder per part
ARCHIVE_SUMMARY = "档案摘要.pdf"
ARCHIVE_PARTS = {
    "01-基本信息": "一、基本信息",
    "02-项目情况": "二、项目情况",
    "03-改造成效": "三、改造成效",
    "04-资金拨付": "四、资金拨付",
}
EXPORT_HEADER = (
    "企业名称",
    "统一社会信用代码",
    "所在县区",
    "细分行业",
    "数字化水平等级",
    "状态",
    "状态说明",
    "遴选批次",
    "入库时间",
)


# --- helpers ---------------------------------------------------------------------------------------------------


def _switch(page: Page, username: str | None) -> None:
    """Sign out, then sign in as `username` (None: stay an anonymous visitor)."""
    page.context.clear_cookies()
    if username is not None:
        login(page, username)


def _pick(page: Page, select_testid: str, option_text: str) -> None:
    """Choose an option of an Element Plus select (single or multiple) by its visible text."""
    page.get_by_test_id(select_testid).click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text=option_text).first.click()
    page.keyboard.press("Escape")


def _is_get(path: str) -> Callable[[Response], bool]:
    return lambda r: r.request.method == "GET" and r.url.split("?", 1)[0].endswith(path)


def _is_post(pattern: str) -> Callable[[Response], bool]:
    rx = re.compile(pattern)
    return lambda r: r.request.method == "POST" and bool(rx.search(r.url.split("?", 1)[0]))


def _search(page: Page, api_path: str, keyword: str, scope: Page | Locator | None = None) -> None:
    """Type a keyword into a SearchTable's `q` field and wait for the list to come back."""
    fill(scope or page, "search-q", keyword)
    with page.expect_response(_is_get(api_path)) as resp:
        (scope or page).get_by_test_id("search-submit").click()
    assert resp.value.ok, resp.value.status


def _success(page: Page, text: str) -> None:
    expect(page.locator(".el-message--success", has_text=text).first).to_be_visible()


def _confirm(page: Page) -> None:
    page.locator(".el-message-box").get_by_role("button", name="确定", exact=True).click()


def _download(page: Page, tmp_path: Path, click: Callable[[], None]) -> tuple[str, bytes]:
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
        click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return download.suggested_filename, target.read_bytes()


def _xlsx_rows(data: bytes) -> list[dict[str, Any]]:
    ws = load_workbook(io.BytesIO(data), read_only=True).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows, "the export is empty"
    assert tuple(rows[0]) == EXPORT_HEADER
    return [dict(zip(EXPORT_HEADER, r, strict=True)) for r in rows[1:]]


def _archive(data: bytes) -> tuple[list[str], str, zipfile.ZipFile]:
    """The archive's entries, the text of its PDF summary, and the zip itself (asserting its layout)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = zf.namelist()
    assert ARCHIVE_SUMMARY in names, names
    pdf = zf.read(ARCHIVE_SUMMARY)
    assert pdf.startswith(b"%PDF"), pdf[:16]
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    compact = re.sub(r"\s+", "", text)
    for folder, title in ARCHIVE_PARTS.items():
        assert any(n.startswith(f"{folder}/") for n in names), f"part {folder} missing from {names}"
        assert title in compact, f"{title} missing from the PDF summary"
    return names, compact, zf


def _approve_todo(page: Page, keyword: str, opinion: str) -> None:
    """Approve the one pending item matching `keyword` from the review centre's to-do box."""
    page.goto("/reviews?tab=todo")
    table = page.get_by_test_id("review-table-todo")
    _search(page, "/api/reviews/todo", keyword)
    row = table.locator("tbody tr", has_text=keyword)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="审核").click()
    drawer = page.get_by_test_id("review-drawer")
    expect(drawer.get_by_test_id("review-materials")).to_be_visible()
    drawer.get_by_test_id("review-approve").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "review-opinion", opinion)
    with page.expect_response(_is_post(r"/api/reviews/\d+/approve$")) as resp:
        dialog.get_by_test_id("dialog-submit").click()
    assert resp.value.ok, resp.value.text()
    _success(page, "已通过")
    expect(row).to_have_count(0)  # it left this reviewer's to-do box


def _submission_page(page: Page, batch_name: str) -> None:
    """As the city: open the pilot submission of `batch_name` from 试点企业遴选 → 查看申报."""
    page.goto("/enterprises/selection")
    page.wait_for_url(re.compile(r"/applications/campaigns\?kind=pilot"))
    row = page.get_by_test_id("campaign-table").locator("tbody tr", has_text=batch_name)
    row.get_by_role("button", name="查看申报").click()
    sub_row = page.get_by_test_id("submission-table").locator("tbody tr", has_text=HUARUI)
    expect(sub_row).to_have_count(1)
    sub_row.get_by_role("button", name="审核").click()
    page.wait_for_url(re.compile(r"/applications/submissions/\d+$"))


def _pick_option(page: Page, scope: Locator, option_text: str) -> None:
    scope.locator(".el-select").first.click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text=option_text).first.click()
    page.keyboard.press("Escape")


# --- 1. enterprise → county → city → 公示 → pilot library --------------------------------------------------------


def test_enterprise_is_approved_by_county_then_city_and_enters_the_pilot_library(page: Page, tmp_path: Path) -> None:
    batch_name = f"E2E 试点遴选 {secrets.token_hex(3)}"

    # the city admin opens a selection round: a campaign of the pilot kind, narrowed to 起重装备
    login(page, "city_admin")
    page.goto("/enterprises/selection")
    page.wait_for_url(re.compile(r"/applications/campaigns\?kind=pilot"))
    page.get_by_test_id("campaign-create").click()
    fill(page, "campaign-name", batch_name)
    page.get_by_test_id("campaign-template").click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text="试点企业申报书").first.click()
    _pick(page, "campaign-options-sub_industry", "起重装备")
    with page.expect_response(_is_post(r"/api/applications/campaigns$")) as created:
        page.get_by_test_id("campaign-save").click()
    assert created.value.status == 201, created.value.text()
    campaign = created.value.json()
    assert campaign["kind"] == "pilot" and campaign["field_options"] == {"sub_industry": ["lifting_equipment"]}
    page.get_by_test_id(f"campaign-open-{campaign['id']}").click()
    with page.expect_response(_is_post(rf"/campaigns/{campaign['id']}/open$")) as opened:
        _confirm(page)
    assert opened.value.ok, opened.value.text()
    expect(page.get_by_test_id("campaign-table")).to_contain_text(batch_name)

    # the enterprise applies from 试点企业遴选: the form with the round's 细分行业, the two attachments
    _switch(page, "huarui_user")
    page.goto("/enterprises/selection")
    page.wait_for_url(re.compile(r"/applications/apply"))
    page.locator(".apply-card", has_text=batch_name).get_by_test_id("apply-button").click()
    page.wait_for_url("**/applications/apply/**")
    _pick_option(page, page.get_by_test_id("field-sub_industry"), "起重装备")
    fill(page, "field-contact_name", "王经理")
    fill(page, "field-plan_summary", "建设设备联网与 MES，实现订单到交付全流程数字化。")
    for key, name in (("plan", "a1.pdf"), ("license", "a2.pdf")):
        with page.expect_response(_is_post(r"/api/files$")):
            page.get_by_test_id(f"field-{key}").locator("input[type=file]").set_input_files(
                {"name": name, "mimeType": "application/pdf", "buffer": PDF}
            )
    expect(page.get_by_test_id("autosave")).to_contain_text("已自动保存", timeout=30_000)
    page.get_by_test_id("submit-application").click()
    with page.expect_response(_is_post(r"/submit$")) as submitted:
        _confirm(page)
    assert submitted.value.ok, submitted.value.text()
    sub_id = submitted.value.json()["id"]
    page.wait_for_url(f"**/applications/submissions/{sub_id}")
    expect(page.get_by_test_id("submission-status")).to_contain_text("审核中")

    # another county's officer has nothing of it to review
    _switch(page, "hongqi_officer")
    page.goto("/reviews?tab=todo")
    _search(page, "/api/reviews/todo", batch_name)
    expect(page.get_by_test_id("review-table-todo")).to_contain_text("暂无数据")
    expect(page.get_by_test_id("review-table-todo")).not_to_contain_text(batch_name)

    # county review (长垣市), then city review, from the review centre's to-do box
    _switch(page, "changyuan_officer")
    _approve_todo(page, batch_name, "县区审核：材料齐全，同意推荐")
    _switch(page, "city_admin")
    _approve_todo(page, batch_name, "市级审核：同意，进入公示")

    # on 公示 the city cannot enter it into the library yet
    _submission_page(page, batch_name)
    expect(page.get_by_test_id("submission-status")).to_contain_text("公示中")
    page.get_by_test_id("finalize").click()
    with page.expect_response(_is_post(r"/api/applications/submissions/\d+/finalize$")) as resp:
        _confirm(page)
    assert resp.value.status == 409
    expect(page.locator(".el-message--error", has_text="期满后方可入库").first).to_be_visible()
    expect(page.get_by_test_id("submission-status")).to_contain_text("公示中")

    # let the publicity period run out: move its end (and start) into the past in the server's database
    moved = manage(
        "shell",
        "--no-imports",
        "-c",
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from smedt.applications.models import Submission\n"
        "now = timezone.now()\n"
        f"qs = Submission.objects.filter(campaign__name={batch_name!r}, status='publicity')\n"
        "print(qs.update(publicity_starts_at=now - timedelta(days=6), publicity_ends_at=now - timedelta(minutes=1)))",
    )
    assert moved.strip().splitlines()[-1:] == ["1"], moved

    # publicity over, no objection: the city fixes the result, which enters the pilot library
    _submission_page(page, batch_name)
    page.get_by_test_id("finalize").click()
    with page.expect_response(_is_post(r"/api/applications/submissions/\d+/finalize$")) as resp:
        _confirm(page)
    assert resp.value.ok, resp.value.text()
    expect(page.get_by_test_id("submission-status")).to_contain_text("已入选")
    expect(page.get_by_test_id("finalize")).to_have_count(0)

    # it is in the pilot library, found by name, with its batch
    page.goto("/enterprises/pilots")
    _search(page, "/api/enterprises/pilots", "华瑞起重")
    table = page.get_by_test_id("pilot-table")
    pilot_row = table.locator("tbody tr", has_text=HUARUI)
    expect(pilot_row).to_have_count(1)
    expect(pilot_row).to_contain_text(batch_name)
    expect(pilot_row).to_contain_text("长垣市")
    expect(table).not_to_contain_text(PILOT)  # the search narrowed the list
    pilot_row.get_by_role("button", name="详情").click()
    pilot_drawer = page.get_by_test_id("pilot-drawer")
    expect(pilot_drawer).to_contain_text(batch_name)
    expect(pilot_drawer).to_contain_text("起重装备")
    submission_href = pilot_drawer.get_by_test_id("pilot-submission-link").get_attribute("href")
    assert submission_href is not None and re.search(r"/applications/submissions/\d+$", submission_href), submission_href

    # its archive carries the application's attachments in the basic-information part
    name, data = _download(page, tmp_path, lambda: pilot_drawer.get_by_test_id("pilot-archive").click())
    assert name.endswith(".zip"), name
    names, text, _ = _archive(data)
    assert {"01-基本信息/a1.pdf", "01-基本信息/a2.pdf"} <= set(names), names
    assert HUARUI in text
    assert "a1.pdf" in text and "a2.pdf" in text  # the summary lists the attachments

    # the enterprise is told and sees its status
    _switch(page, "huarui_user")
    page.goto("/messages")
    expect(page.get_by_test_id("message-table").locator("tr", has_text="恭喜，贵企业已入选试点企业库")).to_contain_text(
        batch_name
    )
    page.goto("/applications/mine")
    expect(page.get_by_test_id("submission-table").locator("tr", has_text=batch_name)).to_contain_text("已入选")


def test_pilot_library_county_scope(page: Page) -> None:
    login(page, "hongqi_officer")
    page.goto("/enterprises/pilots")
    expect(page.get_by_test_id("pilot-table")).to_contain_text(PILOT)

    _switch(page, "changyuan_officer")
    page.goto("/enterprises/pilots")
    _search(page, "/api/enterprises/pilots", "红旗")
    table = page.get_by_test_id("pilot-table")
    expect(table).to_contain_text("暂无数据")
    expect(table).not_to_contain_text(PILOT)


# --- 2. provider product → city review → public catalogue -----------------------------------------------------


def test_provider_product_is_approved_by_the_city_and_appears_in_the_public_catalogue(page: Page) -> None:
    token = secrets.token_hex(3)
    name = f"E2E 质量追溯 {token}"
    summary = f"面向汽车零部件企业的质量追溯 SaaS（{token}）。"

    # the provider creates the product and submits it for review
    login(page, "zhizao_user")
    page.goto("/providers/products")
    page.get_by_test_id("product-create").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "product-form-name", name)
    fill(dialog, "product-form-summary", summary)
    fill(dialog, "product-form-small", "按产线订阅")
    fill(dialog, "product-form-fast", "一周上线")
    fill(dialog, "product-form-light", "云端部署免运维")
    fill(dialog, "product-form-precise", "聚焦零部件质量追溯")
    _pick(page, "product-form-subs", "汽车零部件")
    _pick(page, "product-form-scenarios", "S05")
    fill(dialog, "product-form-price", "36000")
    fill(dialog, "product-form-discount", "15")
    fill(dialog, "product-form-subsidy", "50")
    dialog.get_by_test_id("product-submit").click()
    _success(page, "已提交市级审核")
    product_row = page.get_by_test_id("product-table").locator("tr", has_text=name)
    expect(product_row).to_contain_text("审核中")

    # not public while under review
    _switch(page, ANONYMOUS)
    _catalogue_search(page, name)
    expect(page.get_by_test_id("portal-product-list")).to_contain_text("暂无符合条件的产品")

    # the city approves it from the review centre
    _switch(page, "city_admin")
    _approve_todo(page, name, "产品信息完整，同意发布")

    # the provider sees it published
    _switch(page, "zhizao_user")
    page.goto("/providers/products")
    expect(page.get_by_test_id("product-table").locator("tr", has_text=name)).to_contain_text("已发布")

    # an anonymous visitor finds it in the public catalogue by name, with its details
    _switch(page, ANONYMOUS)
    _catalogue_search(page, name)
    card = page.get_by_test_id("portal-product-card").filter(has_text=name)
    expect(card).to_have_count(1)
    for text in (PROVIDER, summary, "汽车零部件", "计划排程", "试点优惠 15%", "3.6 万元"):
        expect(card).to_contain_text(text)

    # … and through the portal's full-text search, whose hit opens the product's detail page
    page.goto("/portal")
    page.get_by_test_id("portal-search-input").fill(name)
    with page.expect_response(_is_get("/api/portal/public/search")):
        page.get_by_test_id("portal-search-submit").click()
    hit = page.get_by_test_id("portal-search-results").locator("li", has_text="产品与解决方案").filter(has_text=token)
    expect(hit).to_have_count(1)
    with page.expect_response(lambda r: r.request.method == "GET" and "/api/providers/catalogue/" in r.url):
        hit.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/portal/products/\d+$"))
    expect(page.get_by_test_id("portal-product-detail")).to_contain_text(summary)


def _catalogue_search(page: Page, keyword: str) -> None:
    page.goto("/portal/products")
    expect(page.get_by_test_id("portal-product-list")).to_be_visible()
    form = page.get_by_role("search", name="筛选产品")
    form.get_by_label("关键字", exact=True).fill(keyword)
    with page.expect_response(_is_get("/api/providers/catalogue")) as resp:
        form.get_by_role("button", name="查询").click()
    assert resp.value.ok, resp.value.status


# --- 3. export the pilot library, download an archive -----------------------------------------------------------


def test_city_exports_the_pilot_library_and_downloads_an_archive(page: Page, tmp_path: Path) -> None:
    login(page, "city_admin")
    page.goto("/enterprises/pilots")
    table = page.get_by_test_id("pilot-table")
    expect(table).to_contain_text(PILOT)

    # export everything the city sees
    name, data = export_download(page, tmp_path)  # a background job: progress, then 下载
    assert name.endswith(".xlsx"), name
    rows = _xlsx_rows(data)
    demo = [r for r in rows if r["企业名称"] == PILOT]
    assert len(demo) == 1, rows
    assert demo[0]["所在县区"] == "红旗区"
    assert demo[0]["状态"] == "正常"
    assert demo[0]["细分行业"] == "汽车零部件"  # the dictionary label, not the code
    assert re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", str(demo[0]["统一社会信用代码"])), demo[0]

    # the export follows the search: only matching rows
    _search(page, "/api/enterprises/pilots", "红旗汽车")
    expect(table.locator("tbody tr")).to_have_count(1)
    _, data = export_download(page, tmp_path)
    assert [r["企业名称"] for r in _xlsx_rows(data)] == [PILOT]

    # 我的导出 lists both jobs with their download links
    page.get_by_test_id("my-exports").click()
    drawer = page.get_by_test_id("my-exports-table")
    mine = drawer.locator("tbody tr", has_text="试点企业库")
    expect(mine).to_have_count(2)
    expect(mine.locator("[data-testid^='my-export-download-']")).to_have_count(2)
    expect(drawer).to_contain_text("奖补名单")  # the demo's finished export (exports/demo.py)
    page.keyboard.press("Escape")

    # the pilot's complete archive: the PDF summary with the four parts, one folder per part
    row = table.locator("tbody tr", has_text=PILOT)
    name, data = _download(page, tmp_path, lambda: row.locator("[data-testid^='pilot-archive-']").click())
    assert name.endswith(".zip"), name
    _success(page, "档案已下载")
    names, text, zf = _archive(data)
    assert PILOT in text
    assert PILOT_PROJECT in text  # part 2 lists the demo diagnosis project
    # every part is there: with its rows/attachments, or saying 暂无 rather than vanishing (other browser
    # tests on the same server may already have given this enterprise transformation results)
    for folder in ("03-改造成效", "04-资金拨付"):
        inside = [n for n in names if n.startswith(f"{folder}/")]
        assert inside, names
        if f"{folder}/暂无.txt" in inside:
            assert inside == [f"{folder}/暂无.txt"], names
            assert zf.read(f"{folder}/暂无.txt").decode().strip() == "暂无"
    assert all(n == ARCHIVE_SUMMARY or n.split("/", 1)[0] in ARCHIVE_PARTS for n in names), names

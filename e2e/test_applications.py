"""专项申报 on the application engine, in the browser (issue 14):

the city designs a template in the designer (a field bound to the enterprise fact base, a table with a file
column, two indicators — one banded, one pass/fail needing a certificate), previews it at phone width and
publishes it → opens a campaign → an enterprise (hongqi_parts_user, 红旗区) applies: its revenue is pre-filled
from 一企一档 with the source shown, it types a different revenue and sees the live finding, uploads the
certificate, the draft autosaves, it submits → the county officer (hongqi_officer) sees the pre-review score and
the finding beside the value and approves → the city overrides an indicator with a reason and approves → 公示 on
the portal → after publicity the city fixes the result → the enterprise is on the portal's result list.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from playwright.sync_api import Page, Response, expect

from conftest import fill, login, manage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ENTERPRISE = "新乡红旗汽车零部件有限公司"


def _switch(page: Page, username: str | None) -> None:
    page.context.clear_cookies()
    if username is not None:
        login(page, username)


def _pick(page: Page, select_testid: str, option_text: str) -> None:
    page.get_by_test_id(select_testid).click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text=option_text).first.click()


def _is(method: str, pattern: str) -> Callable[[Response], bool]:
    rx = re.compile(pattern)
    return lambda r: r.request.method == method and bool(rx.search(r.url.split("?", 1)[0]))


def _confirm(page: Page) -> None:
    page.locator(".el-message-box").get_by_role("button", name="确定", exact=True).click()


def _field(page: Page, kind: str, label: str, key: str) -> None:
    """Add a field from the palette and name it in the property panel."""
    page.get_by_test_id(f"palette-{kind}").click()
    fill(page, "prop-label", label)
    fill(page, "prop-key", key)


def _design_template(page: Page, name: str) -> None:
    page.goto("/applications/templates/new")
    fill(page, "template-name", name)
    _field(page, "text", "联系人", "contact")
    page.get_by_test_id("prop-required").click()
    _field(page, "amount", "上年度营业收入", "revenue")
    page.get_by_test_id("prop-required").click()
    _pick(page, "prop-fact", "营业收入（上年度）")
    _field(page, "amount", "上年度研发费用", "rd")
    _field(page, "table", "发明专利", "patents")
    fill(page, "column-label-0", "专利名称")
    fill(page, "column-key-0", "title")
    page.get_by_test_id("column-add").click()
    fill(page, "column-label-1", "专利证书")
    fill(page, "column-key-1", "cert")
    _pick(page, "column-kind-1", "附件")
    # two indicators: banded R&D intensity; at least one patent, with its certificate attached
    page.get_by_test_id("indicator-add-bands").click()
    fill(page, "indicator-name-0", "研发投入强度")
    fill(page, "indicator-expr-0", "rd / revenue * 100")
    fill(page, "band-min-0-0", "0")
    fill(page, "band-max-0-0", "3")
    fill(page, "band-points-0-0", "2")
    page.get_by_test_id("band-add-0").click()
    fill(page, "band-min-0-1", "3")
    fill(page, "band-points-0-1", "10")
    page.get_by_test_id("indicator-add-threshold").click()
    fill(page, "indicator-name-1", "发明专利数量")
    fill(page, "indicator-expr-1", "count(patents)")
    fill(page, "threshold-value-1", "1")
    fill(page, "threshold-points-1", "5")
    page.get_by_test_id("evidence-toggle-1").click()
    _pick(page, "evidence-field-1", "发明专利 · 专利证书")
    fill(page, "evidence-label-1", "专利证书")
    # preview at phone width: the real form, checked by the server
    with page.expect_response(_is("POST", r"/api/applications/templates/check$")) as checked:
        page.get_by_test_id("template-preview").click()
    assert checked.value.ok, checked.value.text()
    dialog = page.get_by_test_id("template-preview-dialog")
    page.get_by_test_id("preview-phone").click()
    expect(dialog.get_by_test_id("field-revenue")).to_be_visible()
    expect(dialog.get_by_test_id("field-patents-add")).to_be_visible()
    page.keyboard.press("Escape")
    with page.expect_response(_is("POST", r"/api/applications/templates$")) as created:
        page.get_by_test_id("template-publish").click()
    assert created.value.status == 201, created.value.text()
    with page.expect_response(_is("POST", r"/publish$")) as published:
        _confirm(page)
    assert published.value.ok, published.value.text()


def _open_campaign(page: Page, template: str, campaign: str) -> None:
    page.goto("/applications/campaigns")
    page.get_by_test_id("campaign-create").click()
    fill(page, "campaign-name", campaign)
    _pick(page, "campaign-template", template)
    with page.expect_response(_is("POST", r"/api/applications/campaigns$")) as created:
        page.get_by_test_id("campaign-save").click()
    assert created.value.status == 201, created.value.text()
    campaign_id = created.value.json()["id"]
    page.get_by_test_id(f"campaign-open-{campaign_id}").click()
    with page.expect_response(_is("POST", rf"/campaigns/{campaign_id}/open$")) as opened:
        _confirm(page)
    assert opened.value.ok, opened.value.text()


def test_city_designs_enterprise_applies_reviewed_published(page: Page, tmp_path) -> None:
    tag = secrets.token_hex(2)
    template, campaign = f"标杆企业申报书{tag}", f"数字化标杆专项申报{tag}"

    login(page, "city_admin")
    _design_template(page, template)
    _open_campaign(page, template, campaign)

    # the enterprise applies; its revenue comes pre-filled from 一企一档, with the source
    _switch(page, "hongqi_parts_user")
    page.goto("/applications/apply")
    card = page.locator(".apply-card", has_text=campaign)
    card.get_by_test_id("apply-button").click()
    page.wait_for_url("**/applications/apply/**")
    revenue = page.get_by_test_id("field-revenue").locator("input")
    expect(revenue).not_to_have_value("")
    expect(page.get_by_test_id("provenance").first).to_contain_text("一企一档")
    prefilled = float(revenue.input_value())
    fill(page, "field-contact", "刘主管")
    revenue.fill(str(int(prefilled) + 1000))
    expect(page.get_by_test_id("live-finding").first).to_contain_text("不一致")
    fill(page, "field-rd", "500")
    page.get_by_test_id("field-patents-add").click()
    fill(page, "field-patents-0-title", "一种汽车零部件在线检测装置")
    cert = tmp_path / "专利证书.pdf"
    cert.write_bytes(PDF)
    with page.expect_response(_is("POST", r"/api/files$")):
        page.get_by_test_id("field-patents-0-cert").locator("input[type=file]").set_input_files(str(cert))
    expect(page.get_by_test_id("autosave")).to_contain_text("已自动保存", timeout=30_000)
    expect(page.get_by_test_id("live-score")).to_contain_text("预评审得分")
    page.get_by_test_id("submit-application").click()
    with page.expect_response(_is("POST", r"/submit$")) as submitted:
        _confirm(page)
    assert submitted.value.ok, submitted.value.text()
    sub = submitted.value.json()
    assert sub["status"] == "reviewing" and sub["findings_count"] == 1
    page.wait_for_url(f"**/applications/submissions/{sub['id']}")
    expect(page.get_by_test_id("submission-status")).to_contain_text("审核中")

    # the county sees the pre-review score and the finding beside the value, and approves
    _switch(page, "hongqi_officer")
    page.goto("/applications/submissions")
    row = page.get_by_test_id("submission-table").locator("tr", has_text=campaign)
    expect(row).to_contain_text(sub["prereview_score"])
    row.get_by_test_id(f"submission-open-{sub['id']}").click()
    expect(page.get_by_test_id("finding-revenue")).to_contain_text("不一致")
    expect(page.get_by_test_id("prereview-score")).to_have_text(sub["prereview_score"])
    with page.expect_response(_is("POST", r"/api/reviews/\d+/approve$")) as approved:
        page.get_by_test_id("review-approve").click()
    assert approved.value.ok, approved.value.text()

    # the city overrides an indicator (reason required, audited) and approves: 公示
    _switch(page, "city_admin")
    page.goto(f"/applications/submissions/{sub['id']}")
    expect(page.get_by_test_id("findings-count")).to_have_text("1")
    key = next(i["key"] for i in sub["indicators"] if i["name"] == "发明专利数量")
    page.get_by_test_id(f"override-{key}").click()
    fill(page, "override-points", "3")
    fill(page, "override-reason", "专利证书为复印件，酌情扣分")
    with page.expect_response(_is("POST", r"/overrides$")) as overridden:
        page.get_by_test_id("override-save").click()
    assert overridden.value.ok, overridden.value.text()
    expect(page.get_by_test_id("indicator-override")).to_contain_text("3")
    with page.expect_response(_is("POST", r"/api/reviews/\d+/approve$")) as approved:
        page.get_by_test_id("review-approve").click()
    assert approved.value.ok, approved.value.text()
    expect(page.get_by_test_id("submission-status")).to_contain_text("公示中")

    # 公示 on the portal (no login)
    _switch(page, None)
    page.goto("/portal/applications")
    expect(page.get_by_test_id(f"portal-publicity-{sub['id']}")).to_contain_text(ENTERPRISE)

    # publicity over → the city fixes the result → it is on the portal's result list
    manage(
        "shell",
        "-c",
        "from datetime import timedelta\nfrom django.utils import timezone\n"
        "from smedt.applications.models import Submission\n"
        f"Submission.objects.filter(pk={sub['id']}).update(publicity_ends_at=timezone.now() - timedelta(minutes=1))",
    )
    _switch(page, "city_admin")
    page.goto(f"/applications/submissions/{sub['id']}")
    page.get_by_test_id("finalize").click()
    with page.expect_response(_is("POST", r"/finalize$")) as finalized:
        _confirm(page)
    assert finalized.value.ok, finalized.value.text()
    expect(page.get_by_test_id("submission-status")).to_contain_text("已入选")
    _switch(page, None)
    page.goto("/portal/applications")
    expect(page.get_by_test_id(f"portal-result-{sub['id']}")).to_contain_text(ENTERPRISE)
    expect(page.get_by_test_id(f"portal-result-{sub['id']}")).to_contain_text(campaign)

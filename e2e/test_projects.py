"""Pilot projects in the browser.

- the demo diagnosis project: the enterprise downloads the signed contract PDF and verifies it on the public page;
  another county's officer does not see it;
- a whole diagnosis project: the pilot enterprise starts it with a provider from the pool, the provider confirms
  (the contract is generated), both sign, the provider uploads the report with the before-assessment linked, the
  enterprise returns it once with comments, the provider uploads again, the enterprise confirms; the county and
  the city follow it (timeline, documents), the other county does not see it;
- a transformation project from filing to city acceptance with one rectification round;
- project documents (the provider's report) readable by the enterprise, the provider and the county through the
  project-scoped download; another county gets 404.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import FilePayload, Locator, Page, expect

from conftest import DOWNLOAD_TIMEOUT, fill, login, manage

TITLE = "红旗汽车零部件数字化转型咨询诊断"
ENTERPRISE = "新乡红旗汽车零部件有限公司"
PROVIDER = "新乡智造数字科技有限公司"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- helpers -----------------------------------------------------------------------------------------------------


def _switch(page: Page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)


def _open_list(page: Page) -> None:
    with page.expect_response(lambda r: "/api/projects?" in r.url and r.request.method == "GET") as resp:
        page.goto("/projects/list")
    assert resp.value.ok


def _open_project(page: Page, url: str) -> Locator:
    with page.expect_response(lambda r: re.search(r"/api/projects/\d+$", r.url) is not None) as resp:
        page.goto(url)
    assert resp.value.ok
    detail = page.get_by_test_id("project-detail")
    expect(page.get_by_test_id("project-title")).to_be_visible()
    return detail


def _pick(page: Page, select_testid: str, option_text: str) -> None:
    page.get_by_test_id(select_testid).click()
    page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text=option_text).first.click()


def _confirm_box(page: Page, button: str) -> None:
    page.locator(".el-message-box").get_by_role("button", name=button, exact=True).click()


def _status(page: Page, label: str, timeout: float | None = None) -> None:
    """The status tag in the detail header reads `label`."""
    tag = page.get_by_test_id("project-detail").locator(".el-card__header .el-tag", has_text=label)
    expect(tag).to_be_visible(timeout=timeout)


# confirming renders the contract PDF (WeasyPrint) in the request: slow on a busy machine
RENDER_TIMEOUT = 60_000


def _pdf(name: str) -> FilePayload:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF + name.encode()}


def _today() -> str:
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


def _sign(page: Page, rows: int) -> None:
    page.get_by_test_id("contract-sign").click()
    _confirm_box(page, "签署")
    expect(page.get_by_test_id("signature-table").locator("tbody tr")).to_have_count(rows)


def _review(page: Page, row_text: str, action: str, opinion: str) -> None:
    """Open the review centre's to-do box, open the row and approve / return it with an opinion."""
    page.goto("/reviews")
    row = page.get_by_test_id("review-table-todo").locator("tr", has_text=row_text).first
    expect(row).to_be_visible()
    row.get_by_role("button").first.click()
    drawer = page.get_by_test_id("review-drawer")
    drawer.get_by_test_id(f"review-{action}").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "review-opinion", opinion)
    with page.expect_response(lambda r: "/api/reviews/" in r.url and r.request.method == "POST") as resp:
        dialog.get_by_test_id("dialog-submit").click()
    assert resp.value.ok, resp.value.text()
    expect(drawer).to_be_hidden()


# --- the demo project ------------------------------------------------------------------------------------------


def test_enterprise_downloads_contract_and_verifies_it(page: Page) -> None:
    login(page, "hongqi_parts_user")
    _open_list(page)
    table = page.get_by_test_id("project-table")
    row = table.locator("tr", has_text=TITLE)
    expect(row).to_contain_text(PROVIDER)
    expect(row).to_contain_text("诊断实施中")

    row.get_by_text(TITLE).click()
    page.wait_for_url("**/projects/*")
    detail = page.get_by_test_id("project-detail")
    expect(page.get_by_test_id("project-title")).to_have_text(TITLE)
    expect(detail).to_contain_text(ENTERPRISE)
    expect(page.get_by_test_id("project-provider")).to_have_text(PROVIDER)
    expect(page.get_by_test_id("project-timeline")).to_contain_text("服务商确认需求")
    expect(page.get_by_test_id("signature-table").locator("tbody tr")).to_have_count(2)

    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:  # the contract PDF is rendered on request
        page.get_by_test_id("contract-pdf").click()
    pdf_path = info.value.path()
    with open(pdf_path, "rb") as fh:
        assert fh.read(4) == b"%PDF"
    assert info.value.suggested_filename.endswith(".pdf")

    # the public verification page, without login
    page.context.clear_cookies()
    page.goto("/verify-contract")
    page.get_by_test_id("verify-pdf").set_input_files(str(pdf_path))
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verify-status")).to_contain_text("验证通过")
    expect(page.get_by_test_id("verify-digest")).to_contain_text("一致")
    expect(page.get_by_test_id("sig-enterprise")).to_contain_text("有效")
    expect(page.get_by_test_id("sig-provider")).to_contain_text("有效")

    expect(page.get_by_test_id("verify-result")).to_contain_text(ENTERPRISE)  # the genuine file names the parties

    # one changed byte: the digest no longer matches any contract, and nothing about the contract is shown
    data = bytearray(open(pdf_path, "rb").read())  # noqa: SIM115
    data[len(data) // 2] ^= 0x01
    tampered: FilePayload = {"name": "tampered.pdf", "mimeType": "application/pdf", "buffer": bytes(data)}
    page.get_by_test_id("verify-pdf").set_input_files(files=[tampered])
    page.get_by_test_id("verify-submit").click()
    expect(page.get_by_test_id("verify-status")).to_contain_text("未找到与该文件一致的合同")
    expect(page.get_by_test_id("verify-result")).not_to_contain_text(ENTERPRISE)
    expect(page.get_by_test_id("verify-result")).not_to_contain_text(PROVIDER)


def test_other_county_does_not_see_the_project(page: Page) -> None:
    login(page, "changyuan_officer")
    _open_list(page)
    table = page.get_by_test_id("project-table")
    expect(table).to_be_visible()
    expect(table).not_to_contain_text(TITLE)


# --- the whole diagnosis flow ----------------------------------------------------------------------------------


def _demo_assessment_id() -> str:
    """The id of the demo enterprise's submitted self-assessment (二级), linked as the before-assessment."""
    out = manage(
        "shell",
        "-c",
        "from smedt.assessment.models import Assessment; "
        f"a = Assessment.objects.filter(org__name='{ENTERPRISE}', status='submitted').order_by('submitted_at').first(); "
        "print('ID', a.pk)",
    )
    return re.search(r"ID (\d+)", out).group(1)  # type: ignore[union-attr]


def _choose(page: Page, select: Locator, option_testid: str) -> None:
    """Pick an option of an Element Plus select by the option's test id."""
    select.click()
    option = page.get_by_test_id(option_testid)
    expect(option).to_be_visible()
    option.click()
    expect(option).to_be_hidden()


def _link_before_assessment(page: Page, card: Locator, assessment_id: str) -> None:
    _choose(page, card.get_by_test_id("report-before"), f"report-before-option-{assessment_id}")


def _rate_provider(page: Page, stars: int, comment: str) -> None:
    """企业满意度评价 of a finished project: stars (1–5) and a comment."""
    card = page.get_by_test_id("satisfaction-card")
    card.get_by_test_id("project-rate").click()
    dialog = page.locator(".el-dialog:visible")
    dialog.get_by_test_id("satisfaction-input").locator(".el-rate__item").nth(stars - 1).click()
    fill(dialog, "satisfaction-comment", comment)
    dialog.get_by_test_id("satisfaction-submit").click()
    expect(dialog).to_be_hidden()
    expect(card).to_contain_text(comment)
    expect(card.get_by_test_id("satisfaction-stars").locator(".el-rate__item .is-active")).to_have_count(stars)


def test_whole_diagnosis_flow_enterprise_provider_government(page: Page) -> None:
    title = f"E2E 质量追溯诊断 {secrets.token_hex(3)}"
    before_id = _demo_assessment_id()

    # the pilot enterprise starts a diagnosis project with a provider from the pool
    login(page, "hongqi_parts_user")
    _open_list(page)
    page.get_by_test_id("project-create").click()
    dialog = page.locator(".el-dialog:visible")
    # the pool narrowed to the enterprise's 细分行业; each candidate shows its rating
    dialog.locator(".el-select", has=page.get_by_label("按细分行业筛选服务商")).click()
    with page.expect_response(lambda r: "/api/projects/providers" in r.url and "sub_industry=auto_parts" in r.url):
        page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text="汽车零部件").click()
    page.get_by_test_id("project-form-provider").click()
    candidate = page.locator(".el-select-dropdown:visible .el-select-dropdown__item", has_text=PROVIDER)
    expect(candidate).to_contain_text(re.compile(r"年度 [\d.]+ 分|暂无评级"))
    candidate.click()
    dialog.get_by_test_id("project-form-title").fill(title)
    dialog.get_by_test_id("project-form-amount").fill("60000")
    dialog.get_by_test_id("project-form-requirement").fill("质量追溯与设备数据采集诊断")
    dialog.get_by_test_id("dialog-submit").click()
    page.wait_for_url(re.compile(r"/projects/\d+$"))
    expect(page.get_by_test_id("project-title")).to_have_text(title)
    _status(page, "待服务商确认")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("发起项目")
    url = page.url

    # the provider confirms the requirement: the contract is generated from the template; the provider signs
    _switch(page, "zhizao_user")
    _open_project(page, url)
    page.get_by_test_id("project-action-confirm").click()
    _confirm_box(page, "确认需求")
    _status(page, "合同签署中", RENDER_TIMEOUT)
    expect(page.get_by_test_id("contract-number")).to_contain_text("HT")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("服务商确认需求")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("生成电子合同")
    _sign(page, 1)

    # the enterprise signs: the diagnosis starts
    _switch(page, "hongqi_parts_user")
    _open_project(page, url)
    _sign(page, 2)
    _status(page, "诊断实施中")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("合同签署完成")

    # the provider uploads the diagnosis report with the before-assessment linked
    _switch(page, "zhizao_user")
    _open_project(page, url)
    card = page.get_by_test_id("report-card")
    card.get_by_test_id("report-file").set_input_files(files=[_pdf("诊断报告-初稿.pdf")])
    expect(card.get_by_text("诊断报告-初稿.pdf")).to_be_visible()
    _link_before_assessment(page, card, before_id)
    card.get_by_test_id("report-submit").click()
    _status(page, "诊断报告待确认")
    expect(card).to_contain_text("改造前评测")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("提交诊断报告")

    # the enterprise returns it once with comments
    comments = "请补充焊接产线设备联网率的测算依据，并给出分阶段改造建议。"
    _switch(page, "hongqi_parts_user")
    _open_project(page, url)
    expect(page.get_by_test_id("report-card")).to_contain_text("诊断报告-初稿.pdf")
    page.get_by_test_id("project-action-return_report").click()
    dialog = page.locator(".el-dialog:visible")
    fill(dialog, "reason-input", comments)
    dialog.get_by_test_id("dialog-submit").click()
    _status(page, "诊断实施中")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("退回诊断报告")
    expect(page.get_by_test_id("project-timeline")).to_contain_text(comments)

    # the provider sees the comments and uploads the revised report
    _switch(page, "zhizao_user")
    _open_project(page, url)
    expect(page.get_by_test_id("project-timeline")).to_contain_text(comments)
    card = page.get_by_test_id("report-card")
    card.get_by_test_id("report-file").set_input_files(files=[_pdf("诊断报告-修订版.pdf")])
    expect(card.get_by_text("诊断报告-修订版.pdf")).to_be_visible()
    _link_before_assessment(page, card, before_id)
    card.get_by_test_id("report-submit").click()
    _status(page, "诊断报告待确认")

    # the enterprise confirms: done
    _switch(page, "hongqi_parts_user")
    _open_project(page, url)
    expect(page.get_by_test_id("report-card")).to_contain_text("诊断报告-修订版.pdf")
    page.get_by_test_id("project-action-confirm_report").click()
    _confirm_box(page, "确认诊断报告")
    _status(page, "已完成")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("确认诊断报告")

    # the finished project: the enterprise rates the provider's service
    _rate_provider(page, 5, "诊断深入，改造路线清晰可行。")

    # government follows it: the county of the enterprise and the city find it, see the timeline and documents
    for officer in ("hongqi_officer", "city_admin"):
        _switch(page, officer)
        _open_list(page)
        row = page.get_by_test_id("project-table").locator("tr", has_text=title).first
        expect(row).to_contain_text("已完成")
        expect(row).to_contain_text(PROVIDER)
        row.get_by_text(title).click()
        page.wait_for_url(re.compile(r"/projects/\d+$"))
        assert page.url == url
        timeline = page.get_by_test_id("project-timeline")
        for entry in ("发起项目", "服务商确认需求", "合同签署完成", "提交诊断报告", "退回诊断报告", "确认诊断报告"):
            expect(timeline).to_contain_text(entry)
        expect(timeline).to_contain_text(comments)
        expect(page.get_by_test_id("report-card")).to_contain_text("诊断报告-修订版.pdf")
        expect(page.get_by_test_id("signature-table").locator("tbody tr")).to_have_count(2)
        expect(page.get_by_test_id("satisfaction-card")).to_contain_text("诊断深入，改造路线清晰可行。")
        expect(page.get_by_test_id("project-rate")).to_have_count(0)
        with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
            page.get_by_test_id("contract-pdf").click()
        with open(info.value.path(), "rb") as fh:
            assert fh.read(4) == b"%PDF"
        # government follows without being a step: no action buttons
        expect(page.locator("[data-testid^='project-action-']")).to_have_count(0)

    # the other county does not see it, not even by its address
    _switch(page, "changyuan_officer")
    _open_list(page)
    table = page.get_by_test_id("project-table")
    expect(table).to_be_visible()
    expect(table).not_to_contain_text(title)
    with page.expect_response(lambda r: re.search(r"/api/projects/\d+$", r.url) is not None) as resp:
        page.goto(url)
    assert resp.value.status == 404
    expect(page.get_by_test_id("project-title")).to_have_count(0)


# --- a transformation project from filing to city acceptance ------------------------------------------------------

_DIAGNOSIS_SETUP = """
from django.core.files.uploadedfile import SimpleUploadedFile
from smedt.accounts.models import User
from smedt.assessment.models import Assessment
from smedt.files.services import attachment_upload
from smedt.orgs.models import Organization
from smedt.projects import services
from smedt.projects.models import Contract

ent = User.objects.get(username="hongqi_parts_user")
prov = User.objects.get(username="zhizao_user")
provider = Organization.objects.get(name="{provider}")
p = services.project_create(actor=ent, kind="diagnosis", provider_id=provider.pk, title="{title}", amount="50000")
p = services.project_act(actor=prov, project=p, action="confirm")
if not Contract.objects.filter(project=p).exists():
    services.contract_render(actor=prov, project=p)
services.contract_sign(actor=prov, project=p)
services.contract_sign(actor=ent, project=p)
before = Assessment.objects.filter(org_id=p.enterprise_id, status="submitted").order_by("submitted_at").first()
pdf = SimpleUploadedFile("{report}", b"%PDF-1.4\\n%%EOF\\n", "application/pdf")
report = attachment_upload(actor=prov, upload=pdf)
p.refresh_from_db()
p = services.report_submit(actor=prov, project=p, attachment_id=report.pk, before_assessment_id=before.pk)
p = services.project_act(actor=ent, project=p, action="confirm_report")
print("DIAGNOSIS", p.pk, p.status, before.level)
"""

_AFTER_SETUP = """
from smedt.accounts.models import User
from smedt.assessment.demo import demo_document
from smedt.assessment.selectors import indicator_set_definition
from smedt.assessment.services.assessments import assessment_save_draft, assessment_start, assessment_submit

ent = User.objects.get(username="hongqi_parts_user")
org_id = ent.role_assignments.filter(org__name="{enterprise}").first().org_id
draft, _ = assessment_start(actor=ent, org_id=org_id, size_band="small")
doc = demo_document(indicator_set_definition(draft.indicator_set), ("foundation", "management"), 3)
draft = assessment_save_draft(actor=ent, assessment=draft, patch=doc)
after = assessment_submit(actor=ent, assessment=draft, commitment=True)
print("AFTER", after.pk, after.level)
"""


def _setup_done_diagnosis(title: str, report: str = "诊断报告.pdf") -> str:
    """A confirmed diagnosis of the demo enterprise (set up through the services as the demo users), its report
    uploaded by the provider and linked to the 二级 demo self-assessment; returns its id."""
    out = manage("shell", "-c", _DIAGNOSIS_SETUP.format(provider=PROVIDER, title=title, report=report))
    m = re.search(r"DIAGNOSIS (\d+) done 2", out)
    assert m, out
    return m.group(1)


def _setup_after_assessment() -> str:
    """A later 三级 self-assessment of the demo enterprise, to link as the after-transformation assessment."""
    out = manage("shell", "-c", _AFTER_SETUP.format(enterprise=ENTERPRISE))
    m = re.search(r"AFTER (\d+) 3", out)
    assert m, out
    return m.group(1)


def _tab(page: Page, name: str) -> Locator:
    card = page.get_by_test_id("implementation-card")
    card.get_by_role("tab", name=name).click()
    return card.locator(".el-tab-pane:visible")


def _field(scope: Locator, label: str) -> Locator:
    """The form item whose label reads exactly `label`."""
    return scope.locator(".el-form-item").filter(
        has=scope.page.locator(".el-form-item__label", has_text=re.compile(f"^{re.escape(label)}$"))
    )


def _date(item: Locator, value: str) -> None:
    box = item.locator(".el-date-editor input")
    box.fill(value)
    box.press("Enter")
    expect(box).to_have_value(value)


def _add_investment(page: Page, name: str, amount: str, invoice_no: str) -> None:
    pane = _tab(page, "投资清单")
    _field(pane, "投资项").locator("input").fill(name)
    _field(pane, "金额（元）").locator("input").fill(amount)
    _field(pane, "发票号码").locator("input").fill(invoice_no)
    _date(_field(pane, "开票日期"), _today())
    _date(_field(pane, "付款日期"), _today())
    _field(pane, "发票").locator("input[type=file]").set_input_files(files=[_pdf(f"发票-{invoice_no}.pdf")])
    expect(_field(pane, "发票")).to_contain_text(f"发票-{invoice_no}.pdf")
    _field(pane, "付款凭证").locator("input[type=file]").set_input_files(files=[_pdf(f"付款-{invoice_no}.pdf")])
    expect(_field(pane, "付款凭证")).to_contain_text(f"付款-{invoice_no}.pdf")
    pane.get_by_role("button", name="添加投资项").click()
    row = page.get_by_test_id("investment-table").locator("tr", has_text=invoice_no)
    expect(row).to_contain_text(name)
    expect(row.get_by_text("发票", exact=True)).to_be_visible()
    expect(row.get_by_text("付款", exact=True)).to_be_visible()


def _link_after_assessment(page: Page, form: Locator, assessment_id: str) -> None:
    _choose(
        page, form.get_by_test_id("acceptance-after-assessment"), f"acceptance-after-assessment-option-{assessment_id}"
    )


def test_transformation_project_from_filing_to_city_acceptance_with_one_rectification(page: Page) -> None:
    tag = secrets.token_hex(3)
    title = f"E2E 冲焊产线数字化改造 {tag}"
    diagnosis_id = _setup_done_diagnosis(f"E2E 前序诊断 {tag}")
    after_id = _setup_after_assessment()

    # the enterprise starts the transformation from its confirmed diagnosis
    login(page, "hongqi_parts_user")
    _open_list(page)
    page.get_by_test_id("project-create").click()
    dialog = page.locator(".el-dialog:visible")
    dialog.get_by_test_id("project-form-kind").get_by_text("数字化改造").click()
    dialog.get_by_test_id("project-form-diagnosis").fill(diagnosis_id)
    _pick(page, "project-form-provider", PROVIDER)
    dialog.get_by_test_id("project-form-title").fill(title)
    dialog.get_by_test_id("project-form-amount").fill("200000")
    dialog.get_by_test_id("project-form-requirement").fill("冲压、焊接产线设备联网，建设质量追溯系统")
    dialog.get_by_test_id("dialog-submit").click()
    page.wait_for_url(re.compile(r"/projects/\d+$"))
    expect(page.get_by_test_id("project-title")).to_have_text(title)
    _status(page, "待服务商确认")
    url = page.url

    # the provider confirms (the contract is generated) and signs; the enterprise signs
    _switch(page, "zhizao_user")
    _open_project(page, url)
    page.get_by_test_id("project-action-confirm").click()
    _confirm_box(page, "确认需求")
    _status(page, "合同签署中", RENDER_TIMEOUT)
    _sign(page, 1)
    _switch(page, "hongqi_parts_user")
    _open_project(page, url)
    _sign(page, 2)
    _status(page, "待备案")

    # filing (备案): the enterprise files, the county approves
    page.get_by_test_id("project-filing").click()
    _confirm_box(page, "提交")
    _status(page, "备案审核中")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("提交备案")

    _switch(page, "hongqi_officer")
    _review(page, f"改造项目备案：{title}", "approve", "备案材料齐全，同意备案")
    _open_project(page, url)
    _status(page, "改造实施中")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("备案通过")

    # implementation: milestones added and completed, a log entry with an attachment, investments with invoices
    _switch(page, "hongqi_parts_user")
    _open_project(page, url)
    planned = (datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=30)).isoformat()
    for name in ("设备联网改造", "质量追溯系统上线"):
        pane = _tab(page, "里程碑")
        _field(pane, "名称").locator("input").fill(name)
        _date(_field(pane, "计划日期"), planned)
        pane.get_by_role("button", name="添加里程碑").click()
        expect(pane.locator("tr", has_text=name)).to_be_visible()
    pane = _tab(page, "里程碑")
    for name in ("设备联网改造", "质量追溯系统上线"):
        row = pane.locator("tr", has_text=name)
        row.get_by_role("button", name="标记完成").click()
        # the panel stamps the browser's UTC date (a day behind Beijing before 08:00): accept either
        utc_today = datetime.now(ZoneInfo("UTC")).date().isoformat()
        expect(row).to_contain_text(re.compile(f"{_today()}|{utc_today}"))
        expect(row.get_by_role("button", name="标记完成")).to_have_count(0)

    pane = _tab(page, "实施日志")
    pane.get_by_label("日志内容").fill("冲压线 12 台设备完成联网，数据接入 MES。")
    pane.locator("input[type=file]").set_input_files(files=[_pdf("联网验收记录.pdf")])
    expect(pane.get_by_text("联网验收记录.pdf")).to_be_visible()
    pane.get_by_role("button", name="记录日志").click()
    expect(pane.locator(".el-timeline")).to_contain_text("冲压线 12 台设备完成联网")
    expect(pane.locator(".el-timeline").get_by_text("附件")).to_be_visible()

    # the first investment only: its total does not match the contract (a pre-check finding)
    _add_investment(page, "设备联网网关及传感器", "120000", f"INV{tag}01")

    page.get_by_test_id("project-action-complete").click()
    _confirm_box(page, "实施完成")
    _status(page, "待申请验收")

    # acceptance application with the required materials and the after-assessment
    form = page.get_by_test_id("acceptance-form")
    fill(form, "acceptance-effectiveness", "产线设备联网率由 35% 提升至 92%，不良品率下降 18%。")
    fill(form, "acceptance-data", "设备、MES 与 ERP 数据贯通，质量数据按批次追溯。")
    fill(form, "acceptance-reform", "成立数字化推进小组，修订设备点检与质量追溯制度。")
    fill(form, "acceptance-benefit", "300000")
    _link_after_assessment(page, form, after_id)
    form.get_by_test_id("acceptance-submit").click()
    _status(page, "验收审核中")
    card = page.get_by_test_id("acceptance-card")
    findings = card.get_by_test_id("precheck-findings")
    expect(findings).to_contain_text("投资明细合计 120000.00 元与合同金额 200000.00 元不一致")
    expect(card.get_by_test_id("io-ratio")).to_have_text("2.50")
    # the before-assessment came with the diagnosis: compared with the after one, indicator by indicator
    expect(card.get_by_test_id("comparison-table")).to_contain_text("总分")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("申请验收")

    # county approves, the city returns it for rectification with an opinion
    opinion = f"投资明细合计与合同金额不一致，请补充二期设备款发票及付款凭证（{tag}）"
    _switch(page, "hongqi_officer")
    _review(page, f"改造项目验收：{title}", "approve", "县区初审：材料齐全，金额差异请市级关注")
    _switch(page, "city_admin")
    _review(page, f"改造项目验收：{title}", "return", opinion)
    _open_project(page, url)
    _status(page, "验收整改中")

    # the enterprise sees the opinion, adds the missing investment and resubmits
    _switch(page, "hongqi_parts_user")
    _open_project(page, url)
    _status(page, "验收整改中")
    expect(page.get_by_test_id("project-detail").locator(".el-descriptions").first).to_contain_text(opinion)
    expect(page.get_by_test_id("project-timeline")).to_contain_text("验收退回整改")
    expect(page.get_by_test_id("project-timeline")).to_contain_text(opinion)
    _add_investment(page, "质量追溯系统软件及实施", "80000", f"INV{tag}02")
    form = page.get_by_test_id("acceptance-form")
    expect(form).to_contain_text("整改后重新提交验收")
    box = form.get_by_test_id("acceptance-effectiveness")
    expect(box.locator("textarea") if box.locator("textarea").count() else box).to_have_value(
        "产线设备联网率由 35% 提升至 92%，不良品率下降 18%。"
    )
    form.get_by_test_id("acceptance-submit").click()
    _status(page, "验收审核中")
    card = page.get_by_test_id("acceptance-card")
    expect(card.get_by_test_id("precheck-findings")).to_have_text("✓ 自动预审未发现问题")
    expect(card.get_by_test_id("io-ratio")).to_have_text("1.50")
    expect(page.get_by_test_id("project-timeline")).to_contain_text("整改后重新提交验收")

    # county approves again, the city approves: accepted
    _switch(page, "hongqi_officer")
    _review(page, f"改造项目验收：{title}", "approve", "县区初审：整改到位")
    _switch(page, "city_admin")
    _review(page, f"改造项目验收：{title}", "approve", "市级复审：同意验收")
    _open_project(page, url)
    _status(page, "验收通过")
    expect(page.get_by_test_id("project-rate")).to_have_count(0)  # the city follows, only the enterprise rates
    timeline = page.get_by_test_id("project-timeline")
    for entry in ("提交备案", "备案通过", "实施完成", "申请验收", "验收退回整改", "整改后重新提交验收", "验收通过"):
        expect(timeline).to_contain_text(entry)
    expect(timeline).to_contain_text("市级复审：同意验收")
    expect(page.get_by_test_id("investment-table").locator("tbody tr")).to_have_count(2)

    # the enterprise sees the result and rates the provider
    _switch(page, "hongqi_parts_user")
    _open_project(page, url)
    _status(page, "验收通过")
    expect(page.get_by_test_id("acceptance-form")).to_have_count(0)
    _rate_provider(page, 4, "按期完成改造，整改响应及时。")


def test_project_documents_can_be_read_by_the_enterprise_and_the_county(page: Page) -> None:
    """The diagnosis report (uploaded by the provider) is downloadable by everyone who follows the project
    (through /api/projects/{id}/files/{file_id}, whoever uploaded it)."""
    report = f"诊断报告-{secrets.token_hex(3)}.pdf"
    project_id = _setup_done_diagnosis(f"E2E 文档可见性 {report}", report)
    for username in ("city_admin", "hongqi_parts_user", "hongqi_officer", "zhizao_user"):
        _switch(page, username)
        _open_project(page, f"/projects/{project_id}")
        link = page.get_by_test_id("report-card").get_by_text(report)
        with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as info:
            link.click()
        assert info.value.suggested_filename == report, username

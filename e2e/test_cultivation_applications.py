"""梯度培育 applications on the application engine, in the browser (issue 15):

the enterprise (hongqi_parts_user, 创新型) self-assesses and sees its gap to 专精特新 → applies in the demo's
open 专精特新 campaign: the criteria's own form comes pre-filled from 一企一档 and its self-assessment, it
types a revenue contradicting the fact base and sees the finding live, attaches the evidence and submits →
the county officer sees the finding beside the value and the criteria's conditions, and approves → the
expert scores → the city approves → 公示 on the portal → after publicity the city fixes the result → the
enterprise is in the cultivation library as 专精特新 with the certificate number the result handler issued,
and the city sees it in the pipeline heading for 小巨人.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, Response, expect

from conftest import fill, login, manage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ENTERPRISE = "新乡红旗汽车零部件有限公司"
CAMPAIGN = "2026年度专精特新中小企业认定申报"


def _switch(page: Page, username: str | None) -> None:
    page.context.clear_cookies()
    if username is not None:
        login(page, username)


def _is(method: str, pattern: str) -> Callable[[Response], bool]:
    rx = re.compile(pattern)
    return lambda r: r.request.method == method and bool(rx.search(r.url.split("?", 1)[0]))


def _confirm(page: Page) -> None:
    page.locator(".el-message-box").get_by_role("button", name="确定", exact=True).click()


def test_enterprise_applies_for_specialized_and_enters_the_library(page: Page, tmp_path) -> None:
    # self-assessment: the gap to 专精特新
    login(page, "hongqi_parts_user")
    page.goto("/cultivation/self")
    expect(page.get_by_test_id("cultivation-form")).to_be_visible(timeout=30000)
    fill(page, "input-rd_expense_y1", "130")
    page.get_by_test_id("cultivation-submit").click()
    page.wait_for_url(re.compile(r"/cultivation/results/\d+$"), timeout=30000)
    expect(page.get_by_test_id("tier-card-specialized")).to_contain_text("未达到", timeout=30000)
    expect(page.get_by_test_id("gap-specialized")).to_contain_text("上年度研发费用")

    # the application: the criteria's own form, pre-filled with provenance
    page.goto("/applications/apply")
    page.locator(".apply-card", has_text=CAMPAIGN).get_by_test_id("apply-button").click()
    page.wait_for_url("**/applications/apply/**")
    revenue = page.get_by_test_id("field-revenue_y1").locator("input")
    expect(revenue).not_to_have_value("", timeout=30000)
    expect(page.get_by_test_id("field-revenue_y1").locator("..")).to_contain_text("企业档案")
    segment = page.get_by_test_id("field-segment_years").locator("input")
    expect(segment).not_to_have_value("")  # the enterprise's own answer, from its self-assessment
    rd = page.get_by_test_id("field-rd_expense_y1").locator("input")
    rd.fill("130")  # as in the self-assessment
    fill(page, "field-contact", "刘主管 13800000000")
    prefilled = float(revenue.input_value())
    revenue.fill(f"{prefilled - 50:.2f}")  # contradicts 一企一档
    finding = page.get_by_test_id("live-finding").filter(has_text="企业档案·上年度营业收入").first
    expect(finding).to_contain_text("不一致", timeout=30000)
    # the criteria's conditions are scored live by the cultivation evaluation
    expect(page.locator(".el-table__row", has_text="认定条件 N5").first).to_be_visible()
    for key, name in (
        ("ev_finance", "审计报告.pdf"),
        ("ev_ip", "知识产权证书.pdf"),
        ("ev_qualification", "资质证明.pdf"),
    ):
        path = tmp_path / name
        path.write_bytes(PDF)
        with page.expect_response(_is("POST", r"/api/files$")):
            page.get_by_test_id(f"field-{key}").locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_test_id("autosave")).to_contain_text("已自动保存", timeout=30_000)
    page.get_by_test_id("submit-application").click()
    with page.expect_response(_is("POST", r"/submit$")) as submitted:
        _confirm(page)
    assert submitted.value.ok, submitted.value.text()
    sub = submitted.value.json()
    assert sub["status"] == "reviewing"
    assert any(f["field"] == "revenue_y1" and f["kind"] == "fact_mismatch" for f in sub["findings"])
    assert {"c_N1", "c_N5"} <= {i["key"] for i in sub["indicators"]}
    page.wait_for_url(f"**/applications/submissions/{sub['id']}")

    # county check: the finding beside the value, the conditions, approve
    _switch(page, "hongqi_officer")
    page.goto(f"/applications/submissions/{sub['id']}")
    expect(page.get_by_test_id("finding-revenue_y1")).to_contain_text("不一致")
    expect(page.get_by_test_id("side-by-side").locator("tr", has_text="上年度营业收入")).to_contain_text(
        f"{prefilled:.2f}".rstrip("0").rstrip(".")
    )
    expect(page.get_by_text("认定条件 N5").first).to_be_visible()
    with page.expect_response(_is("POST", r"/api/reviews/\d+/approve$")) as approved:
        page.get_by_test_id("review-approve").click()
    assert approved.value.ok, approved.value.text()

    # expert scoring, then the city's confirmation: 公示
    _switch(page, "expert_sun")
    page.goto(f"/applications/submissions/{sub['id']}")
    page.locator(".el-form-item", has_text="专业化与精细化水平").locator("input").fill("42")
    page.locator(".el-form-item", has_text="特色化与创新能力").locator("input").fill("40")
    with page.expect_response(_is("POST", r"/scores$")) as scored:
        page.get_by_role("button", name="提交评分").click()
    assert scored.value.ok, scored.value.text()
    _switch(page, "city_admin")
    page.goto(f"/applications/submissions/{sub['id']}")
    expect(page.get_by_test_id("finding-revenue_y1")).to_contain_text("不一致")
    with page.expect_response(_is("POST", r"/api/reviews/\d+/approve$")) as approved:
        page.get_by_test_id("review-approve").click()
    assert approved.value.ok, approved.value.text()
    expect(page.get_by_test_id("submission-status")).to_contain_text("公示中")
    _switch(page, None)
    page.goto("/portal/applications")
    expect(page.get_by_test_id(f"portal-publicity-{sub['id']}")).to_contain_text(ENTERPRISE)

    # publicity over → result: the recognition enters the library with its certificate
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
    page.goto("/cultivation/library")
    row = page.get_by_test_id("library-table").locator("tr", has_text=ENTERPRISE)
    expect(row).to_contain_text("专精特新中小企业")
    expect(row).to_contain_text(re.compile(r"专精特新〔\d{4}〕\d{4}"))
    row.get_by_role("button", name="详情").click()
    expect(page.get_by_test_id("library-timeline")).to_contain_text("认定为专精特新中小企业")

    # the worker recomputes the self-assessment with the new title: the pipeline shows it heading for 小巨人
    candidate = page.get_by_test_id("candidate-table").locator("tr", has_text=ENTERPRISE)
    for _ in range(60):  # the worker may be slow on a loaded machine
        page.goto("/cultivation/pipeline")
        expect(page.get_by_test_id("pipeline-totals")).to_be_visible()
        if candidate.count() and "小巨人" in candidate.first.inner_text():
            break
        page.wait_for_timeout(1500)
    expect(candidate.first).to_contain_text("专精特新“小巨人”企业")

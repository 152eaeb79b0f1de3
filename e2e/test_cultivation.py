"""梯度培育 in the browser (issue 15):

- an enterprise opens its self-assessment, finds last year's revenue pre-filled from 一企一档 (marked
  企业档案), changes its R&D expense, submits, and sees all three tiers with the gap to 专精特新
  (the smallest change that passes), then downloads the PDF report;
- the city records a 专精特新 recognition for it, finds it in the cultivation library, and — after the
  worker recomputes the self-assessment with the new title — sees it in the pipeline heading for 小巨人.
"""

from __future__ import annotations

import io
import re
import secrets

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from conftest import DOWNLOAD_TIMEOUT, fill, login

ENTERPRISE = "新乡红旗汽车零部件有限公司"  # demo: 创新型, self-assessed once


def test_enterprise_self_assesses_and_sees_its_gap(page: Page) -> None:
    login(page, "hongqi_parts_user")
    expect(page.get_by_test_id("menu-cultivation-self")).to_be_attached()
    page.goto("/cultivation/self")
    expect(page.get_by_test_id("cultivation-form")).to_be_visible(timeout=30000)
    # pre-filled from the fact base, marked with its source
    expect(page.get_by_test_id("source-revenue_y1")).to_have_text("企业档案")
    expect(page.get_by_test_id("source-digital_level")).to_have_text("数字化水平评测")
    expect(page.get_by_test_id("source-holds_innovative")).to_have_text("培育库")
    fill(page, "input-rd_expense_y1", "130")
    expect(page.get_by_test_id("source-rd_expense_y1")).to_have_text("企业填报")
    page.get_by_test_id("cultivation-submit").click()
    page.wait_for_url(re.compile(r"/cultivation/results/\d+$"), timeout=30000)
    expect(page.get_by_test_id("tier-card-innovative")).to_be_visible(timeout=30000)

    for tier in ("innovative", "specialized", "little_giant"):
        expect(page.get_by_test_id(f"tier-card-{tier}")).to_be_visible()
    expect(page.get_by_test_id("tier-card-innovative")).to_contain_text("达到")
    expect(page.get_by_test_id("tier-card-specialized")).to_contain_text("未达到")
    gap = page.get_by_test_id("gap-specialized")
    expect(gap).to_contain_text("→ 通过")
    page.get_by_test_id("tier-card-specialized").click()
    detail = page.get_by_test_id("gap-detail-specialized")
    expect(detail).to_contain_text("即可通过")
    expect(detail).to_contain_text("上年度研发费用")  # 130 of 6400 万元 is under 3%: the gap raises it
    conditions = page.get_by_test_id("conditions-specialized")
    expect(conditions.locator("tr", has_text="N5")).to_contain_text("不满足")
    expect(conditions.locator("tr", has_text="N5")).to_contain_text("130")

    with page.expect_download(timeout=DOWNLOAD_TIMEOUT) as dl:  # the PDF is rendered on request
        page.get_by_test_id("cultivation-pdf").click()
    path = dl.value.path()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(open(path, "rb").read())).pages).replace(" ", "")
    assert "优质中小企业梯度培育自评报告" in text and ENTERPRISE in text

    page.goto("/cultivation/self")
    expect(page.get_by_test_id("cultivation-history")).to_contain_text("专精特新中小企业：未达到")


def test_city_records_a_recognition_and_sees_it_in_library_and_pipeline(page: Page) -> None:
    cert = f"豫专精〔2026〕{secrets.randbelow(9000) + 1000}"
    login(page, "city_admin")
    expect(page.get_by_test_id("menu-cultivation-library")).to_be_attached()
    page.goto("/cultivation/library")
    expect(page.get_by_test_id("library-table")).to_be_visible()
    page.get_by_test_id("recognition-add").click()
    page.get_by_test_id("recognition-org").click()
    page.keyboard.type("红旗汽车")
    page.locator(".el-select-dropdown__item:visible", has_text=ENTERPRISE).first.click()
    page.get_by_test_id("recognition-tier").click()
    page.locator(".el-select-dropdown__item:visible", has_text="专精特新中小企业").first.click()
    fill(page, "recognition-cert", cert)
    fill(page, "recognition-date", "2026-11-20")
    page.keyboard.press("Enter")  # commits the typed date and closes the picker
    page.get_by_test_id("recognition-form").get_by_text("证书编号").click()
    page.get_by_test_id("dialog-submit").click()
    expect(page.get_by_text("已登记认定")).to_be_visible()

    row = page.get_by_test_id("library-table").locator("tr", has_text=ENTERPRISE)
    expect(row).to_contain_text("专精特新中小企业")
    expect(row).to_contain_text(cert)
    expect(row).to_contain_text("2029-11-20")
    row.get_by_role("button", name="详情").click()
    expect(page.get_by_test_id("library-timeline")).to_contain_text("认定为专精特新中小企业")

    # the worker recomputes the enterprise's self-assessment with the new title: next tier 小巨人
    candidate = page.get_by_test_id("candidate-table").locator("tr", has_text=ENTERPRISE)
    for _ in range(20):
        page.goto("/cultivation/pipeline")
        expect(page.get_by_test_id("pipeline-totals")).to_be_visible()
        if candidate.count() and "小巨人" in candidate.first.inner_text():
            break
        page.wait_for_timeout(1500)
    expect(candidate.first).to_contain_text("专精特新“小巨人”企业")
    expect(page.get_by_test_id("pipeline-table")).to_contain_text("专精特新“小巨人”企业")

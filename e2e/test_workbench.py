"""The 工作台 per role lists a real to-do and clicking it opens the item; the 审核中心 drawer shows the
materials (labelled form, attachments previewed inline, automatic checks, history) and county B
cannot fetch county A's materials. Enterprise and provider run at 390 and 1366 px."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from conftest import login, manage

SHOTS = os.environ.get("SMEDT_SHOTS_DIR", "")
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}

# a submitted pilot application (a submission of the demo's pilot campaign) of 华瑞 (长垣) with a PDF and an image, a submitted recruitment post
# (city step), an on-site rating assigned to the expert and a failed background task
_SETUP = r'''
import base64
from datetime import timedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from smedt.accounts.models import User
from smedt.assessment.models import ExpertAssignment
from smedt.applications.models import Campaign, Submission
from smedt.applications.services.submissions import submission_create, submission_submit
from smedt.enterprises.models import RecruitmentPost
from smedt.enterprises.services import recruitment
from smedt.files.services import attachment_upload
from smedt.orgs.models import Organization

campaign = Campaign.objects.filter(kind="pilot", status="open").order_by("id").first()
if not Submission.objects.filter(campaign=campaign, org__name="长垣华瑞起重装备有限公司").exists():
    huarui = User.objects.get(username="huarui_user")
    pdf = attachment_upload(actor=huarui, upload=SimpleUploadedFile("实施方案.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
    img = attachment_upload(actor=huarui, upload=SimpleUploadedFile("营业执照.png", png))
    data = {"sub_industry": "lifting_equipment", "plan_summary": "建设起重机远程运维平台，设备联网率提升到 80%",
        "contact_name": "张经理", "plan": [str(pdf.pk)], "license": [str(img.pk)]}
    version = campaign.template_version_id
    sub = submission_create(actor=huarui, campaign=campaign, template_version_id=version, data=data)
    submission_submit(actor=huarui, submission=sub, template_version_id=version, data=data)
parts = User.objects.get(username="hongqi_parts_user")
if not RecruitmentPost.objects.filter(title="E2E 招聘数字化工程师").exists():
    post = recruitment.post_create(actor=parts, data={"title": "E2E 招聘数字化工程师",
        "positions": [{"name": "数字化工程师", "count": 2, "salary": "8000-12000"}], "requirements": "熟悉 MES",
        "contact_name": "刘主管", "contact_phone": "0373-1234567",
        "valid_until": (timezone.localdate() + timedelta(days=30)).isoformat()})
    recruitment.post_submit(actor=parts, post=post)
expert = User.objects.get(username="expert_sun")
org = Organization.objects.get(name="长垣华瑞起重装备有限公司")
ExpertAssignment.objects.get_or_create(expert=expert, org=org, defaults={"region": org.region,
    "assigned_by": User.objects.get(username="city_admin"), "note": "E2E"})
if not DBTaskResult.objects.filter(task_path="smedt.e2e.tasks.e2e_failed_export").exists():
    DBTaskResult.objects.create(status=TaskResultStatus.FAILED, args_kwargs={"args": [], "kwargs": {}},
        task_path="smedt.e2e.tasks.e2e_failed_export", backend_name="default", run_after=timezone.now(),
        queue_name="default", exception_class_path="builtins.RuntimeError", traceback="RuntimeError: e2e")
print("READY")
'''


@pytest.fixture(scope="module", autouse=True)
def todos(server: str) -> None:
    assert "READY" in manage("shell", "-c", _SETUP)


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"after-{name}.png"), full_page=True)


def _open_todo(page: Page, text: str | re.Pattern[str], *, not_text: str | None = None) -> None:
    todos = page.get_by_test_id("workspace-todos")
    item = todos.locator("[data-testid^='workspace-todo-']", has_text=text, has_not_text=not_text).first
    expect(item).to_be_visible()
    item.click()


def test_county_officer_decides_with_the_materials(page: Page) -> None:
    page.set_viewport_size(LAPTOP)
    login(page, "changyuan_officer")
    expect(page.get_by_test_id("workspace-todos")).to_contain_text("试点企业遴选")
    _shot(page, "item10-workspace-county-1366")
    _open_todo(page, "试点企业遴选")
    page.wait_for_url(re.compile(r"/reviews\?tab=todo&open=\d+"))
    drawer = page.get_by_test_id("review-drawer")
    materials = drawer.get_by_test_id("review-materials")
    expect(materials).to_contain_text("申报细分行业")
    expect(materials).to_contain_text("起重装备")  # the label, not lifting_equipment
    expect(materials).to_contain_text("建设起重机远程运维平台")
    expect(materials.get_by_test_id("materials-findings")).to_be_visible()
    expect(materials.get_by_test_id("materials-history")).to_contain_text("提交")
    attachments = materials.get_by_test_id("materials-attachments")
    expect(attachments).to_contain_text("数字化转型实施方案")
    expect(attachments).to_contain_text("营业执照")
    page.wait_for_timeout(500)
    _shot(page, "item2-review-drawer-1366")
    # the image is previewed inline, through the review's own download
    attachments.locator("li", has_text="营业执照").get_by_role("button", name="预览").click()
    preview = page.get_by_test_id("materials-preview")
    image = preview.locator("img")
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    page.keyboard.press("Escape")
    # the PDF too
    attachments.locator("li", has_text="实施方案").get_by_role("button", name="预览").click()
    frame = page.get_by_test_id("materials-preview").locator("iframe")
    expect(frame).to_have_attribute("src", re.compile(r"/api/reviews/\d+/attachments/.+\?inline=true"))
    src = frame.get_attribute("src")
    res = page.request.get(src or "")
    assert res.status == 200 and res.headers["content-disposition"].startswith("inline;")
    review_id = re.search(r"/api/reviews/(\d+)/", src or "").group(1)  # type: ignore[union-attr]
    # the officer of another county sees neither the materials nor the files
    page.context.clear_cookies()
    login(page, "hongqi_officer")
    assert page.request.get(f"/api/reviews/{review_id}/materials").status == 404
    assert page.request.get(src or "").status == 404


def test_city_admin_opens_a_city_step_todo(page: Page) -> None:
    page.set_viewport_size(LAPTOP)
    login(page, "city_admin")
    _open_todo(page, "E2E 招聘数字化工程师")
    drawer = page.get_by_test_id("review-drawer")
    expect(drawer.get_by_test_id("review-materials")).to_contain_text("数字化工程师")
    expect(drawer.get_by_test_id("review-approve")).to_be_visible()


def test_expert_opens_the_assigned_onsite_rating(page: Page) -> None:
    page.set_viewport_size(LAPTOP)
    login(page, "expert_sun")
    # (the expert also has the pilot submission to score: "试点企业遴选 · 专家评分", another to-do)
    _open_todo(page, "长垣华瑞起重装备有限公司", not_text="专家评分")
    page.wait_for_url("**/assessment/onsite")


def test_sys_admin_opens_the_failed_task(page: Page) -> None:
    page.set_viewport_size(LAPTOP)
    login(page, "sysadmin")
    expect(page.get_by_test_id("workspace-alerts")).to_contain_text("后台任务失败")
    _open_todo(page, "e2e_failed_export")
    page.wait_for_url("**/system/tasks")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
def test_provider_opens_the_project_waiting_for_its_report(page: Page, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    login(page, "zhizao_user")
    expect(page.get_by_test_id("workspace-todos")).to_contain_text("提交诊断报告")
    if viewport is PHONE:
        _shot(page, "item10-workspace-provider-390")
    _open_todo(page, "提交诊断报告")
    page.wait_for_url(re.compile(r"/projects/\d+$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
def test_enterprise_continues_its_draft_assessment(page: Page, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    login(page, "huarui_user")
    todos = page.get_by_test_id("workspace-todos")
    if not todos.locator("[data-testid^='workspace-todo-']", has_text="继续填写").count():
        page.goto("/assessment/self")
        page.get_by_test_id("assessment-start").click()
        page.wait_for_url(re.compile(r"/assessment/fill/\d+"))
        page.goto("/workspace")
    expect(page.get_by_test_id("workspace-todos")).to_contain_text("继续填写")
    if viewport is PHONE:
        _shot(page, "item7-item10-workspace-enterprise-390")
    _open_todo(page, "继续填写")
    page.wait_for_url(re.compile(r"/assessment/fill/\d+"))
    expect(page.get_by_test_id("questionnaire-tabs")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

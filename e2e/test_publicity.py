"""公示 on the public portal and the public product detail, in the browser:

- a provider's submission to the 服务商遴选 campaign (application engine) on publicity is seen by an anonymous
  visitor on /portal/publicity (also on a 375px phone, without horizontal scrolling); 提出异议 sends the visitor to
  the login page; a signed-in enterprise user (huarui_user) files an objection; the city (city_admin) follows the
  服务商遴选 menu entry to the engine's campaign list, opens the submission and dismisses the objection there; once
  the publicity end is moved into the past (through the server's database) the city confirms the result and the
  provider is in the pool;
- an anonymous visitor opens a published product's detail page from the catalogue and from the portal search.

The submission is put on publicity through `manage shell` (the apply → expert score → city review route is
covered by the API tests of providers/tests/test_selection_campaign.py); a fresh provider org is used so the demo providers' pool entries stay as they
are for the other browser tests.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from playwright.sync_api import Browser, Page, Response, expect

from conftest import DEMO_PASSWORD, fill, login, manage

DEMO_PRODUCT = "智造云 MES 轻量版"  # backend/smedt/providers/demo.py, published
DEMO_PROVIDER = "新乡智造数字科技有限公司"
SELECTION_NAME = "2026年度数字化服务商遴选"  # backend/smedt/providers/demo.py: the 服务商遴选 campaign


def _is_get(path: str) -> Callable[[Response], bool]:
    return lambda r: r.request.method == "GET" and r.url.split("?", 1)[0].endswith(path)


def _is_post(pattern: str) -> Callable[[Response], bool]:
    rx = re.compile(pattern)
    return lambda r: r.request.method == "POST" and bool(rx.search(r.url.split("?", 1)[0]))


def _provider_on_publicity() -> tuple[str, str, int]:
    """A new provider org with an application on publicity (5 days left); returns name, credit code, app id."""
    tag = secrets.token_hex(3)
    name = f"新乡公示测试服务商{tag}有限公司"
    out = manage(
        "shell",
        "-c",
        f"""
from datetime import timedelta
from django.utils import timezone
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import OrgKind, OrgStatus
from smedt.orgs.services import org_create
from smedt.applications.models import Campaign, Submission
from smedt.providers.demo import SELECTION_NAME
org = org_create(actor=None, name={name!r}, credit_code_value=make_valid("91410771MA{int(tag, 16) % 10**7:07d}"),
                 kind=OrgKind.PROVIDER, region_code="410771", status=OrgStatus.ACTIVE, industry_code="I6510",
                 contact_name="内部联系人", contact_phone="13912345678")
campaign = Campaign.objects.get(name=SELECTION_NAME)
now = timezone.now()
app = Submission.objects.create(campaign=campaign, template_version=campaign.template_version, org=org,
    region=org.region, status="publicity", submitted_at=now - timedelta(days=3),
    data={{"provider_type": "integrator", "sub_industries": ["auto_parts", "lifting_equipment"],
          "qualifications": "内部资质说明不公开", "staff_count": "42", "tech_staff_count": "20", "past_cases": [],
          "attachments": []}},
    publicity_starts_at=now, publicity_ends_at=now + timedelta(days=5))
print("CREATED", org.credit_code, app.pk)
""",
    )
    line = next(ln for ln in out.splitlines() if ln.startswith("CREATED "))  # the shell prints a banner first
    _, code, app_id = line.split()
    return name, code, int(app_id)


def _end_publicity(app_id: int) -> None:
    manage(
        "shell",
        "-c",
        "from datetime import timedelta\nfrom django.utils import timezone\n"
        "from smedt.applications.models import Submission\n"
        f"Submission.objects.filter(pk={app_id}).update("
        "publicity_ends_at=timezone.now() - timedelta(minutes=1))",
    )


def _open_provider_notice(page: Page) -> None:
    with page.expect_response(_is_get("/api/applications/public/publicity")) as resp:
        page.get_by_test_id("portal-publicity-provider").click()
    assert resp.value.ok, resp.value.status


def test_publicity_objection_is_dismissed_and_the_provider_enters_the_pool(page: Page, browser: Browser, server: str):
    name, credit_code, app_id = _provider_on_publicity()

    # 1. an anonymous visitor reads the notice from the portal's navigation: public fields only
    page.goto("/portal")
    page.get_by_test_id("portal-nav-publicity").click()
    expect(page).to_have_url(re.compile(r"/portal/publicity"))
    expect(page.get_by_role("heading", level=1, name="公示公告")).to_be_visible()
    expect(page.get_by_test_id("portal-nav-publicity")).to_have_attribute("aria-current", "page")
    _open_provider_notice(page)
    expect(page.get_by_role("tab", name="服务商入库公示")).to_have_attribute("aria-selected", "true")
    item = page.get_by_test_id("portal-publicity-item").filter(has_text=name)
    expect(item).to_have_count(1)
    expect(item.get_by_role("heading", level=3, name=name)).to_be_visible()
    expect(item).to_contain_text(credit_code)
    expect(item).to_contain_text("综合集成型")
    expect(item).to_contain_text("汽车零部件、起重装备")
    expect(item).to_contain_text("新乡高新技术产业开发区")
    for private in ("内部资质说明不公开", "内部联系人", "13912345678"):
        expect(page.get_by_test_id("portal-publicity")).not_to_contain_text(private)
    expect(page.get_by_test_id("portal-objection-how")).to_contain_text("提出异议")

    # … on a 375px phone too, without scrolling sideways
    phone = browser.new_context(base_url=server, locale="zh-CN", viewport={"width": 375, "height": 740})
    try:
        mobile = phone.new_page()
        mobile.goto("/portal/publicity?kind=provider")
        expect(mobile.get_by_test_id("portal-publicity-item").filter(has_text=name)).to_be_visible()
        overflow = mobile.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 375px"
    finally:
        phone.close()

    # 提出异议 while anonymous: to the login page, and back to the notice afterwards
    item.get_by_test_id(f"portal-publicity-object-provider-{app_id}").click()
    expect(page).to_have_url(re.compile(r"/login\?redirect=(/|%2F)portal(/|%2F)publicity"))

    # 2. an enterprise user signs in there, comes back to the notice and files an objection
    fill(page, "login-username", "huarui_user")
    fill(page, "login-password", DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page).to_have_url(re.compile(r"/portal/publicity\?kind=provider$"))
    item = page.get_by_test_id("portal-publicity-item").filter(has_text=name)
    button = item.get_by_role("button", name=f"对{name}提出异议")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    form = item.get_by_test_id("portal-objection-form")
    form.get_by_label("异议内容（必填）").fill("短")
    form.get_by_test_id("portal-objection-submit").click()
    expect(form.get_by_role("alert")).to_have_text("异议内容至少 5 个字")
    form.get_by_label("异议内容（必填）").fill("该服务商申报的服务案例与实际不符，请核查。")
    with page.expect_response(_is_post(rf"/api/applications/public/publicity/{app_id}/objections$")) as resp:
        form.get_by_test_id("portal-objection-submit").click()
    assert resp.value.status == 201, resp.value.text()
    expect(page.get_by_test_id("portal-objection-filed")).to_contain_text(f"已对“{name}”提出异议")
    expect(item.get_by_test_id("portal-objection-form")).to_have_count(0)

    # 3. the city follows 服务商遴选 to the engine's campaigns of that kind, opens the submission, dismisses it
    page.context.clear_cookies()
    login(page, "city_admin")
    with page.expect_response(
        lambda r: "/api/applications/campaigns" in r.url and "kind=provider" in r.url
    ):
        page.get_by_test_id("menu-provider-selection").click()
    expect(page).to_have_url(re.compile(r"/applications/campaigns\?kind=provider$"))
    campaign_row = page.get_by_test_id("campaign-table").locator("tbody tr", has_text=SELECTION_NAME)
    expect(campaign_row).to_have_count(1)
    expect(page.get_by_test_id("campaign-table")).not_to_contain_text("标杆企业")  # other kinds are not listed
    campaign_row.get_by_role("button", name="查看申报").click()
    page.get_by_test_id(f"submission-open-{app_id}").click()
    expect(page).to_have_url(re.compile(rf"/applications/submissions/{app_id}$"))
    objections = page.get_by_test_id("submission-objections")
    expect(objections).to_contain_text("服务案例与实际不符")
    expect(page.get_by_test_id("finalize")).to_be_disabled()
    objections.get_by_role("button", name="处理").click()
    dialog = page.locator(".el-dialog:visible")
    dialog.get_by_text("异议不成立", exact=True).click()
    fill(dialog, "objection-resolution", "经核查，服务案例材料属实，异议不成立。")
    with page.expect_response(_is_post(r"/api/applications/objections/\d+/handle$")) as resp:
        dialog.get_by_test_id("dialog-submit").click()
    assert resp.value.ok, resp.value.text()
    assert resp.value.json()["status"] == "dismissed"
    expect(page.locator(".el-message--success", has_text="已处理").first).to_be_visible()
    expect(objections).to_contain_text("异议不成立")

    # 4. publicity over (the calendar moved on): the city confirms the result, the provider is then in the pool
    _end_publicity(app_id)
    page.reload()
    finalize = page.get_by_test_id("finalize")
    expect(finalize).to_be_enabled()
    finalize.click()
    with page.expect_response(_is_post(rf"/api/applications/submissions/{app_id}/finalize$")) as resp:
        page.locator(".el-message-box").get_by_role("button", name="确定", exact=True).click()
    assert resp.value.ok, resp.value.text()
    expect(page.get_by_test_id("submission-status")).to_contain_text("已入选")

    page.goto("/providers/pool")
    fill(page, "search-q", name)
    with page.expect_response(_is_get("/api/providers/pool")) as resp:
        page.get_by_test_id("search-submit").click()
    assert resp.value.ok
    pool_row = page.locator("tbody tr", has_text=name)
    expect(pool_row).to_contain_text("在库")
    # the pool drawer links to the submission that admitted it
    pool_row.get_by_role("button", name="详情").click()
    page.get_by_test_id("pool-submission-link").click()
    expect(page).to_have_url(re.compile(rf"/applications/submissions/{app_id}$"))
    expect(page.get_by_test_id("submission-status")).to_contain_text("已入选")

    # and the notice no longer lists it
    page.context.clear_cookies()
    page.goto("/portal/publicity?kind=provider")
    expect(page.get_by_test_id("portal-publicity")).not_to_contain_text(name)


def test_anonymous_visitor_opens_a_product_from_the_catalogue_and_from_search(page: Page):
    page.goto("/portal/products")
    card = page.get_by_test_id("portal-product-card").filter(has_text=DEMO_PRODUCT)
    expect(card).to_have_count(1)
    with page.expect_response(lambda r: "/api/providers/catalogue/" in r.url) as resp:
        card.get_by_role("link", name=DEMO_PRODUCT).click()
    assert resp.value.ok, resp.value.status
    expect(page).to_have_url(re.compile(r"/portal/products/\d+$"))
    product_url = page.url
    detail = page.get_by_test_id("portal-product-detail")
    expect(detail.get_by_role("heading", level=1)).to_contain_text(DEMO_PRODUCT)
    expect(detail.get_by_test_id("portal-product-provider")).to_have_text(DEMO_PROVIDER)
    expect(detail.get_by_test_id("portal-product-xkqz")).to_contain_text("两周内上线")
    expect(detail).to_contain_text("汽车零部件、起重装备")
    expect(detail).to_contain_text("SaaS 云服务")
    prices = detail.get_by_test_id("portal-product-prices")
    expect(prices).to_contain_text("6.8 万元")  # list price 68000
    expect(prices).to_contain_text("优惠 20%，优惠价 5.44 万元")  # 68000 less 20%
    expect(prices).to_contain_text("50%")
    expect(page.get_by_role("heading", name="该服务商的其他产品")).to_be_visible()
    expect(page.get_by_test_id("portal-nav-products")).to_have_attribute("aria-current", "page")
    page.set_viewport_size({"width": 375, "height": 740})  # a phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.set_viewport_size({"width": 1440, "height": 900})

    # the portal's full-text search opens the same detail page
    page.goto("/portal")
    fill(page, "portal-search-input", "智造云")
    page.get_by_test_id("portal-search-submit").click()
    results = page.get_by_test_id("portal-search-results")
    results.locator('a[href^="/portal/products/"]', has_text="智造云").first.click()
    expect(page).to_have_url(product_url)
    expect(page.get_by_test_id("portal-product-detail").get_by_role("heading", level=1)).to_contain_text(DEMO_PRODUCT)

    # an unknown (or unpublished) product: a clear message, not a blank page
    page.goto("/portal/products/999999")
    expect(page.get_by_test_id("portal-product-error")).to_have_text("该产品不存在或已下架")

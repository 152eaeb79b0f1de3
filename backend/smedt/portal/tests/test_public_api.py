"""Public portal (no login): only published items, filters, related items, view counts, home page."""

from __future__ import annotations

import pytest
from django.db import connection

from smedt.core.tests.helpers import assert_error
from smedt.orgs.models import OrgKind, OrgStatus
from smedt.portal.headlines import headlines, register_headline

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_setup")]


def test_public_lists_show_only_published(api, city_admin, make_announcement, make_case, make_need, make_offer):
    pub = make_announcement(title="已发布")
    draft = make_announcement(title="草稿", publish=False)
    c_pub = make_case(title="已发布案例")
    c_draft = make_case(title="草稿案例", publish=False)
    n_pub = make_need(title="已发布需求")
    n_draft = make_need(title="未审需求", publish=False)
    o_pub = make_offer(title="已发布供给")
    o_draft = make_offer(title="未审供给", publish=False)
    for path, shown, hidden in [
        ("announcements", pub, draft),
        ("cases", c_pub, c_draft),
        ("needs", n_pub, n_draft),
        ("offers", o_pub, o_draft),
    ]:
        res = api().get(f"/api/portal/public/{path}")
        assert res.status_code == 200, res.content
        assert [r["id"] for r in res.json()["items"]] == [shown.pk], path
        assert api().get(f"/api/portal/public/{path}/{shown.pk}").status_code == 200
        assert_error(api().get(f"/api/portal/public/{path}/{hidden.pk}"), 404, "not_found")


def test_announcement_filters_and_related(api, make_announcement, county_a_officer):
    p1 = make_announcement(title="政策一", category="policy")
    p2 = make_announcement(title="政策二", category="policy")
    n1 = make_announcement(title="新闻一", category="news")
    county = make_announcement(title="红旗区政策", category="policy", region_code="410702", author=county_a_officer)
    ids = lambda **p: [r["id"] for r in api().get("/api/portal/public/announcements", p).json()["items"]]  # noqa: E731
    assert set(ids(category="policy")) == {p1.pk, p2.pk, county.pk}
    assert ids(category="news") == [n1.pk]
    assert ids(region_code="410702") == [county.pk]
    assert ids(q="红旗") == [county.pk]
    detail = api().get(f"/api/portal/public/announcements/{p1.pk}").json()
    assert {r["id"] for r in detail["related"]} == {p2.pk, county.pk}
    assert detail["body"] == "<p>正文</p>"


def test_case_filters(api, make_case):
    a = make_case(title="汽配", sub_industry="auto_parts", scenario_codes=["S05"])
    b = make_case(title="医疗", sub_industry="medical_devices", scenario_codes=["S01"])
    ids = lambda **p: [r["id"] for r in api().get("/api/portal/public/cases", p).json()["items"]]  # noqa: E731
    assert ids(sub_industry="auto_parts") == [a.pk]
    assert ids(scenario="S01") == [b.pk]
    assert ids(scenario="s05") == [a.pk]
    related = api().get(f"/api/portal/public/cases/{a.pk}").json()["related"]
    assert related == []  # no other auto-parts case


def test_view_count_increments_atomically_per_detail_view(api, make_announcement):
    a = make_announcement()
    for expected in (1, 2, 3):
        assert api().get(f"/api/portal/public/announcements/{a.pk}").json()["view_count"] == expected
    a.refresh_from_db()
    assert a.view_count == 3


def test_view_count_is_a_single_update_statement(api, make_announcement):
    from django.test.utils import CaptureQueriesContext

    a = make_announcement()
    with CaptureQueriesContext(connection) as ctx:
        api().get(f"/api/portal/public/announcements/{a.pk}")
    updates = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"view_count" = ("portal_announcement"."view_count" + 1)' in updates[0]
    assert "title" not in updates[0]


def test_home_blocks_pinned_first_latest_cases_and_real_headlines(
    api, city_admin, make_announcement, make_case, make_org
):
    from smedt.portal.services.announcements import announcement_pin

    old = make_announcement(title="旧政策", category="policy")
    make_announcement(title="新政策", category="policy")
    make_announcement(title="草稿政策", category="policy", publish=False)
    announcement_pin(actor=city_admin, announcement=old, pinned=True)
    make_case(title="案例一")
    make_org(kind=OrgKind.ENTERPRISE)
    make_org(kind=OrgKind.ENTERPRISE, status=OrgStatus.PENDING)
    make_org(kind=OrgKind.PROVIDER)
    res = api().get("/api/portal/public/home")
    assert res.status_code == 200, res.content
    data = res.json()
    assert [c["label"] for c in data["categories"]] == ["政策", "新闻", "供需对接", "场景需求"]
    assert [a["title"] for a in data["categories"][0]["items"]] == ["旧政策", "新政策"]
    assert [c["title"] for c in data["cases"]] == ["案例一"]
    figures = {h["key"]: h["value"] for h in data["headlines"]}
    # an active enterprise account is 入驻企业; 试点企业 counts the pilot library only (none here)
    assert figures == {"pilot_enterprises": 0, "enterprises": 1, "providers": 1, "accepted_projects": 0}
    assert {h["key"]: h["label"] for h in data["headlines"]}["pilot_enterprises"] == "试点企业"


def test_headline_registry_lets_other_apps_replace_a_figure():
    from smedt.portal import headlines as module

    saved = dict(module._REGISTRY)
    try:
        register_headline("accepted_projects", "已验收项目", lambda: 12, order=30)
        assert {h["key"]: h["value"] for h in headlines()}["accepted_projects"] == 12
    finally:
        module._REGISTRY.clear()
        module._REGISTRY.update(saved)


def test_categories_and_scenarios_are_public(api):
    assert [c["label"] for c in api().get("/api/portal/public/categories").json()] == [
        "政策",
        "新闻",
        "供需对接",
        "场景需求",
    ]
    scenarios = api().get("/api/portal/public/scenarios").json()
    assert {"code": "S05", "name": "计划排程"} in scenarios and len(scenarios) == 16


def test_back_office_needs_login(api):
    assert api().get("/api/portal/announcements").status_code == 401
    assert api().post("/api/portal/needs", {}).status_code == 401


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _upload(user, name="cover.png", data=PNG):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from smedt.files.services import attachment_upload

    return attachment_upload(actor=user, upload=SimpleUploadedFile(name, data, content_type="image/png"))


def test_files_of_published_content_are_public_others_are_not(
    api, city_admin, county_a_officer, make_announcement, colleague
):
    cover = _upload(city_admin)
    private = _upload(city_admin, "private.png")
    a = make_announcement(cover_id=cover.pk, publish=False)
    assert_error(api().get(f"/api/portal/public/files/{cover.pk}"), 404, "not_found")
    from smedt.portal.services.announcements import announcement_submit
    from smedt.portal.tests.conftest import approve_review

    announcement_submit(actor=city_admin, announcement=a)
    approve_review(a, colleague("410700"))
    res = api().get(f"/api/portal/public/files/{cover.pk}")
    assert res.status_code == 200
    assert res["Content-Type"] == "image/png" and res["Content-Disposition"].startswith("inline")
    assert b"".join(res.streaming_content) == PNG
    assert_error(api().get(f"/api/portal/public/files/{private.pk}"), 404, "not_found")
    # an editor cannot link someone else's upload into content
    res = api(county_a_officer).post(
        "/api/portal/announcements",
        {"category": "news", "title": "t", "region_code": "410702", "cover_id": str(private.pk)},
    )
    assert_error(res, 422, "portal.invalid_attachment")
    listed = api().get("/api/portal/public/announcements").json()["items"][0]
    assert listed["cover"]["id"] == str(cover.pk)


def test_reference_load_is_idempotent_and_keeps_admin_edits():
    from smedt.dicts.models import DictItem
    from smedt.portal.reference import portal_reference_load

    assert portal_reference_load() == 0  # portal_setup loaded it already
    DictItem.objects.filter(dict_type__code="portal_category", value="news").update(label="工作动态")
    assert portal_reference_load() == 0
    assert DictItem.objects.get(dict_type__code="portal_category", value="news").label == "工作动态"

"""Pilot library: filters, export (own permission), disable/enable, archive zip; recruitment posts."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import PDF_BYTES, assert_error, upload
from smedt.enterprises.services.pilot import pilot_can_start_project
from smedt.enterprises.tests.factories import make_pilot, make_pilot_campaign, make_submission
from smedt.exports.testing import export_start, export_xlsx

pytestmark = pytest.mark.django_db


def test_filters_and_scope(api, enterprise_a, enterprise_b, city_admin, county_b_officer, enterprise_b_user):
    make_pilot(enterprise_a, sub_industry="auto_parts")
    make_pilot(enterprise_b, sub_industry="lifting_equipment", status="disabled")
    names = lambda user, **p: {r["org_name"] for r in api(user).get("/api/enterprises/pilots", p).json()["items"]}  # noqa: E731
    assert names(city_admin) == {"红旗测试企业", "长垣测试企业"}
    assert names(city_admin, region_code="410702") == {"红旗测试企业"}
    assert names(city_admin, sub_industry="lifting_equipment") == {"长垣测试企业"}
    assert names(city_admin, status="active") == {"红旗测试企业"}
    assert names(city_admin, level=3) == set()
    assert names(county_b_officer) == {"长垣测试企业"}
    assert names(enterprise_b_user) == {"长垣测试企业"}


def test_export_all_matching_rows_needs_its_own_permission(
    api, enterprise_a, enterprise_b, city_admin, county_b_officer, enterprise_a_user
):
    make_pilot(enterprise_a)
    make_pilot(enterprise_b)
    rows = export_xlsx(api(city_admin), "pilots", {"page_size": 1})
    assert rows[0][0] == "企业名称" and len(rows) == 3  # header + all rows, not one page
    assert rows[1][rows[0].index("细分行业")] == "汽车零部件"  # the dictionary label, not the code
    rows = export_xlsx(api(county_b_officer), "pilots")
    assert [r[0] for r in rows[1:]] == ["长垣测试企业"]
    assert_error(export_start(api(enterprise_a_user), "pilots"), 403, "permission_denied")


def test_disable_and_enable_with_reason(api, enterprise_a, city_admin, county_a_officer, enterprise_a_user):
    pilot = make_pilot(enterprise_a)
    assert_error(
        api(county_a_officer).post(f"/api/enterprises/pilots/{pilot.pk}/disable", {"reason": "违规"}), 404, "not_found"
    )
    assert_error(
        api(city_admin).post(f"/api/enterprises/pilots/{pilot.pk}/disable", {"reason": ""}), 422, "validation_error"
    )
    res = api(city_admin).post(f"/api/enterprises/pilots/{pilot.pk}/disable", {"reason": "未按期开展改造"})
    assert res.status_code == 200 and res.json()["status"] == "disabled"
    assert not pilot_can_start_project(enterprise_a.pk)
    assert_error(
        api(city_admin).post(f"/api/enterprises/pilots/{pilot.pk}/disable", {"reason": "再次"}),
        409,
        "invalid_transition",
    )
    assert (
        api(city_admin).post(f"/api/enterprises/pilots/{pilot.pk}/enable", {"reason": "整改完成"}).json()["status"]
        == "active"
    )
    assert pilot_can_start_project(enterprise_a.pk)
    assert AuditRecord.objects.filter(action__in=["enterprises.pilot_disable", "enterprises.pilot_enable"]).count() == 2
    assert not pilot_can_start_project(999999)


def test_archive_zip_has_a_chinese_pdf_and_four_parts(
    api, enterprise_a, enterprise_a_user, city_admin, county_b_officer
):
    att = upload(api(enterprise_a_user), "实施方案.pdf", PDF_BYTES).json()["id"]
    api(enterprise_a_user).patch(f"/api/enterprises/profiles/{enterprise_a.pk}", {"legal_representative": "张三"})
    campaign = make_pilot_campaign(city_admin)
    sub = make_submission(enterprise_a, campaign, status="approved", data={"plan": [att]})
    pilot = make_pilot(enterprise_a)
    pilot.submission, pilot.campaign = sub, campaign
    pilot.save()
    res = api(city_admin).get(f"/api/enterprises/pilots/{pilot.pk}/archive")
    assert res.status_code == 200 and res["Content-Type"] == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(res.content))
    names = set(zf.namelist())
    assert {
        "档案摘要.pdf",
        "01-基本信息/实施方案.pdf",
        "02-项目情况/暂无.txt",
        "03-改造成效/暂无.txt",
        "04-资金拨付/暂无.txt",
    } <= names
    # the basic part is filled from the 一企一档 facts, not left as 暂无 (issue 11)
    assert "01-基本信息/暂无.txt" not in names
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(zf.read("01-基本信息/基本信息.xlsx"))).worksheets[0]
    basic = {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert basic["企业名称"] == "红旗测试企业" and basic["统一社会信用代码"] == enterprise_a.credit_code
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(zf.read("档案摘要.pdf"))).pages)
    for expected in (
        "试点企业档案",
        "红旗测试企业",
        "基本信息",
        "项目情况",
        "改造成效",
        "资金拨付",
        "暂无",
        "张三",
        "汽车零部件",
    ):
        assert expected in text, expected
    assert_error(api(county_b_officer).get(f"/api/enterprises/pilots/{pilot.pk}/archive"), 404, "not_found")


def _post(**kw):
    return {
        "title": "招聘数字化工程师",
        "positions": [{"name": "MES 实施工程师", "count": 2}],
        "requirements": "本科以上",
        "contact_name": "李女士",
        "contact_phone": "0373-5551234",
        "valid_until": (timezone.localdate() + timedelta(days=30)).isoformat(),
        **kw,
    }


def test_recruitment_post_review_and_public_list(api, enterprise_a, enterprise_a_user, enterprise_b_user, city_admin):
    assert_error(api(enterprise_a_user).post("/api/enterprises/recruitment", _post()), 409, "enterprises.not_a_pilot")
    make_pilot(enterprise_a)
    res = api(enterprise_a_user).post("/api/enterprises/recruitment", _post())
    assert res.status_code == 201, res.json()
    post_id = res.json()["id"]
    review_id = api(enterprise_a_user).post(f"/api/enterprises/recruitment/{post_id}/submit").json()
    assert review_id["status"] == "reviewing"
    assert api().get("/api/enterprises/recruitment/public").json()["total"] == 0
    from smedt.enterprises.models import RecruitmentPost

    rid = RecruitmentPost.objects.get().review_id
    assert api(city_admin).post(f"/api/reviews/{rid}/approve", {"opinion": ""}).status_code == 200
    public = api().get("/api/enterprises/recruitment/public").json()
    assert public["total"] == 1 and public["items"][0]["org_name"] == "红旗测试企业"
    # expired posts leave the public list
    RecruitmentPost.objects.update(valid_until=timezone.localdate() - timedelta(days=1))
    assert api().get("/api/enterprises/recruitment/public").json()["total"] == 0
    assert_error(api(enterprise_b_user).post(f"/api/enterprises/recruitment/{post_id}/withdraw"), 404, "not_found")


def test_recruitment_validation(api, enterprise_a, enterprise_a_user):
    make_pilot(enterprise_a)
    res = api(enterprise_a_user).post("/api/enterprises/recruitment", _post(contact_phone="abc", positions=[]))
    assert_error(res, 422, "enterprises.invalid_field")

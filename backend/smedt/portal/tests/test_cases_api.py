"""Typical cases: structured fields, consent before publishing, scope, the hook for projects."""

from __future__ import annotations

from decimal import Decimal

import pytest

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error, field_message
from smedt.portal import workflow as wf
from smedt.portal.models import SearchDocument, TypicalCase
from smedt.portal.services.cases import case_create_from_project

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portal_setup")]


def _payload(**kw):
    return {
        "title": "某汽车零部件企业数字化改造",
        "region_code": "410702",
        "enterprise_name": "红旗测试企业",
        "sub_industry": "auto_parts",
        "scenario_codes": ["s05", "S07"],
        "provider_name": "测试服务商",
        "product_name": "轻量化MES",
        "investment": "1250000.50",
        "level_before": 1,
        "level_after": 3,
        "efficiency": [{"name": "设备综合效率", "before": "62.5", "after": "78", "unit": "%"}],
        "story": "<p>改造过程<img src=x onerror=alert(1)></p>",
        **kw,
    }


def test_create_structured_case_then_consent_then_publish(api, county_a_officer, enterprise_a):
    res = api(county_a_officer).post("/api/portal/cases", _payload(enterprise_id=enterprise_a.pk))
    assert res.status_code == 201, res.content
    data = res.json()
    assert data["scenarios"] == [
        {"code": "S05", "name": "计划排程"},
        {"code": "S07", "name": data["scenarios"][1]["name"]},
    ]
    assert Decimal(data["investment"]) == Decimal("1250000.50")
    assert data["efficiency"] == [{"name": "设备综合效率", "before": "62.5", "after": "78", "unit": "%"}]
    assert data["story"] == '<p>改造过程<img src="x"></p>'
    assert data["enterprise_id"] == enterprise_a.pk
    case_id = data["id"]

    body = assert_error(
        api(county_a_officer).post(f"/api/portal/cases/{case_id}/publish"), 409, "portal.consent_required"
    )
    assert "同意" in body["message"]
    res = api(county_a_officer).post(
        f"/api/portal/cases/{case_id}/consent", {"person": "李总（总经理）", "note": "书面同意书已存档"}
    )
    assert res.status_code == 200 and res.json()["consent_at"]
    c = TypicalCase.objects.get(pk=case_id)
    assert c.consent_recorded_by_id == county_a_officer.pk and c.consent_person == "李总（总经理）"
    res = api(county_a_officer).post(f"/api/portal/cases/{case_id}/publish")
    assert res.status_code == 200 and res.json()["status"] == wf.PUBLISHED
    assert SearchDocument.objects.filter(kind="case", object_id=case_id).exists()
    assert set(
        AuditRecord.objects.filter(target_id=str(case_id), target_type="portal.typicalcase").values_list(
            "action", flat=True
        )
    ) >= {
        "portal.case_create",
        "portal.case_consent_record",
        "portal.case_publish",
    }
    assert api().get(f"/api/portal/public/cases/{case_id}").status_code == 200


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"scenario_codes": ["S99"]}, "portal.invalid_scenario", "scenario_codes"),
        ({"sub_industry": "shipbuilding"}, "portal.invalid_sub_industry", "sub_industry"),
        ({"level_after": 7}, "portal.invalid_level", "level_after"),
        ({"investment": "-1"}, "portal.invalid_budget", "investment"),
        ({"enterprise_name": "", "enterprise_id": None}, "portal.enterprise_required", "enterprise_name"),
    ],
)
def test_bad_case_input_is_422_and_nothing_written(api, county_a_officer, change, code, field):
    res = api(county_a_officer).post("/api/portal/cases", _payload(**change))
    assert_error(res, 422, code)
    field_message(res, field)
    assert TypicalCase.objects.count() == 0


def test_enterprise_fk_must_be_an_enterprise(api, county_a_officer, provider_org):
    assert_error(
        api(county_a_officer).post("/api/portal/cases", _payload(enterprise_id=provider_org.pk)),
        422,
        "portal.invalid_org",
    )


def test_case_scope(api, county_a_officer, county_b_officer, enterprise_a_user):
    case_id = api(county_a_officer).post("/api/portal/cases", _payload()).json()["id"]
    assert_error(api(county_b_officer).get(f"/api/portal/cases/{case_id}"), 404, "not_found")
    assert_error(api(county_b_officer).post(f"/api/portal/cases/{case_id}/consent", {"person": "x"}), 404, "not_found")
    assert_error(api(county_b_officer).post("/api/portal/cases", _payload()), 403, "permission_denied")
    assert_error(api(enterprise_a_user).post("/api/portal/cases", _payload()), 403, "permission_denied")
    assert api(county_b_officer).get("/api/portal/cases").json()["items"] == []


def test_published_case_must_be_withdrawn_before_editing(api, county_a_officer, make_case):
    c = make_case(region_code="410702")
    assert_error(api(county_a_officer).patch(f"/api/portal/cases/{c.pk}", {"title": "x"}), 409, "portal.not_editable")
    api(county_a_officer).post(f"/api/portal/cases/{c.pk}/withdraw")
    assert not SearchDocument.objects.filter(kind="case", object_id=c.pk).exists()
    res = api(county_a_officer).patch(f"/api/portal/cases/{c.pk}", {"title": "修改后"})
    assert res.status_code == 200 and res.json()["title"] == "修改后"


def test_case_from_project_hook_prefills_a_draft_once(city_admin, enterprise_a, provider_org):
    from smedt.core.errors import Conflict

    c = case_create_from_project(
        actor=city_admin,
        project_id=42,
        region_code="410702",
        title="项目验收案例",
        enterprise_id=enterprise_a.pk,
        provider_id=provider_org.pk,
        scenario_codes=["S05"],
        investment=Decimal("300000"),
        level_before=1,
        level_after=2,
        efficiency=[{"name": "交付周期", "before": 30, "after": 21, "unit": "天"}],
    )
    assert c.status == wf.DRAFT and c.source_project_id == 42
    assert c.enterprise_name == "红旗测试企业" and c.provider_name == "测试服务商"
    assert c.efficiency == [{"name": "交付周期", "before": "30", "after": "21", "unit": "天"}]
    with pytest.raises(Conflict):
        case_create_from_project(
            actor=city_admin, project_id=42, region_code="410702", title="重复", enterprise_id=enterprise_a.pk
        )
    assert TypicalCase.objects.filter(source_project_id=42).count() == 1

"""一企一档 through the API: provenance per field, size class from figures, scope."""

from __future__ import annotations

import pytest

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import PDF_BYTES, assert_error, field_message, upload
from smedt.enterprises.models import EnterpriseProfile, FactRecord

pytestmark = pytest.mark.django_db


def fields_of(body, year=None):
    rows = body["fields"] if year is None else next(f for f in body["figures"] if f["year"] == year)["fields"]
    return {f["key"]: f for f in rows}


def test_enterprise_declares_and_county_confirms_with_evidence(api, enterprise_a, enterprise_a_user, county_a_officer):
    client = api(enterprise_a_user)
    res = client.patch(
        f"/api/enterprises/profiles/{enterprise_a.pk}",
        {
            "registered_capital": "500",
            "industry_code": "c3670",
            "sub_industries": ["auto_parts"],
            "legal_representative": "张三",
            "contact_phone": "13912345678",
        },
    )
    assert res.status_code == 200, res.json()
    fields = fields_of(res.json())
    assert fields["registered_capital"]["value"] == "500.00"
    assert fields["industry_code"]["value"] == "C3670"
    assert fields["registered_capital"]["provenance"]["source"] == "self_declared"
    assert fields["registered_capital"]["provenance"]["source_label"] == "企业自报"
    assert fields["contact_phone"]["value"] == "139****5678"  # masked
    assert FactRecord.objects.get(field="contact_phone").value == "139****5678"  # no plaintext in the fact history

    att = upload(api(county_a_officer), "营业执照.pdf", PDF_BYTES).json()["id"]
    res = api(county_a_officer).post(
        f"/api/enterprises/profiles/{enterprise_a.pk}/confirm", {"fields": ["registered_capital"], "evidence_id": att}
    )
    assert res.status_code == 200, res.json()
    prov = fields_of(res.json())["registered_capital"]["provenance"]
    assert prov["source"] == "reviewer_confirmed" and prov["evidence"]["name"] == "营业执照.pdf"
    assert prov["recorded_by"] == "county_a_officer"
    # history is kept: the self-declared fact is still there, no longer current
    assert FactRecord.objects.filter(field="registered_capital").count() == 2
    assert AuditRecord.objects.filter(action="enterprises.facts_confirm").count() == 1


def test_yearly_figures_compute_the_size_class_with_its_version(api, enterprise_a, enterprise_a_user):
    client = api(enterprise_a_user)
    client.patch(f"/api/enterprises/profiles/{enterprise_a.pk}", {"industry_code": "C3670"})
    res = client.put(
        f"/api/enterprises/profiles/{enterprise_a.pk}/figures/2025",
        {"operating_revenue": "2000", "employees": 300, "rd_staff": 30},
    )
    assert res.status_code == 200, res.json()
    fig = res.json()["figures"][0]
    assert (fig["size_class"], fig["size_label"], fig["size_version"]) == ("medium", "中型", "GXB-2011-300")
    assert fields_of(res.json(), 2025)["employees"]["provenance"]["source"] == "self_declared"
    res = client.put(f"/api/enterprises/profiles/{enterprise_a.pk}/figures/2025", {"employees": 299})
    assert res.json()["figures"][0]["size_class"] == "small"
    # the list shows the latest size class
    rows = client.get("/api/enterprises/profiles").json()["items"]
    assert rows[0]["size_class"] == "small" and rows[0]["latest_year"] == 2025


def test_bad_figures_are_refused_in_chinese_and_nothing_written(api, enterprise_a, enterprise_a_user):
    client = api(enterprise_a_user)
    res = client.put(f"/api/enterprises/profiles/{enterprise_a.pk}/figures/2025", {"employees": 10, "rd_staff": 11})
    assert_error(res, 422, "enterprises.invalid_field")
    assert "研发人员" in field_message(res, "rd_staff")
    res = client.put(f"/api/enterprises/profiles/{enterprise_a.pk}/figures/1990", {"employees": 10})
    assert "年度" in field_message(res, "year")
    res = client.put(f"/api/enterprises/profiles/{enterprise_a.pk}/figures/2025", {"operating_revenue": "-5"})
    assert "不能为负数" in field_message(res, "operating_revenue")
    res = client.patch(f"/api/enterprises/profiles/{enterprise_a.pk}", {"sub_industries": ["nonsense"]})
    assert "字典" in field_message(res, "sub_industries")
    assert not FactRecord.objects.exists()
    assert not EnterpriseProfile.objects.exists()  # not even an empty record is left behind


def test_enterprise_b_cannot_read_or_write_a(
    api, enterprise_a, enterprise_a_user, enterprise_b_user, county_b_officer, provider_user
):
    api(enterprise_a_user).patch(f"/api/enterprises/profiles/{enterprise_a.pk}", {"legal_representative": "张三"})
    for user in (enterprise_b_user, county_b_officer, provider_user):
        assert_error(api(user).get(f"/api/enterprises/profiles/{enterprise_a.pk}"), 404, "not_found")
        assert_error(
            api(user).patch(f"/api/enterprises/profiles/{enterprise_a.pk}", {"legal_representative": "李四"}),
            404,
            "not_found",
        )
    assert EnterpriseProfile.objects.get().legal_representative == "张三"
    assert {r["name"] for r in api(county_b_officer).get("/api/enterprises/profiles").json()["items"]} == set()


def test_county_edit_is_recorded_as_reviewer_confirmed(api, enterprise_a, county_a_officer):
    res = api(county_a_officer).patch(f"/api/enterprises/profiles/{enterprise_a.pk}", {"legal_representative": "王五"})
    assert res.status_code == 200
    assert fields_of(res.json())["legal_representative"]["provenance"]["source"] == "reviewer_confirmed"

from __future__ import annotations

from smedt.orgs.models import Organization


def test_registration_verified_by_county(api, reference, county_a_officer, county_b_officer, django_capture_on_commit_callbacks):
    anon = api()
    res = anon.post("/api/orgs/register", {
        "org_name": "红旗新注册企业", "credit_code": "91410702MA0000100X", "kind": "enterprise",
        "region_code": "410702", "contact_name": "王", "contact_phone": "13811112222",
        "username": "newco", "password": "Newco@2026pass",
    })
    print(res.json())

"""Review materials: every process provides them; only who sees the item sees its materials."""

from __future__ import annotations

import pytest

from smedt.core.tests.helpers import solve_captcha
from smedt.orgs.credit_code import make_valid
from smedt.reviews.materials import registered_process_keys
from smedt.reviews.models import ReviewRequest
from smedt.reviews.processes import all_processes

pytestmark = pytest.mark.django_db


def test_every_review_process_has_a_materials_provider():
    missing = {p.key for p in all_processes()} - set(registered_process_keys())
    assert not missing, f"review processes without materials: {missing}"


def register(api, *, region="410702", code=None):
    payload = {
        "org_name": "红旗新注册企业",
        "credit_code": code or make_valid("91410702MA0000100"),
        "kind": "enterprise",
        "region_code": region,
        "contact_name": "王",
        "contact_phone": "13811112222",
        "username": "newco",
        "password": "Qiye@2026pass",
    }
    client = api()
    payload |= {"captcha_id": solve_captcha(client), "captcha_answer": "ABCD"}
    res = client.post("/api/orgs/register", payload)
    assert res.status_code == 201, res.json()
    return ReviewRequest.objects.get(object_id=str(res.json()["org_id"]))


def test_county_reviewer_reads_the_registration_form_with_checks_and_history(api, reference, county_a_officer):
    # a credit code registered in 长垣 (410783) while the applicant chose 红旗区
    review = register(api, code=make_valid("91410783MA0000100"))
    res = api(county_a_officer).get(f"/api/reviews/{review.pk}/materials")
    assert res.status_code == 200, res.json()
    body = res.json()
    form = {f["label"]: f["value"] for f in body["sections"][0]["fields"]}
    assert form["单位名称"] == "红旗新注册企业"
    assert form["单位类型"] == "企业"
    assert form["联系电话"] != "13811112222"  # masked
    assert any("410783" in f["message"] and f["level"] == "warning" for f in body["findings"])
    assert body["history"][0]["current"] is True
    assert [a["action"] for a in body["history"][0]["actions"]] == ["submit"]


def test_county_b_cannot_fetch_county_a_materials(api, reference, county_a_officer, county_b_officer, outsider):
    review = register(api)
    for user in (county_b_officer, outsider):
        res = api(user).get(f"/api/reviews/{review.pk}/materials")
        assert res.status_code == 404 and res.json()["code"] == "not_found"
    assert api(county_a_officer).get(f"/api/reviews/{review.pk}/materials").status_code == 200


def test_materials_of_every_demo_review_item(reference, monkeypatch):
    """The demo data's review items (every kind the demo raises) all render their materials."""
    from django.core.management import call_command

    from smedt.reviews.materials import materials_out

    monkeypatch.setenv("SMEDT_DEMO_PASSWORD", "Demo@2026smedt-test")
    call_command("load_demo", "--quiet-accounts")
    reviews = list(ReviewRequest.objects.all())
    assert reviews
    for review in reviews:
        out = materials_out(review)
        assert out["sections"], review.process_key
        assert out["history"] and any(h["current"] for h in out["history"])

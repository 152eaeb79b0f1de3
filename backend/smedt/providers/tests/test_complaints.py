"""Complaints about providers: an enterprise files, the city or the provider's county decides; scope and counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error
from smedt.notify.models import Message
from smedt.providers.models import ProviderComplaint

pytestmark = pytest.mark.django_db
COUNTY_A = "410702"


@pytest.fixture
def provider_a(make_org):
    """A provider registered in county A (红旗区), so county A's officer may handle complaints about it."""
    return make_org(COUNTY_A, kind="provider", name="红旗服务商")


@pytest.fixture
def provider_a_user(make_user, provider_a):
    return make_user("provider_a_user", "provider_user", org=provider_a)


def project_between(enterprise, provider):
    from smedt.projects.models import Project

    return Project.objects.create(
        kind="diagnosis",
        title="诊断项目",
        enterprise=enterprise,
        provider=provider,
        region=enterprise.region,
        amount=Decimal(1000),
        status="diagnosing",
    )


def file(api, user, provider, **extra):
    body = {
        "provider_id": provider.pk,
        "title": "实施延期",
        "content": "合同约定的上线时间已延误两个月未交付。",
        **extra,
    }
    return api(user).post("/api/providers/complaints", body)


def test_enterprise_files_and_county_of_the_provider_upholds(
    api, enterprise_a, enterprise_a_user, provider_a, provider_a_user, county_a_officer, county_b_officer
):
    project = project_between(enterprise_a, provider_a)
    opts = api(enterprise_a_user).get("/api/providers/complaints/options").json()
    assert {"id": project.pk, "title": "诊断项目", "provider_id": provider_a.pk} in opts["projects"]
    assert provider_a.pk in [p["id"] for p in opts["providers"]]
    res = file(api, enterprise_a_user, provider_a, project_id=project.pk)
    assert res.status_code == 201, res.content
    body = res.json()
    assert (body["status"], body["project_title"], body["my_actions"]) == ("pending", "诊断项目", [])
    cid = body["id"]
    assert Message.objects.filter(title__contains="收到企业投诉").exists()
    # the provider sees it; county A may handle it, county B neither sees nor handles it
    assert api(provider_a_user).get("/api/providers/complaints").json()["total"] == 1
    assert api(provider_a_user).get(f"/api/providers/complaints/{cid}").json()["my_actions"] == []
    assert api(county_a_officer).get(f"/api/providers/complaints/{cid}").json()["my_actions"] == ["handle"]
    assert_error(api(county_b_officer).get(f"/api/providers/complaints/{cid}"), 404, "not_found")
    assert_error(
        api(county_b_officer).post(f"/api/providers/complaints/{cid}/handle", {"upheld": True, "opinion": "属实"}),
        404,
        "not_found",
    )
    assert_error(
        api(provider_a_user).post(f"/api/providers/complaints/{cid}/handle", {"upheld": False, "opinion": "不属实"}),
        403,
        "permission_denied",
    )
    assert_error(
        api(county_a_officer).post(f"/api/providers/complaints/{cid}/handle", {"upheld": True, "opinion": " "}),
        422,
        "providers.invalid_field",
    )
    res = api(county_a_officer).post(
        f"/api/providers/complaints/{cid}/handle", {"upheld": True, "opinion": "经核查属实，责令整改"}
    )
    assert res.status_code == 200, res.content
    assert (res.json()["status"], res.json()["status_label"]) == ("upheld", "投诉成立")
    assert Message.objects.filter(title="投诉处理结果：投诉成立").count() >= 2  # enterprise and provider
    assert AuditRecord.objects.filter(action="providers.complaint_handle").exists()
    assert_error(
        api(county_a_officer).post(f"/api/providers/complaints/{cid}/handle", {"upheld": False, "opinion": "再议"}),
        409,
        "providers.complaint_handled",
    )


def test_city_dismisses_and_the_scorecard_counts_only_upheld_ones(
    api, enterprise_a, enterprise_a_user, provider_a, city_admin
):
    from django.utils import timezone

    from smedt.providers.models import ProviderPoolMember

    ProviderPoolMember.objects.create(org=provider_a, region=provider_a.region, provider_type="integrator")
    c1 = file(api, enterprise_a_user, provider_a).json()["id"]
    c2 = file(api, enterprise_a_user, provider_a, title="态度问题").json()["id"]
    api(city_admin).post(f"/api/providers/complaints/{c1}/handle", {"upheld": True, "opinion": "属实"})
    api(city_admin).post(f"/api/providers/complaints/{c2}/handle", {"upheld": False, "opinion": "不属实"})
    year = timezone.localdate().year
    res = api(city_admin).post("/api/providers/ratings/compute", {"year": year, "org_id": provider_a.pk})
    assert res.status_code == 200, res.content
    row = api(city_admin).get("/api/providers/ratings", {"org_id": provider_a.pk}).json()["items"][0]
    comp = next(d for d in row["dimensions"] if d["key"] == "complaints")
    assert comp["score"] == "80.00"
    assert comp["evidence"] == {"upheld": 1, "dismissed": 1, "pending": 0, "projects": 0, "penalty_per_upheld": 20}


def test_filing_is_validated_and_scoped(
    api, enterprise_a, enterprise_a_user, enterprise_b, enterprise_b_user, provider_a, provider_a_user, make_org
):
    other_project = project_between(enterprise_b, provider_a)
    assert_error(file(api, enterprise_a_user, provider_a, project_id=other_project.pk), 422, "providers.invalid_field")
    assert_error(file(api, enterprise_a_user, enterprise_b), 422, "providers.invalid_field")  # not a provider
    assert_error(file(api, enterprise_a_user, provider_a, content="太短"), 422, "providers.invalid_field")
    assert_error(file(api, provider_a_user, provider_a), 403, "permission_denied")  # providers do not file
    assert_error(file(api, enterprise_a_user, provider_a, enterprise_id=enterprise_b.pk), 403, "permission_denied")
    assert ProviderComplaint.objects.count() == 0
    cid = file(api, enterprise_a_user, provider_a).json()["id"]
    # enterprise B and another provider see none of it
    assert api(enterprise_b_user).get("/api/providers/complaints").json()["total"] == 0
    assert_error(api(enterprise_b_user).get(f"/api/providers/complaints/{cid}"), 404, "not_found")
    from smedt.accounts.models import User
    from smedt.rbac.models import Role, RoleAssignment

    other = User.objects.create_user(username="other_provider_user", password="Test@2026pass")
    RoleAssignment.objects.create(
        user=other, role=Role.objects.get(code="provider_user"), org=make_org(COUNTY_A, kind="provider")
    )
    assert api(other).get("/api/providers/complaints").json()["total"] == 0
    assert api(enterprise_a_user).get("/api/providers/complaints", {"status": "pending"}).json()["total"] == 1
    assert api(enterprise_a_user).get("/api/providers/complaints", {"status": "upheld"}).json()["total"] == 0


def test_complaint_list_query_count_is_pinned(api, city_admin, make_org):
    def fill(n):
        for _ in range(n):
            ent = make_org(COUNTY_A)
            prov = make_org(COUNTY_A, kind="provider")
            ProviderComplaint.objects.create(enterprise=ent, provider=prov, title="投诉", content="内容" * 6)

    def count():
        client = api(city_admin)
        with CaptureQueriesContext(connection) as ctx:
            res = client.get("/api/providers/complaints", {"page_size": 50})
        assert res.status_code == 200
        return len(ctx.captured_queries), res.json()["total"]

    fill(1)
    one, t1 = count()
    fill(20)
    many, t21 = count()
    assert (t1, t21) == (1, 21)
    assert one == many == 9, (one, many)

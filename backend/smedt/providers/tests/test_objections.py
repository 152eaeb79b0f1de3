"""服务商入库公示异议: anyone signed in objects during publicity, the city over the provider's region handles it;
upheld → the application is not admitted, dismissed → it goes on; entry to the pool waits for open objections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error
from smedt.notify.models import Message
from smedt.providers.models import ProviderApplication, ProviderObjection, ProviderPoolMember
from smedt.providers.tests.test_providers import make_batch

pytestmark = pytest.mark.django_db


def on_publicity(org, *, days: float = 3) -> ProviderApplication:
    return ProviderApplication.objects.create(
        batch=make_batch(),
        org=org,
        region=org.region,
        provider_type="integrator",
        sub_industries=["auto_parts"],
        status="publicity",
        publicity_ends_at=timezone.now() + timedelta(days=days),
    )


def end_publicity(app: ProviderApplication) -> None:
    ProviderApplication.objects.filter(pk=app.pk).update(publicity_ends_at=timezone.now() - timedelta(seconds=1))


def file(api, user, app, content="该服务商案例材料不实，请核查"):
    return api(user).post(f"/api/providers/publicity/{app.pk}/objections", {"content": content})


def test_dismissed_objection_lets_the_provider_enter_the_pool(api, provider_org, provider_user, city_admin, outsider):
    app = on_publicity(provider_org)
    # a public notice: listed for everyone, anonymous included; objecting needs a login
    rows = api(outsider).get("/api/providers/publicity").json()["items"]
    assert [r["id"] for r in rows] == [app.pk] and rows[0]["org_name"] == "测试服务商"
    assert [r["id"] for r in api().get("/api/providers/publicity").json()["items"]] == [app.pk]
    assert_error(file(api, None, app), 401, "not_authenticated")
    res = file(api, outsider, app)
    assert res.status_code == 201, res.json()
    assert res.json()["status"] == "open" and res.json()["status_label"] == "待处理"
    oid = res.json()["id"]
    # entry waits for the end of publicity, then for the open objection
    assert_error(
        api(city_admin).post(f"/api/providers/applications/{app.pk}/finalize"), 409, "providers.publicity_not_over"
    )
    end_publicity(app)
    assert_error(
        api(city_admin).post(f"/api/providers/applications/{app.pk}/finalize"), 409, "providers.open_objections"
    )
    detail = api(city_admin).get(f"/api/providers/applications/{app.pk}").json()
    assert "finalize" not in detail["allowed_actions"]
    # the city dismisses it; the filer hears back; the application may now enter the pool
    res = api(city_admin).post(
        f"/api/providers/objections/{oid}/handle", {"upheld": False, "resolution": "经核查材料属实"}
    )
    assert res.status_code == 200 and res.json()["status"] == "dismissed", res.json()
    assert_error(
        api(city_admin).post(f"/api/providers/objections/{oid}/handle", {"upheld": True, "resolution": "再议"}),
        409,
        "providers.objection_handled",
    )
    assert Message.objects.filter(recipient=outsider, title="您提出的公示异议已处理：异议不成立").exists()
    assert api(city_admin).get(f"/api/providers/applications/{app.pk}").json()["allowed_actions"] == ["finalize"]
    res = api(city_admin).post(f"/api/providers/applications/{app.pk}/finalize")
    assert res.status_code == 200 and res.json()["status"] == "active"
    assert set(AuditRecord.objects.values_list("action", flat=True)) >= {
        "providers.objection_file",
        "providers.objection_handle",
        "providers.application_finalize",
    }


def test_upheld_objection_keeps_the_provider_out(api, provider_org, provider_user, city_admin, outsider):
    app = on_publicity(provider_org)
    first = file(api, outsider, app).json()["id"]
    second = file(api, provider_user, app, "同一事项的再次异议内容").json()["id"]
    res = api(city_admin).post(
        f"/api/providers/objections/{first}/handle", {"upheld": True, "resolution": "案例材料经核查不实"}
    )
    assert res.status_code == 200 and res.json()["status"] == "upheld"
    app.refresh_from_db()
    assert app.status == "rejected" and app.decided_at is not None
    assert Message.objects.filter(recipient=provider_user, title="服务商入库申请未通过（公示异议成立）").exists()
    assert AuditRecord.objects.filter(action="providers.application_revoke", target_id=str(app.pk)).exists()
    # a second objection on the revoked application is still decided, without a second revocation
    res = api(city_admin).post(f"/api/providers/objections/{second}/handle", {"upheld": True, "resolution": "同上"})
    assert res.status_code == 200 and res.json()["status"] == "upheld"
    assert AuditRecord.objects.filter(action="providers.application_revoke").count() == 1
    # no entry, no more objections, gone from the publicity list
    end_publicity(app)
    assert_error(api(city_admin).post(f"/api/providers/applications/{app.pk}/finalize"), 409, "invalid_transition")
    assert_error(file(api, outsider, app), 404, "not_found")
    assert api(outsider).get("/api/providers/publicity").json()["total"] == 0
    assert not ProviderPoolMember.objects.exists()


def test_objection_filing_rules(api, provider_org, outsider):
    app = on_publicity(provider_org)
    assert_error(file(api, outsider, app, "差"), 422, "providers.invalid_field")
    res = api(outsider).post(
        f"/api/providers/publicity/{app.pk}/objections", {"content": "材料不实请核查", "evidence_id": "not-a-uuid"}
    )
    assert_error(res, 422, "providers.invalid_field")
    end_publicity(app)
    assert_error(file(api, outsider, app), 409, "providers.not_in_publicity")
    draft = ProviderApplication.objects.create(
        batch=app.batch, org=provider_org, region=provider_org.region, provider_type="integrator", status="rejected"
    )
    assert_error(file(api, outsider, draft), 404, "not_found")
    assert ProviderObjection.objects.count() == 0


def test_only_the_city_over_the_region_handles_objections(
    api, provider_org, provider_user, city_admin, county_a_officer, county_b_officer, outsider, make_user, make_org
):
    app = on_publicity(provider_org)
    oid = file(api, outsider, app).json()["id"]
    # a manage_pool holder over another county, other providers, county officers: neither see nor handle it
    elsewhere = make_user(None, "city_admin", region="410783")
    other_provider = make_user(None, "provider_user", org=make_org("410702", kind="provider"))
    for user in (elsewhere, other_provider, provider_user, county_a_officer, county_b_officer, outsider):
        assert api(user).get("/api/providers/objections").json()["total"] == 0
        assert_error(
            api(user).post(f"/api/providers/objections/{oid}/handle", {"upheld": True, "resolution": "越权处理"}),
            404,
            "not_found",
        )
    rows = api(city_admin).get("/api/providers/objections", {"status": "open"}).json()["items"]
    assert [(r["id"], r["application_id"], r["org_name"]) for r in rows] == [(oid, app.pk, "测试服务商")]
    assert_error(
        api(city_admin).post(f"/api/providers/objections/{oid}/handle", {"upheld": False, "resolution": "  "}),
        422,
        "providers.invalid_field",
    )
    assert ProviderObjection.objects.get().status == "open"


# signed in: session, user, session-guard bookkeeping + session save, [grants (2)], count, page, [labels]
PINNED = {"/api/providers/publicity": 8, "/api/providers/objections": 9}
PINNED_ANONYMOUS = 3  # the public notice: count, page, dictionary labels


@pytest.mark.parametrize("path", list(PINNED))
def test_publicity_and_objection_lists_have_pinned_query_counts(api, make_org, city_admin, outsider, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(n):
        for _ in range(n):
            app = on_publicity(make_org("410771", kind="provider"))
            ProviderObjection.objects.create(application=app, content="异议内容示例", filed_by=outsider)

    def count():
        client = api(city_admin)
        with CaptureQueriesContext(connection) as ctx:
            res = client.get(path, {"page_size": 50})
        assert res.status_code == 200, res.content
        return len(ctx.captured_queries), res.json()["total"]

    fill(1)
    one, t1 = count()
    fill(29)
    thirty, t30 = count()
    assert (t1, t30) == (1, 30)
    assert one == thirty == PINNED[path], (one, thirty)

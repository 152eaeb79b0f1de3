"""Administration: identity providers (secrets write-only), bindings per user, SMS outbox."""

from __future__ import annotations

import json

import pytest

from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error
from smedt.identity.models import IdentityBinding, IdentityProvider, SmsOutbox

pytestmark = pytest.mark.django_db

OIDC = {
    "slug": "henan-oidc",
    "name": "河南省统一身份认证",
    "protocol": "oidc",
    "config": {"issuer": "https://idp.example.gov.cn/oidc", "client_id": "smedt"},
    "secrets": {"client_secret": "s3cr3t-value"},
}


def test_create_never_returns_the_secret(api, identity_admin):
    res = api(identity_admin).post("/api/identity/providers", OIDC)

    assert res.status_code == 201, res.content
    body = res.json()
    assert body["secrets_set"] == ["client_secret"]
    assert "s3cr3t-value" not in res.content.decode()
    provider = IdentityProvider.objects.get(slug="henan-oidc")
    assert "s3cr3t-value" not in provider.config.values()
    # stored encrypted: the raw column is not the plaintext
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("select secrets from identity_identityprovider where id = %s", [provider.pk])
        assert "s3cr3t-value" not in cur.fetchone()[0]
    assert json.loads(provider.secrets) == {"client_secret": "s3cr3t-value"}
    record = AuditRecord.objects.get(action="identity.provider_create")
    assert "s3cr3t-value" not in json.dumps(record.after, ensure_ascii=False)

    detail = api(identity_admin).get(f"/api/identity/providers/{provider.pk}")
    assert "s3cr3t-value" not in detail.content.decode()


def test_update_replaces_or_removes_secrets_and_keeps_others(api, identity_admin):
    pid = api(identity_admin).post("/api/identity/providers", OIDC).json()["id"]
    res = api(identity_admin).patch(
        f"/api/identity/providers/{pid}", {"enabled": True, "secrets": {"events_secret": "push-1234567890"}}
    )
    assert res.status_code == 200, res.content
    assert res.json()["secrets_set"] == ["client_secret", "events_secret"]
    res = api(identity_admin).patch(f"/api/identity/providers/{pid}", {"secrets": {"client_secret": None}})
    assert res.json()["secrets_set"] == ["events_secret"]
    assert res.json()["enabled"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"slug": "Bad Slug"}, "slug"),
        ({"slug": "providers"}, "slug"),
        ({"protocol": "saml"}, "protocol"),
        ({"config": {"client_id": "x"}}, "config"),
        ({"protocol": "ticket", "config": {"authorize_url": "https://x"}}, "config"),
        ({"adapter_class": "os.path.join"}, "adapter_class"),
        ({"secrets": {"password": "x"}}, "secrets"),
    ],
)
def test_invalid_provider_is_a_chinese_422_and_nothing_is_saved(api, identity_admin, change, field):
    res = api(identity_admin).post("/api/identity/providers", {**OIDC, **change})
    body = assert_error(res, 422, "identity.invalid_provider")
    assert field in body["details"]["fields"]
    assert not IdentityProvider.objects.exists()


def test_duplicate_slug_is_a_409(api, identity_admin):
    api(identity_admin).post("/api/identity/providers", OIDC)
    assert_error(api(identity_admin).post("/api/identity/providers", OIDC), 409, "identity.slug_taken")


def test_only_the_system_administrator_manages_providers(api, identity_admin, city_admin, county_a_officer, outsider):
    pid = api(identity_admin).post("/api/identity/providers", OIDC).json()["id"]
    for persona in (city_admin, county_a_officer, outsider):
        client = api(persona)
        assert_error(client.get("/api/identity/providers"), 403, "permission_denied")
        assert_error(client.post("/api/identity/providers", {**OIDC, "slug": "other"}), 403, "permission_denied")
        assert_error(client.patch(f"/api/identity/providers/{pid}", {"enabled": True}), 403, "permission_denied")
        assert_error(client.delete(f"/api/identity/providers/{pid}"), 403, "permission_denied")
        assert_error(client.get("/api/identity/bindings"), 403, "permission_denied")
        assert_error(client.get("/api/identity/sms-outbox"), 403, "permission_denied")
    assert IdentityProvider.objects.get().enabled is False


def test_delete_refused_while_bindings_exist(api, identity_admin, outsider):
    pid = api(identity_admin).post("/api/identity/providers", OIDC).json()["id"]
    IdentityBinding.objects.create(provider_id=pid, subject="s1", user=outsider, person_type="natural")
    assert_error(api(identity_admin).delete(f"/api/identity/providers/{pid}"), 409, "identity.provider_in_use")
    IdentityBinding.objects.all().delete()
    assert api(identity_admin).delete(f"/api/identity/providers/{pid}").status_code == 204


def test_enabled_list_is_public_and_shows_no_config(api, identity_admin, reference):
    api(identity_admin).post("/api/identity/providers", {**OIDC, "enabled": True})
    res = api().get("/api/identity/enabled")
    assert res.json() == [{"slug": "henan-oidc", "name": "河南省统一身份认证", "protocol": "oidc"}]


def test_bindings_per_user_and_unbind(api, identity_admin, enterprise_a_user, enterprise_a, outsider):
    p = IdentityProvider.objects.create(slug="p1", name="P1", protocol="cas", config={"server_url": "https://cas"})
    IdentityBinding.objects.create(
        provider=p, subject="a", user=enterprise_a_user, person_type="legal", org=enterprise_a
    )
    IdentityBinding.objects.create(provider=p, subject="b", user=outsider, person_type="natural")

    page = api(identity_admin).get("/api/identity/bindings", {"user_id": enterprise_a_user.pk}).json()

    assert page["total"] == 1
    assert (page["items"][0]["subject"], page["items"][0]["org"]["id"]) == ("a", enterprise_a.pk)
    bid = page["items"][0]["id"]
    assert api(identity_admin).delete(f"/api/identity/bindings/{bid}").status_code == 204
    assert AuditRecord.objects.filter(action="identity.binding_delete").count() == 1
    assert_error(api(identity_admin).delete(f"/api/identity/bindings/{bid}"), 404, "not_found")


def test_list_query_counts_are_pinned(api, identity_admin, make_user, django_assert_num_queries):
    p = IdentityProvider.objects.create(slug="p1", name="P1", protocol="cas", config={"server_url": "https://cas"})
    admin = api(identity_admin)
    admin.get("/api/identity/bindings")
    IdentityBinding.objects.create(provider=p, subject="s0", user=make_user(), person_type="natural")
    SmsOutbox.objects.create(mobile_masked="139****0000", purpose="login", content="x", backend="console")
    counts = {}
    for path in ("/api/identity/bindings", "/api/identity/providers", "/api/identity/sms-outbox"):
        with django_assert_num_queries(6) as ctx:
            assert admin.get(path).json()["total"] == 1
        counts[path] = len(ctx.captured_queries)
    for i in range(1, 30):
        IdentityBinding.objects.create(provider=p, subject=f"s{i}", user=make_user(), person_type="natural")
        SmsOutbox.objects.create(mobile_masked="139****0000", purpose="login", content="x", backend="console")
        IdentityProvider.objects.create(slug=f"p{i + 1}", name="P", protocol="cas", config={"server_url": "https://c"})
    for path, n in counts.items():
        with django_assert_num_queries(n):
            assert admin.get(path, {"page_size": 50}).json()["total"] == 30


def test_connection_check_reports_an_unreachable_provider(api, identity_admin, outsider):
    from smedt.identity.testing.processes import free_port

    pid = (
        api(identity_admin)
        .post(
            "/api/identity/providers",
            {**OIDC, "slug": "down", "config": {"issuer": f"http://127.0.0.1:{free_port()}/o", "client_id": "x"}},
        )
        .json()["id"]
    )
    body = api(identity_admin).post(f"/api/identity/providers/{pid}/check").json()
    assert body["ok"] is False and body["checks"][0]["detail"] == "无法连接统一身份认证平台，请稍后重试"
    assert_error(api(outsider).post(f"/api/identity/providers/{pid}/check"), 403, "permission_denied")

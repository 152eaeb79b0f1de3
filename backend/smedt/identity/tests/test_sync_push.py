"""Signed push of provincial account changes: signature, freshness, replay; disabling ends sessions."""

from __future__ import annotations

import json
import time

import pytest

from conftest import PASSWORD
from smedt.accounts.models import UserSession
from smedt.audit.models import AuditRecord
from smedt.core.tests.helpers import assert_error
from smedt.identity.models import IdentityBinding, IdentityProvider
from smedt.identity.services.sync import push_signature
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import Organization

pytestmark = pytest.mark.django_db

SECRET = "push-secret-0123456789abcdef"
URL = "/api/identity/henan/events"


@pytest.fixture
def provider(reference):
    p = IdentityProvider(slug="henan", name="河南", protocol="cas", enabled=True, config={"server_url": "https://cas"})
    p.secrets = json.dumps({"events_secret": SECRET})
    p.save()
    return p


@pytest.fixture
def bound(provider, enterprise_a_user, enterprise_a):
    return IdentityBinding.objects.create(
        provider=provider, subject="U1", user=enterprise_a_user, person_type="legal", org=enterprise_a
    )


def push(client, events, *, secret=SECRET, timestamp=None, nonce=None, signature=None):
    body = json.dumps({"events": events}).encode()
    ts = str(timestamp if timestamp is not None else int(time.time()))
    nonce = nonce or f"n{time.time_ns()}"
    sig = signature or push_signature(secret, ts, nonce, body)
    return client.client.post(
        URL,
        body,
        content_type="application/json",
        HTTP_X_SMEDT_TIMESTAMP=ts,
        HTTP_X_SMEDT_NONCE=nonce,
        HTTP_X_SMEDT_SIGNATURE=sig,
    )


def test_name_and_mobile_change(api, bound):
    res = push(api(), [{"type": "user.updated", "subject": "U1", "name": "新名字", "mobile": "13811112222"}])
    assert res.status_code == 200, res.content
    assert res.json() == {"applied": 1, "ignored": 0, "failed": 0}
    bound.user.refresh_from_db()
    assert (bound.user.display_name, bound.user.mobile) == ("新名字", "13811112222")
    assert AuditRecord.objects.filter(action="identity.sync_user_updated").exists()


def test_disabling_ends_the_users_sessions(api, bound):
    browser = api()
    assert browser.post("/api/auth/login", {"username": "enterprise_a_user", "password": PASSWORD}).status_code == 200
    assert UserSession.objects.filter(user=bound.user).exists()

    assert push(api(), [{"type": "user.disabled", "subject": "U1"}]).json()["applied"] == 1

    assert not UserSession.objects.filter(user=bound.user).exists()
    assert browser.get("/api/auth/me").status_code == 401
    assert push(api(), [{"type": "user.enabled", "subject": "U1"}]).json()["applied"] == 1
    bound.user.refresh_from_db()
    assert bound.user.is_active


def test_org_change_moves_the_user_to_the_new_org(api, bound):
    code = make_valid("91410702MA9300001")
    res = push(api(), [{"type": "org.changed", "subject": "U1", "credit_code": code, "org_name": "新单位有限公司"}])
    assert res.json()["applied"] == 1
    org = Organization.objects.get(credit_code=code)
    bound.refresh_from_db()
    assert bound.org_id == org.pk
    assert bound.user.role_assignments.filter(org=org).exists()


def test_bad_org_change_fails_alone_and_creates_nothing(api, bound):
    res = push(
        api(),
        [
            {"type": "org.changed", "subject": "U1", "credit_code": "123"},
            {"type": "user.updated", "subject": "U1", "name": "甲"},
        ],
    )
    assert res.json() == {"applied": 1, "ignored": 0, "failed": 1}
    assert Organization.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"signature": "00" * 32}, 401, "identity.bad_signature"),
        ({"secret": "another-secret-value"}, 401, "identity.bad_signature"),
        ({"timestamp": int(time.time()) - 3600}, 401, "identity.push_expired"),
    ],
)
def test_refused_pushes_change_nothing(api, bound, kwargs, status, code):
    body = assert_error(push(api(), [{"type": "user.disabled", "subject": "U1"}], **kwargs), status, code)
    assert body["message"]
    bound.user.refresh_from_db()
    assert bound.user.is_active


def test_a_replayed_push_is_refused(api, bound):
    assert push(api(), [{"type": "user.updated", "subject": "U1", "name": "甲"}], nonce="same").status_code == 200
    assert_error(push(api(), [{"type": "user.disabled", "subject": "U1"}], nonce="same"), 409, "identity.push_replayed")
    bound.user.refresh_from_db()
    assert bound.user.is_active


def test_unknown_provider_is_a_404(api, reference):
    assert_error(api().post("/api/identity/nope/events", {}), 404, "identity.provider_unknown")

"""End to end against a real local ticket-exchange platform process (testing/ticket_provider.py):
signed exchange, SM4-CBC payload, claim mapping, binding; and each failure → a Chinese error on
the login page with no half-created user or organization."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from smedt.accounts.models import User
from smedt.audit.models import AuditRecord
from smedt.identity.models import IdentityBinding, IdentityProvider, PersonType
from smedt.identity.testing.processes import free_port, running
from smedt.identity.tests.conftest import follow_form, query_of
from smedt.orgs.credit_code import make_valid
from smedt.orgs.models import Organization, OrgStatus
from smedt.reviews.models import ReviewRequest

pytestmark = pytest.mark.django_db(transaction=True)

APP_SECRET = secrets.token_hex(16)
SM4_KEY = secrets.token_hex(16)
CORP_CODE = make_valid("91410702MA9000001")
FOREIGN_CODE = make_valid("91110101MA9000002")  # Beijing: not a region of this platform

USERS = {
    "alice": {
        "password": "pw-alice",
        "claims": {
            "userId": "U1001",
            "userType": "1",
            "name": "张三",
            "mobile": "13900001111",
            "idCardNo": "410702199001011234",
            "authLevel": "L3",
            "status": "0",
        },
    },
    "corp": {
        "password": "pw-corp",
        "claims": {
            "userId": "C2001",
            "userType": "2",
            "name": "李四",
            "mobile": "13900002222",
            "creditCode": CORP_CODE,
            "corpName": "新乡智造科技有限公司",
            "authLevel": "L2",
            "status": "0",
        },
    },
    "foreign": {
        "password": "pw-foreign",
        "claims": {
            "userId": "C3001",
            "userType": "2",
            "name": "王五",
            "creditCode": FOREIGN_CODE,
            "corpName": "外地公司",
            "status": "0",
        },
    },
    "banned": {
        "password": "pw-banned",
        "claims": {"userId": "U4001", "userType": "1", "name": "赵六", "status": "1"},
    },
}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: Any) -> Iterator[str]:
    port = free_port()
    config = tmp_path_factory.mktemp("ticket") / "platform.json"
    config.write_text(
        json.dumps(
            {"app_id": "smedt-xx", "app_secret": APP_SECRET, "sm4_key": SM4_KEY, "ticket_ttl": 60, "users": USERS}
        )
    )
    url = f"http://127.0.0.1:{port}"
    with running(
        ["-m", "smedt.identity.testing.ticket_provider", "--port", str(port), "--config", str(config)],
        url=f"{url}/authorize",
    ):
        yield url


def control(platform: str, **flags: Any) -> None:
    requests.post(f"{platform}/_control", json=flags, timeout=5).raise_for_status()


@pytest.fixture
def provider(platform: str, reference: None) -> IdentityProvider:
    control(platform, bad_sign=False, ticket_ttl=60)
    p = IdentityProvider(
        slug="henan",
        name="河南省统一身份认证平台",
        protocol="ticket",
        enabled=True,
        config={
            "authorize_url": f"{platform}/authorize",
            "token_url": f"{platform}/api/ticket/exchange",
            "userinfo_url": f"{platform}/api/user/info",
            "changes_url": f"{platform}/api/changes",
            "app_id": "smedt-xx",
            "encrypt": "sm4-cbc",
            "claims": {
                "subject": "userId",
                "person_type": "userType",
                "name": "name",
                "mobile": "mobile",
                "id_number": "idCardNo",
                "credit_code": "creditCode",
                "org_name": "corpName",
                "real_name_level": "authLevel",
                "disabled": "status",
            },
            "legal_person_values": ["2"],
            "trust_mobile": True,
        },
    )
    p.secrets = json.dumps({"app_secret": APP_SECRET, "sm4_key": SM4_KEY, "events_secret": "push-secret-0123456789"})
    p.save()
    return p


def sso_login(live_server: Any, username: str, password: str, next_path: str = "") -> tuple[requests.Session, str]:
    """Drive the browser flow; returns the session and where our callback sent the browser."""
    s = requests.Session()
    query = f"?next={requests.utils.quote(next_path, safe='')}" if next_path else ""
    r = s.get(f"{live_server.url}/api/identity/henan/start{query}", allow_redirects=False)
    assert r.status_code == 302, r.text
    page = s.get(r.headers["Location"])
    r = follow_form(s, page, {"username": username, "password": password})
    assert r.status_code == 302, r.text
    callback = r.headers["Location"]
    r = s.get(callback, allow_redirects=False)
    assert r.status_code == 302, r.text
    return s, r.headers["Location"]


@pytest.mark.parametrize(
    ("next_path", "landing"),
    [
        ("/assessment/self", "/assessment/self"),
        ("https://evil.example/x", "/workspace"),
        ("//evil.example/x", "/workspace"),
        ("/api/auth/me", "/workspace"),
    ],
)
def test_the_login_lands_on_the_page_asked_for_but_never_off_site(live_server, provider, next_path, landing):
    _s, where = sso_login(live_server, "alice", "pw-alice", next_path)
    assert where == landing


def counts() -> tuple[int, int, int]:
    return User.objects.count(), Organization.objects.count(), IdentityBinding.objects.count()


def test_natural_person_is_provisioned_and_logged_in(live_server, provider):
    s, landing = sso_login(live_server, "alice", "pw-alice")

    assert landing == "/workspace"
    me = s.get(f"{live_server.url}/api/auth/me").json()
    assert me["display_name"] == "张三"
    binding = IdentityBinding.objects.get(subject="U1001")
    assert (binding.person_type, binding.real_name_level) == (PersonType.NATURAL, "L3")
    user = binding.user
    assert (user.mobile, user.id_number, user.has_usable_password()) == ("13900001111", "410702199001011234", False)
    assert AuditRecord.objects.filter(action="identity.user_provision", target_id=str(user.pk)).exists()

    # the second login reuses the binding
    _s2, landing = sso_login(live_server, "alice", "pw-alice")
    assert landing == "/workspace" and User.objects.filter(display_name="张三").count() == 1


def test_natural_person_is_bound_to_the_local_account_with_that_id_number(live_server, provider, make_user):
    from smedt.gmcrypto.fields import blind_index

    local = make_user("zhangsan_local")
    local.id_number, local.id_number_index = "410702199001011234", blind_index("410702199001011234")
    local.save()

    s, landing = sso_login(live_server, "alice", "pw-alice")

    assert landing == "/workspace"
    assert IdentityBinding.objects.get(subject="U1001").user_id == local.pk
    assert s.get(f"{live_server.url}/api/auth/me").json()["username"] == "zhangsan_local"


def test_legal_person_gets_a_pending_org_queued_for_county_verification(live_server, provider):
    s, landing = sso_login(live_server, "corp", "pw-corp")

    assert landing == "/workspace"
    org = Organization.objects.get(credit_code=CORP_CODE)
    assert (org.name, org.status, org.region.code) == ("新乡智造科技有限公司", OrgStatus.PENDING, "410702")
    review = ReviewRequest.objects.get(process_key="org_verification", object_id=str(org.pk))
    assert review.region.code == "410702"
    me = s.get(f"{live_server.url}/api/auth/me").json()
    assert [(r["role_code"], r["org"]["id"]) for r in me["roles"]] == [("enterprise_user", org.pk)]
    assert IdentityBinding.objects.get(subject="C2001").org_id == org.pk


def test_legal_person_binds_to_an_existing_org(live_server, provider, make_org):
    from smedt.regions.models import Region

    org = Organization(
        name="已登记企业",
        credit_code=CORP_CODE,
        kind="enterprise",
        region=Region.objects.get(code="410702"),
        status=OrgStatus.ACTIVE,
    )
    org.save()

    s, landing = sso_login(live_server, "corp", "pw-corp")

    assert landing == "/workspace"
    assert Organization.objects.filter(credit_code=CORP_CODE).count() == 1
    assert not ReviewRequest.objects.exists()
    me = s.get(f"{live_server.url}/api/auth/me").json()
    assert me["roles"][0]["org"]["name"] == "已登记企业"


@pytest.mark.parametrize(
    ("username", "code", "message"),
    [
        ("foreign", "identity.unknown_credit_code", "统一社会信用代码无效或不属于本平台服务的地区"),
        ("banned", "identity.account_disabled", "账号已停用"),
    ],
)
def test_refusals_leave_nothing_behind(live_server, provider, username, code, message):
    before = counts()

    s, landing = sso_login(live_server, username, f"pw-{username}")

    q = query_of(landing)
    assert landing.startswith("/login?") and q["sso_error"] == code
    assert message in q["sso_message"]
    assert counts() == before
    assert s.get(f"{live_server.url}/api/auth/me").status_code == 401


def test_a_bad_signature_on_the_answer_is_refused(live_server, provider, platform):
    control(platform, bad_sign=True)
    before = counts()

    _s, landing = sso_login(live_server, "alice", "pw-alice")

    assert query_of(landing)["sso_error"] == "identity.bad_signature"
    assert counts() == before


def test_an_expired_ticket_is_refused(live_server, provider, platform):
    control(platform, ticket_ttl=0)
    before = counts()
    time.sleep(0.05)

    _s, landing = sso_login(live_server, "alice", "pw-alice")

    assert query_of(landing)["sso_error"] == "identity.ticket_expired"
    assert "已过期" in query_of(landing)["sso_message"]
    assert counts() == before


def test_a_replayed_ticket_is_refused(live_server, provider):
    s = requests.Session()
    r = s.get(f"{live_server.url}/api/identity/henan/start", allow_redirects=False)
    page = s.get(r.headers["Location"])
    callback = follow_form(s, page, {"username": "alice", "password": "pw-alice"}).headers["Location"]
    assert s.get(callback, allow_redirects=False).headers["Location"] == "/workspace"
    ticket = query_of(callback)["ticket"]

    # an attacker replays the captured ticket in a fresh flow of their own
    attacker = requests.Session()
    start = attacker.get(f"{live_server.url}/api/identity/henan/start", allow_redirects=False).headers["Location"]
    state = query_of(start)["state"]
    r = attacker.get(
        f"{live_server.url}/api/identity/henan/callback",
        params={"ticket": ticket, "state": state},
        allow_redirects=False,
    )

    assert query_of(r.headers["Location"])["sso_error"] == "identity.ticket_replayed"
    assert attacker.get(f"{live_server.url}/api/auth/me").status_code == 401


def test_a_callback_without_our_state_is_refused(live_server, provider):
    r = requests.get(
        f"{live_server.url}/api/identity/henan/callback",
        params={"ticket": "TK-x", "state": "forged"},
        allow_redirects=False,
        timeout=10,
    )
    assert query_of(r.headers["Location"])["sso_error"] == "identity.bad_state"


def test_pull_applies_provincial_changes_and_disabling_ends_sessions(live_server, provider, platform):
    from smedt.identity.services.sync import provider_pull

    s, _ = sso_login(live_server, "alice", "pw-alice")
    assert s.get(f"{live_server.url}/api/auth/me").status_code == 200
    control(
        platform,
        events=[
            {"type": "user.updated", "subject": "U1001", "name": "张三丰", "mobile": "13900009999"},
            {"type": "user.disabled", "subject": "U1001"},
            {"type": "user.disabled", "subject": "nobody-here"},
        ],
    )

    result = provider_pull(provider_id=provider.pk)

    assert result == {"applied": 2, "ignored": 1, "failed": 0}
    user = IdentityBinding.objects.get(subject="U1001").user
    assert (user.display_name, user.mobile, user.is_active) == ("张三丰", "13900009999", False)
    assert s.get(f"{live_server.url}/api/auth/me").status_code == 401
    provider.refresh_from_db()
    assert provider.last_pulled_at is not None


def test_an_existing_local_account_is_linked_after_re_authentication(live_server, provider, make_user):
    from conftest import PASSWORD

    local = make_user("alice_local")
    s = requests.Session()
    s.get(f"{live_server.url}/api/auth/csrf")
    csrf = s.cookies.get("csrftoken")
    headers = {"X-CSRFToken": csrf, "Referer": live_server.url}
    assert (
        s.post(
            f"{live_server.url}/api/auth/login", json={"username": "alice_local", "password": PASSWORD}, headers=headers
        ).status_code
        == 200
    )
    headers["X-CSRFToken"] = s.cookies.get("csrftoken")

    # a wrong password does not start the link
    r = s.post(f"{live_server.url}/api/identity/henan/link", json={"password": "wrong"}, headers=headers)
    assert r.status_code == 422 and r.json()["code"] == "auth.wrong_password"

    r = s.post(f"{live_server.url}/api/identity/henan/link", json={"password": PASSWORD}, headers=headers)
    assert r.status_code == 200, r.text
    page = s.get(r.json()["redirect_url"])
    callback = follow_form(s, page, {"username": "alice", "password": "pw-alice"}).headers["Location"]
    assert s.get(callback, allow_redirects=False).headers["Location"] == "/workspace"

    assert IdentityBinding.objects.get(subject="U1001").user_id == local.pk
    assert User.objects.count() == 1
    assert AuditRecord.objects.filter(action="identity.binding_create", actor_id=local.pk).exists()


def test_the_scheduler_job_enqueues_a_pull_that_the_worker_runs(live_server, provider, platform):
    from smedt.core.testing import run_queued_tasks
    from smedt.identity.periodic import identity_pull_changes

    _s, _ = sso_login(live_server, "alice", "pw-alice")
    control(platform, events=[{"type": "user.updated", "subject": "U1001", "name": "张三（已更名）"}])

    identity_pull_changes()
    run_queued_tasks()

    assert IdentityBinding.objects.get(subject="U1001").user.display_name == "张三（已更名）"

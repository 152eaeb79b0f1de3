"""Targeted push: portal message + SMS to the matched enterprises, once each; opt-out, weekly cap and
quiet hours respected; SMS only with the enterprise's consent; statistics; delivery receipts; only the
city pushes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from smedt.core.testing import run_queued_tasks
from smedt.identity.models import SmsOutbox
from smedt.notify.models import Message, SmsConsent
from smedt.notify.sms import Receipt, sms_receipts_apply
from smedt.policies.models import PushDelivery
from smedt.policies.services import push
from smedt.policies.tests.test_policies_api import _confirm_all, _create, _publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(
    api: Any,
    city_admin: Any,
    with_figures: Callable[..., Any],
    enterprise_a: Any,
    enterprise_b: Any,
    enterprise_a_user: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> int:
    settings.SMEDT_PUSH_QUIET_HOURS = "0-0"  # no quiet period unless a test sets one
    with_figures(enterprise_a, revenue="3000.00", employees=100)
    with_figures(enterprise_b, revenue="100.00", employees=100)
    pid = _create(api, city_admin)["id"]
    _confirm_all(api, city_admin, pid)
    _publish(api, city_admin, pid, django_capture_on_commit_callbacks)
    return pid


def _consent(api: Any, user: Any, consented: bool = True) -> None:
    r = api(user).put("/api/policies/mine/preferences", {"sms_consent": consented})
    assert r.status_code == 200, r.content
    assert r.json()["sms_consent"] is consented


def _push(api: Any, user: Any, pid: int, capture: Any, **body: Any) -> Any:
    with capture(execute=True):
        r = api(user).post(f"/api/policies/{pid}/pushes", {"channels": ["portal", "sms"], **body})
    run_queued_tasks()
    return r


def test_push_reaches_the_eligible_enterprise_once(
    api: Any,
    city_admin: Any,
    published: int,
    enterprise_a: Any,
    enterprise_a_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _consent(api, enterprise_a_user)
    r = _push(api, city_admin, published, django_capture_on_commit_callbacks)
    assert r.status_code == 201, r.content
    msgs = Message.objects.filter(recipient=enterprise_a_user, category="policy")
    assert msgs.count() == 1 and "红旗测试企业" in msgs[0].body and msgs[0].link == f"/policies/mine/{published}"
    assert SmsOutbox.objects.filter(purpose="policy_push", kind="marketing").count() == 1
    assert set(PushDelivery.objects.values_list("org_id", flat=True)) == {enterprise_a.pk}
    # the task running again sends nothing twice
    push.campaign_send(campaign_id=r.json()["id"])
    assert SmsOutbox.objects.filter(purpose="policy_push").count() == 1 and msgs.count() == 1
    # read + opened show in the statistics
    api(enterprise_a_user).post(f"/api/notify/messages/{msgs[0].pk}/read")
    api(enterprise_a_user).get(f"/api/policies/mine/{published}")
    [stats] = api(city_admin).get(f"/api/policies/{published}/pushes").json()
    assert stats["read"] == 1 and stats["opened"] == 1
    assert {c["channel"]: (c["sent"], c["delivered"]) for c in stats["channels"]} == {"portal": (1, 1), "sms": (1, 0)}


def test_opt_out_cap_and_quiet_hours(
    api: Any,
    city_admin: Any,
    published: int,
    enterprise_a_user: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    _consent(api, enterprise_a_user)
    assert (
        api(enterprise_a_user).post("/api/policies/mine/opt-out", {"channel": "sms", "opted_out": True}).status_code
        == 204
    )
    _push(api, city_admin, published, django_capture_on_commit_callbacks)
    assert PushDelivery.objects.get(channel="sms").status == "skipped_optout"
    assert SmsOutbox.objects.count() == 0
    api(enterprise_a_user).post("/api/policies/mine/opt-out", {"channel": "sms", "opted_out": False})
    settings.SMEDT_PUSH_WEEKLY_CAP = 1
    _push(api, city_admin, published, django_capture_on_commit_callbacks)  # portal capped (one this week already)
    assert list(PushDelivery.objects.filter(channel="portal").values_list("status", flat=True).order_by("id")) == [
        "delivered",
        "skipped_cap",
    ]
    local = ZoneInfo("Asia/Shanghai")
    assert push.in_quiet_hours(datetime(2026, 5, 1, 23, 0, tzinfo=local)) is False  # "0-0": none
    settings.SMEDT_PUSH_QUIET_HOURS = "22-8"
    assert push.in_quiet_hours(datetime(2026, 5, 1, 23, 0, tzinfo=local))
    assert push.in_quiet_hours(datetime(2026, 5, 1, 7, 59, tzinfo=local))
    assert not push.in_quiet_hours(datetime(2026, 5, 1, 8, 0, tzinfo=local))


def test_no_sms_without_consent(
    api: Any,
    city_admin: Any,
    published: int,
    enterprise_a: Any,
    enterprise_a_user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A policy push by SMS is promotional-type: without the enterprise's consent nothing is sent."""
    assert api(enterprise_a_user).get("/api/policies/mine/preferences").json()["sms_consent"] is False
    _push(api, city_admin, published, django_capture_on_commit_callbacks)
    assert PushDelivery.objects.get(channel="sms").status == "skipped_no_consent"
    assert PushDelivery.objects.get(channel="portal").status == "delivered"
    assert not SmsOutbox.objects.exists()
    # consent given and withdrawn: recorded with who gave it, audited
    _consent(api, enterprise_a_user)
    assert SmsConsent.objects.get(org=enterprise_a).given_by == enterprise_a_user
    _consent(api, enterprise_a_user, False)
    assert not SmsConsent.objects.exists()
    # only an enterprise's own users decide
    assert api(city_admin).put("/api/policies/mine/preferences", {"sms_consent": True}).status_code == 403
    assert not SmsConsent.objects.exists()


def test_delivery_receipt_updates_statistics(
    api: Any, city_admin: Any, published: int, enterprise_a_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _consent(api, enterprise_a_user)
    _push(api, city_admin, published, django_capture_on_commit_callbacks)
    PushDelivery.objects.filter(channel="sms").update(provider_id="BIZ-1")
    receipt = Receipt("BIZ-1", delivered=True, code="DELIVERED")
    assert sms_receipts_apply(backend="aliyun", receipts=[receipt]) == 1
    assert sms_receipts_apply(backend="aliyun", receipts=[receipt]) == 0  # a repeated receipt changes nothing
    assert sms_receipts_apply(backend="aliyun", receipts=[Receipt("BIZ-1", delivered=False, code="MK:1")]) == 0
    [stats] = api(city_admin).get(f"/api/policies/{published}/pushes").json()
    assert next(c for c in stats["channels"] if c["channel"] == "sms")["delivered"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"channels": []},
        {"channels": ["fax"]},
        {"channels": ["portal"], "template": "{boom}"},
        {"channels": ["portal"], "org_ids": [999999]},
    ],
)
def test_bad_push_is_422(api: Any, city_admin: Any, published: int, body: dict[str, Any]) -> None:
    r = api(city_admin).post(f"/api/policies/{published}/pushes", body)
    assert r.status_code == 422, r.content
    assert not PushDelivery.objects.exists()


def test_only_the_city_pushes(api: Any, published: int, county_a_officer: Any, enterprise_a_user: Any) -> None:
    assert api(county_a_officer).post(f"/api/policies/{published}/pushes", {"channels": ["portal"]}).status_code == 404
    assert api(enterprise_a_user).post(f"/api/policies/{published}/pushes", {"channels": ["portal"]}).status_code == 403

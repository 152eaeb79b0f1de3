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


# ---- at scale: batches, at-least-once delivery, progress


@pytest.fixture
def many(published: int, make_org: Callable[..., Any], make_user: Callable[..., Any], settings: Any) -> list[Any]:
    """Eight more enterprises eligible for the published policy, each with a platform user, a contact
    number (make_org) and SMS consent; batches of three deliveries."""
    from smedt.policies.models import Policy, PolicyMatch

    settings.SMEDT_PUSH_BATCH = 3
    policy = Policy.objects.get(pk=published)
    orgs = [make_org(name=f"批量推送企业{i}") for i in range(8)]
    for org in orgs:
        make_user(role="enterprise_user", org=org)
        SmsConsent.objects.create(org=org)
        PolicyMatch.objects.create(
            policy=policy, org=org, region=org.region, county=org.region, status="eligible", policy_version=1
        )
    return orgs


def _batches(campaign_id: int) -> list[dict[str, int]]:
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(task_path="smedt.policies.tasks.send_push_batch")
    found = [t.args_kwargs["kwargs"] for t in tasks.order_by("enqueued_at")]
    return [k for k in found if k["campaign_id"] == campaign_id]


def test_every_batch_running_twice_sends_each_message_once(
    published: int, many: list[Any], city_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A push to N enterprises × 2 channels: N SMS and N portal messages, once each, although every batch
    task runs a second time after the first run finished."""
    from smedt.policies.models import Policy, PushCampaign

    ids = [o.pk for o in many]
    with django_capture_on_commit_callbacks(execute=True):
        campaign = push.campaign_create(
            actor=city_admin, policy=Policy.objects.get(pk=published), channels=["portal", "sms"], org_ids=ids
        )
    assert (campaign.total, campaign.done) == (16, 0)
    assert PushDelivery.objects.filter(campaign=campaign).count() == 16
    run_queued_tasks()  # the dispatcher queues ceil(16 / 3) = 6 batch tasks; the worker runs them all
    batches = _batches(campaign.pk)
    assert len(batches) == 6
    covered = [
        set(PushDelivery.objects.filter(campaign=campaign, pk__gte=b["first_id"], pk__lte=b["last_id"]))
        for b in batches
    ]
    assert [len(c) for c in covered] == [3, 3, 3, 3, 3, 1] and len(set().union(*covered)) == 16
    for b in batches:  # at-least-once: each task delivered again
        assert push.campaign_send_batch(**b) == {}
    push.campaign_send(campaign_id=campaign.pk)  # and the dispatcher too: nothing left to queue
    assert len(_batches(campaign.pk)) == 6

    outbox = SmsOutbox.objects.filter(purpose="policy_push")
    assert outbox.count() == 8
    assert sorted(PushDelivery.objects.filter(campaign=campaign, channel="sms").values_list("org_id", flat=True)) == ids
    assert set(PushDelivery.objects.filter(campaign=campaign).values_list("channel", "status")) == {
        ("sms", "sent"),
        ("portal", "delivered"),
    }
    assert Message.objects.filter(category="policy").count() == 8
    assert (
        sorted(Message.objects.filter(category="policy").values_list("recipient__role_assignments__org_id", flat=True))
        == ids
    )
    campaign = PushCampaign.objects.get(pk=campaign.pk)
    assert (campaign.status, campaign.done, campaign.total) == ("done", 16, 16) and campaign.finished_at


def test_a_batch_cut_short_resumes_without_sending_again(
    published: int, many: list[Any], city_admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The worker dies in the middle of a batch (after two of its SMS went out): the batch runs again and
    sends only the third; the campaign's progress counts what was settled."""
    from unittest import mock

    from smedt.policies.models import Policy, PushCampaign

    with django_capture_on_commit_callbacks(execute=True):
        campaign = push.campaign_create(
            actor=city_admin, policy=Policy.objects.get(pk=published), channels=["sms"], org_ids=[o.pk for o in many]
        )
    push.campaign_send(campaign_id=campaign.pk)
    first = _batches(campaign.pk)[0]
    real = push._send_sms
    calls = []

    def dies_on_the_third(**kw: Any) -> str:
        calls.append(kw["pk"])
        if len(calls) == 3:
            raise SystemExit("worker killed")
        return real(**kw)

    with mock.patch.object(push, "_send_sms", dies_on_the_third), pytest.raises(SystemExit):
        push.campaign_send_batch(**first)
    assert SmsOutbox.objects.count() == 2
    assert list(PushDelivery.objects.filter(campaign=campaign).values_list("status", flat=True)[:3]) == [
        "sent",
        "sent",
        "pending",
    ]
    assert push.campaign_send_batch(**first) == {"sent": 1}
    assert SmsOutbox.objects.count() == 3
    assert PushCampaign.objects.get(pk=campaign.pk).done == 3  # the other batches are still queued
    run_queued_tasks()
    assert SmsOutbox.objects.count() == 8
    assert PushCampaign.objects.get(pk=campaign.pk).status == "done"
    # every enterprise got exactly one SMS
    assert sorted(PushDelivery.objects.filter(campaign=campaign).values_list("attempts", flat=True)) == [1] * 8


def test_a_batch_reads_the_rules_once_not_per_message(
    published: int,
    many: list[Any],
    city_admin: Any,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
    settings: Any,
) -> None:
    """Portal messages, skips and deferrals of a whole batch take a fixed number of queries; an SMS adds
    only its own short transaction (lock, consent, outbox row, delivery)."""
    from smedt.policies.models import Policy, PushOptOut

    settings.SMEDT_PUSH_BATCH = 100
    PushOptOut.objects.create(org=many[0], channel="portal")
    with django_capture_on_commit_callbacks(execute=True):
        campaign = push.campaign_create(
            actor=city_admin, policy=Policy.objects.get(pk=published), channels=["portal"], org_ids=[o.pk for o in many]
        )
    push.campaign_send(campaign_id=campaign.pk)
    [batch] = _batches(campaign.pk)
    # campaign, lock, opt-outs, weekly counts, names, users, existing messages, insert messages,
    # update deliveries, settle (lock, count pending, deferred?, save) — whatever the batch size
    with django_assert_max_num_queries(17):  # with the test's savepoints
        assert push.campaign_send_batch(**batch) == {"skipped_optout": 1, "delivered": 7}


def test_quiet_hours_defer_the_sms_and_the_campaign_waits(
    api: Any,
    published: int,
    many: list[Any],
    city_admin: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
) -> None:
    """In the quiet hours the SMS are deferred, the campaign waits (progress complete, status 免打扰时段后继续)
    with its dispatcher queued for the end of the quiet period, which then sends them once."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from smedt.policies.models import Policy, PushCampaign

    hour = timezone.localtime().hour
    settings.SMEDT_PUSH_QUIET_HOURS = f"{hour}-{(hour + 1) % 24}"
    with django_capture_on_commit_callbacks(execute=True):
        campaign = push.campaign_create(
            actor=city_admin, policy=Policy.objects.get(pk=published), channels=["sms"], org_ids=[o.pk for o in many]
        )
    run_queued_tasks()
    assert set(PushDelivery.objects.filter(campaign=campaign).values_list("status", flat=True)) == {"deferred"}
    assert not SmsOutbox.objects.exists()
    [row] = [c for c in api(city_admin).get(f"/api/policies/{published}/pushes").json() if c["id"] == campaign.pk]
    assert (row["status"], row["status_label"], row["done"], row["total"]) == ("waiting", "免打扰时段后继续", 8, 8)
    later = DBTaskResult.objects.filter(task_path="smedt.policies.tasks.send_campaign", status="READY").get()
    assert later.run_after > timezone.now() and later.args_kwargs["kwargs"] == {"campaign_id": campaign.pk}
    # the quiet period is over: the dispatcher runs (as the worker would at run_after) and sends each once
    settings.SMEDT_PUSH_QUIET_HOURS = "0-0"
    push.campaign_send(campaign_id=campaign.pk)
    run_queued_tasks()
    assert SmsOutbox.objects.count() == 8
    c = PushCampaign.objects.get(pk=campaign.pk)
    assert (c.status, c.done) == ("done", 8)

"""Targeted push (定向推送) of a policy to matched enterprises."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from smedt.audit.services import audit_record
from smedt.core.errors import Conflict, ValidationFailed
from smedt.notify.services import message_send
from smedt.notify.sms import Receipt
from smedt.policies.errors import PolicyErrorCode as E
from smedt.policies.models import (
    DeliveryStatus,
    Policy,
    PolicyMatch,
    PolicyStatus,
    PushCampaign,
    PushDelivery,
    PushOptOut,
    PushStatus,
)
from smedt.rbac.services import require


def delivery_opened(*, org_id: int, policy_id: int) -> int:
    """The enterprise opened the policy: every delivery of it to the enterprise counts as opened (once)."""
    return PushDelivery.objects.filter(
        org_id=org_id, campaign__policy_id=policy_id, opened_at__isnull=True, sent_at__isnull=False
    ).update(opened_at=timezone.now())


# ---- campaigns

CHANNELS = {"portal": "站内消息", "sms": "短信"}
PLACEHOLDERS = {"enterprise", "policy", "deadline"}
DEFAULT_TEMPLATE = (
    "【惠企政策】{enterprise}：经比对贵企业符合《{policy}》的申报条件，申报截止 {deadline}，请登录平台“我的政策”查看。"
)


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(code=E.INVALID_PUSH, message=message, details={"fields": {field: message}})


def render(template: str, *, enterprise: str, policy: Policy) -> str:
    deadline = policy.window_end.isoformat() if policy.window_end else "长期"
    return template.format(enterprise=enterprise, policy=policy.title, deadline=deadline)[:500]


def quiet_hours() -> tuple[int, int]:
    """(start, end) hours of the SMS quiet period, local time; default 22:00–08:00."""
    raw = str(getattr(settings, "SMEDT_PUSH_QUIET_HOURS", "22-8"))
    start, _, end = raw.partition("-")
    return int(start), int(end)


def in_quiet_hours(now: datetime) -> bool:
    start, end = quiet_hours()
    if start == end:
        return False
    h = timezone.localtime(now).hour
    return (h >= start or h < end) if start > end else start <= h < end


def quiet_end(now: datetime) -> datetime:
    """The next end of the quiet period after `now`."""
    local = timezone.localtime(now)
    end = local.replace(hour=quiet_hours()[1], minute=0, second=0, microsecond=0)
    return end if end > local else end + timedelta(days=1)


def weekly_cap() -> int:
    return int(getattr(settings, "SMEDT_PUSH_WEEKLY_CAP", 3))


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    policy: Policy,
    channels: list[str],
    org_ids: list[int] | None = None,
    statuses: list[str] | None = None,
    template: str = DEFAULT_TEMPLATE,
    title: str = "",
) -> PushCampaign:
    """A push of a live policy to matched enterprises (all with the given statuses, or the selected ones)."""
    require(actor, "policies.push_policy", region_path=policy.region.path)
    if policy.status != PolicyStatus.PUBLISHED:
        raise Conflict(code=E.INVALID_STATE, message="只有已发布的政策可以推送")
    chans = sorted(set(channels))
    if not chans or any(c not in CHANNELS for c in chans):
        raise _invalid("channels", "请选择推送渠道（站内消息、短信）")
    names = set(re.findall(r"{(\w*)}", template))
    if names - PLACEHOLDERS or not template.strip():
        raise _invalid("template", "模板只能使用 {enterprise}、{policy}、{deadline} 占位符")
    statuses = statuses or ["eligible"]
    matches = PolicyMatch.objects.visible_to(actor, "view").filter(policy=policy, status__in=statuses)
    if org_ids is not None:
        matches = matches.filter(org_id__in=org_ids)
    targets = sorted(set(matches.values_list("org_id", flat=True)))
    if not targets:
        raise _invalid("org_ids", "没有可推送的企业")
    campaign = PushCampaign.objects.create(
        policy=policy,
        title=(title or f"政策推送：{policy.title}")[:200],
        template=template[:500],
        channels=chans,
        audience={"statuses": statuses, "org_ids": org_ids},
        created_by=actor,
        status=PushStatus.SENDING,
        started_at=timezone.now(),
    )
    PushDelivery.objects.bulk_create(
        [PushDelivery(campaign=campaign, org_id=o, channel=c) for o in targets for c in chans]
    )
    audit_record(
        actor=actor,
        action="policies.push_create",
        target=policy,
        after={"campaign": campaign.pk, "orgs": len(targets), "channels": chans},
    )
    from smedt.policies.tasks import send_campaign

    transaction.on_commit(lambda: send_campaign.enqueue(campaign_id=campaign.pk))
    return campaign


def _enterprise_users(org_id: int) -> list[int]:
    from smedt.rbac.models import RoleAssignment

    return sorted(
        set(RoleAssignment.objects.filter(org_id=org_id, user__is_active=True).values_list("user_id", flat=True))
    )


def _deliver(d: PushDelivery, now: datetime) -> None:
    """One delivery, under its row lock: decide skip / defer / send; a sent delivery is never sent again."""
    from smedt.notify.sms import MARKETING, SmsConsentMissing, SmsNotSent, sms_send

    campaign, org = d.campaign, d.org
    if PushOptOut.objects.filter(org_id=d.org_id, channel=d.channel).exists():
        d.status = DeliveryStatus.SKIPPED_OPTOUT
        return
    week = PushDelivery.objects.filter(
        org_id=d.org_id,
        channel=d.channel,
        sent_at__gte=now - timedelta(days=7),
        status__in=[DeliveryStatus.SENT, DeliveryStatus.DELIVERED],
    ).exclude(pk=d.pk)
    if week.count() >= weekly_cap():
        d.status = DeliveryStatus.SKIPPED_CAP
        return
    text = render(campaign.template, enterprise=org.name, policy=campaign.policy)
    if d.channel == "portal":
        users = _enterprise_users(d.org_id)
        if not users:
            d.status = DeliveryStatus.SKIPPED_NO_CONTACT
            return
        message_send(
            recipient_ids=users,
            title=campaign.title,
            body=text,
            link=f"/policies/mine/{campaign.policy_id}",
            category="policy",
            dedupe_key=f"policy-push:{campaign.pk}:{d.org_id}",
        )
        d.status, d.sent_at, d.delivered_at = DeliveryStatus.DELIVERED, now, now
        return
    mobile = str(org.contact_phone or "")
    if not mobile:
        d.status = DeliveryStatus.SKIPPED_NO_CONTACT
        return
    if in_quiet_hours(now):
        d.status = DeliveryStatus.DEFERRED
        return
    d.attempts += 1
    try:
        row = sms_send(mobile=mobile, content=text, purpose="policy_push", kind=MARKETING, org_id=d.org_id)
    except SmsConsentMissing:
        d.status = DeliveryStatus.SKIPPED_NO_CONSENT
        return
    except SmsNotSent as exc:
        d.status, d.error = DeliveryStatus.FAILED, str(exc)[:300]
        return
    d.status, d.sent_at, d.provider_id = DeliveryStatus.SENT, now, row.provider_id


def campaign_send(*, campaign_id: int) -> dict[str, int]:
    """Send every pending (or deferred, once quiet hours are over) delivery; idempotent per row."""
    now = timezone.now()
    ids = list(
        PushDelivery.objects.filter(
            campaign_id=campaign_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.DEFERRED]
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            d = PushDelivery.objects.select_for_update().select_related("campaign__policy", "org").get(pk=pk)
            if d.status not in (DeliveryStatus.PENDING, DeliveryStatus.DEFERRED):
                continue
            _deliver(d, now)
            d.save(update_fields=["status", "sent_at", "delivered_at", "provider_id", "error", "attempts"])
    left = PushDelivery.objects.filter(campaign_id=campaign_id, status=DeliveryStatus.DEFERRED).count()
    if not left:
        PushCampaign.objects.filter(pk=campaign_id).update(status=PushStatus.DONE, finished_at=timezone.now())
    else:
        from smedt.policies.tasks import send_campaign

        send_campaign.using(run_after=quiet_end(now)).enqueue(campaign_id=campaign_id)
    return {"sent": len(ids), "deferred": left}


def delivery_receipt(backend: str, receipt: Receipt) -> int:
    """A gateway's delivery receipt (回执) for a push SMS (subscribed to `notify.sms`): the sent delivery
    becomes delivered or failed with the vendor's code; a settled one does not change."""
    if not receipt.provider_id:
        return 0
    qs = PushDelivery.objects.filter(provider_id=receipt.provider_id, channel="sms", status=DeliveryStatus.SENT)
    if receipt.delivered:
        return qs.update(status=DeliveryStatus.DELIVERED, delivered_at=timezone.now())
    return qs.update(status=DeliveryStatus.FAILED, error=f"{receipt.code} {receipt.message}".strip()[:300])


@transaction.atomic
def opt_out_set(*, actor: Any, org_id: int, channel: str, opted_out: bool) -> None:
    require(actor, "policies.view_own_match", org_id=org_id)
    if channel not in CHANNELS:
        raise _invalid("channel", "渠道不正确")
    if opted_out:
        PushOptOut.objects.get_or_create(org_id=org_id, channel=channel)
    else:
        PushOptOut.objects.filter(org_id=org_id, channel=channel).delete()


@transaction.atomic
def sms_consent_set(*, actor: Any, org_id: int, consented: bool) -> None:
    """The enterprise agrees (or no longer agrees) to policy-push SMS at its contact number."""
    from smedt.notify.sms import consent_set, has_consent
    from smedt.orgs.models import Organization

    require(actor, "policies.view_own_match", org_id=org_id)
    if has_consent(org_id) == consented:
        return
    consent_set(org_id=org_id, user_id=actor.pk, consented=consented)
    audit_record(
        actor=actor,
        action="policies.sms_consent",
        target=Organization.objects.get(pk=org_id),
        after={"sms_consent": consented},
    )


def push_prefs_get(*, org_id: int) -> dict[str, Any]:
    from smedt.accounts.services.users import mask_mobile
    from smedt.notify.sms import has_consent
    from smedt.orgs.models import Organization

    phone = str(Organization.objects.filter(pk=org_id).values_list("contact_phone", flat=True).first() or "")
    return {
        "sms_consent": has_consent(org_id),
        "contact_phone_masked": mask_mobile(phone) if phone else "",
        "opted_out": sorted(PushOptOut.objects.filter(org_id=org_id).values_list("channel", flat=True)),
    }


def campaign_stats(campaign: PushCampaign) -> dict[str, Any]:
    from django.db.models import Count

    from smedt.notify.models import Message

    rows = campaign.deliveries.values("channel", "status").annotate(n=Count("id"))
    by: dict[str, dict[str, int]] = {c: {} for c in campaign.channels}
    for r in rows:
        by.setdefault(r["channel"], {})[r["status"]] = r["n"]
    read = Message.objects.filter(dedupe_key__startswith=f"policy-push:{campaign.pk}:", read_at__isnull=False).count()
    opened = campaign.deliveries.filter(opened_at__isnull=False).values("org_id").distinct().count()
    return {
        "channels": [
            {
                "channel": c,
                "label": CHANNELS[c],
                "total": sum(by.get(c, {}).values()),
                "sent": by.get(c, {}).get(DeliveryStatus.SENT, 0) + by.get(c, {}).get(DeliveryStatus.DELIVERED, 0),
                "delivered": by.get(c, {}).get(DeliveryStatus.DELIVERED, 0),
                "failed": by.get(c, {}).get(DeliveryStatus.FAILED, 0),
                "deferred": by.get(c, {}).get(DeliveryStatus.DEFERRED, 0),
                "skipped": sum(v for k, v in by.get(c, {}).items() if k.startswith("skipped")),
            }
            for c in campaign.channels
        ],
        "read": read,
        "opened": opened,
    }

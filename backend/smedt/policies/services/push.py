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
        total=len(targets) * len(chans),
    )
    # in chunks: tens of thousands of rows never sit in memory at once
    step = 2000 // len(chans)
    for i in range(0, len(targets), step):
        PushDelivery.objects.bulk_create(
            [PushDelivery(campaign=campaign, org_id=o, channel=c) for o in targets[i : i + step] for c in chans]
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


# ---- sending: one dispatcher task per campaign, one task per batch of deliveries

OPEN = (DeliveryStatus.PENDING, DeliveryStatus.DEFERRED)


def batch_size() -> int:
    return max(1, int(getattr(settings, "SMEDT_PUSH_BATCH", 500)))


def campaign_send(*, campaign_id: int) -> dict[str, int]:
    """The campaign's open deliveries (pending, or deferred by the quiet hours) in batches of
    `SMEDT_PUSH_BATCH` consecutive rows, one `send_push_batch` task each. Running it again queues the
    open rows again; a batch sends only rows still open, under their row locks, so nothing is sent twice."""
    from smedt.policies.tasks import send_push_batch

    campaign = PushCampaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.status == PushStatus.DONE:
        return {"batches": 0, "deliveries": 0}
    # deferred rows are pending again: each round decides them anew (still quiet: deferred again), and the
    # campaign is settled only once no row of the round is left pending
    PushDelivery.objects.filter(campaign_id=campaign_id, status=DeliveryStatus.DEFERRED).update(
        status=DeliveryStatus.PENDING
    )
    ids = (
        PushDelivery.objects.filter(campaign_id=campaign_id, status=DeliveryStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    bounds: list[tuple[int, int]] = []
    n = 0
    first = last = 0
    for pk in ids.iterator(chunk_size=5000):
        if n % batch_size() == 0:
            if n:
                bounds.append((first, last))
            first = pk
        last = pk
        n += 1
    if n:
        bounds.append((first, last))
    with transaction.atomic():
        PushCampaign.objects.filter(pk=campaign_id, status=PushStatus.WAITING).update(status=PushStatus.SENDING)
        for lo, hi in bounds:
            send_push_batch.enqueue(campaign_id=campaign_id, first_id=lo, last_id=hi)
    if not bounds:
        campaign_settle(campaign_id=campaign_id)
    return {"batches": len(bounds), "deliveries": n}


def campaign_send_batch(*, campaign_id: int, first_id: int, last_id: int) -> dict[str, int]:
    """Send the campaign's open deliveries with ids in [first_id, last_id]. The rules are read for the
    whole batch at once (opt-outs, weekly cap, consent, contacts, enterprise users); skips, deferrals and
    portal messages are written in one transaction under the rows' locks; each SMS then goes out in its
    own short transaction that locks its row again and sends only if it is still open, so a batch that
    runs twice (or twice at once) sends every message once. Then the campaign's progress is updated."""
    now = timezone.now()
    campaign = PushCampaign.objects.select_related("policy").filter(pk=campaign_id).first()
    if campaign is None:
        return {}
    counts: dict[str, int] = {}
    rows = PushDelivery.objects.filter(campaign_id=campaign_id, pk__gte=first_id, pk__lte=last_id)
    with transaction.atomic():
        locked = list(rows.filter(status__in=OPEN).select_for_update(skip_locked=True).order_by("pk"))
        before = {d.pk: d.status for d in locked}
        to_send = _decide(campaign, locked, now)
        decided = [d for d in locked if d.status != before[d.pk]]
        PushDelivery.objects.bulk_update(
            decided, ["status", "sent_at", "delivered_at", "error", "attempts"], batch_size=500
        )
        sending = {t[0] for t in to_send}
        for d in locked:
            if d.pk not in sending:
                counts[d.status] = counts.get(d.status, 0) + 1
    for pk, org_id, mobile, text in to_send:
        status = _send_sms(pk=pk, org_id=org_id, mobile=mobile, text=text, now=now)
        counts[status] = counts.get(status, 0) + 1
    campaign_settle(campaign_id=campaign_id)
    return counts


def _decide(campaign: PushCampaign, rows: list[PushDelivery], now: datetime) -> list[tuple[int, int, str, str]]:
    """Apply the rules to a batch of open deliveries, in the order they always had: opted out, weekly
    cap, then per channel (portal: the enterprise's users get the message now; SMS: a contact number,
    outside the quiet hours, with consent). Sets each row's outcome in memory, creates the portal
    messages, and returns the SMS to send as (delivery id, enterprise id, mobile, text)."""
    from django.db.models import Count

    from smedt.notify.models import SmsConsent
    from smedt.notify.services import Outgoing, messages_send
    from smedt.orgs.models import Organization
    from smedt.rbac.models import RoleAssignment

    if not rows:
        return []
    org_ids = {d.org_id for d in rows}
    opted = set(PushOptOut.objects.filter(org_id__in=org_ids).values_list("org_id", "channel"))
    week = {
        (r["org_id"], r["channel"]): r["n"]
        for r in PushDelivery.objects.filter(
            org_id__in=org_ids,
            sent_at__gte=now - timedelta(days=7),
            status__in=[DeliveryStatus.SENT, DeliveryStatus.DELIVERED],
        )
        .exclude(campaign_id=campaign.pk)
        .values("org_id", "channel")
        .annotate(n=Count("id"))
    }
    cap = weekly_cap()
    live = [d for d in rows if (d.org_id, d.channel) not in opted and week.get((d.org_id, d.channel), 0) < cap]
    for d in rows:
        if (d.org_id, d.channel) in opted:
            d.status = DeliveryStatus.SKIPPED_OPTOUT
        elif week.get((d.org_id, d.channel), 0) >= cap:
            d.status = DeliveryStatus.SKIPPED_CAP
    names = dict(Organization.objects.filter(pk__in={d.org_id for d in live}).values_list("pk", "name"))
    portal = [d for d in live if d.channel == "portal"]
    users: dict[int, set[int]] = {}
    if portal:
        pairs = RoleAssignment.objects.filter(org_id__in={d.org_id for d in portal}, user__is_active=True)
        for org_id, user_id in pairs.values_list("org_id", "user_id"):
            users.setdefault(org_id, set()).add(user_id)
    outgoing = []
    for d in portal:
        if not users.get(d.org_id):
            d.status = DeliveryStatus.SKIPPED_NO_CONTACT
            continue
        outgoing.append(
            Outgoing(
                tuple(sorted(users[d.org_id])),
                campaign.title,
                render(campaign.template, enterprise=names.get(d.org_id, ""), policy=campaign.policy),
                link=f"/policies/mine/{campaign.policy_id}",
                category="policy",
                dedupe_key=f"policy-push:{campaign.pk}:{d.org_id}",
            )
        )
        d.status, d.sent_at, d.delivered_at = DeliveryStatus.DELIVERED, now, now
    messages_send(outgoing)
    sms = [d for d in live if d.channel == "sms"]
    if not sms:
        return []
    # the consent is read here for the batch and again by `sms_send` for each message (it decides)
    phones = dict(Organization.objects.filter(pk__in={d.org_id for d in sms}).values_list("pk", "contact_phone"))
    consent = set(SmsConsent.objects.filter(org_id__in={d.org_id for d in sms}).values_list("org_id", flat=True))
    quiet = in_quiet_hours(now)
    to_send: list[tuple[int, int, str, str]] = []
    for d in sms:
        mobile = str(phones.get(d.org_id) or "")
        if not mobile:
            d.status = DeliveryStatus.SKIPPED_NO_CONTACT
        elif quiet:
            d.status = DeliveryStatus.DEFERRED
        elif d.org_id not in consent:
            d.status = DeliveryStatus.SKIPPED_NO_CONSENT
        else:
            text = render(campaign.template, enterprise=names.get(d.org_id, ""), policy=campaign.policy)
            to_send.append((d.pk, d.org_id, mobile, text))
    return to_send


def _send_sms(*, pk: int, org_id: int, mobile: str, text: str, now: datetime) -> str:
    """One SMS under its row lock: sent only while the delivery is still open (another run of the batch
    may have sent it, or may hold the row right now — then it is left to that run)."""
    from smedt.core.dbcompat import relaxed_commit
    from smedt.notify.sms import MARKETING, SmsConsentMissing, SmsNotSent, sms_send

    with transaction.atomic():
        relaxed_commit()  # one commit per SMS: not waiting for the disk each time (see there)
        d = PushDelivery.objects.select_for_update(skip_locked=True).filter(pk=pk, status__in=OPEN).first()
        if d is None:
            return "already"
        d.attempts += 1
        try:
            row = sms_send(mobile=mobile, content=text, purpose="policy_push", kind=MARKETING, org_id=org_id)
        except SmsConsentMissing:
            d.status = DeliveryStatus.SKIPPED_NO_CONSENT
        except SmsNotSent as exc:
            d.status, d.error = DeliveryStatus.FAILED, str(exc)[:300]
        else:
            d.status, d.sent_at, d.provider_id = DeliveryStatus.SENT, now, row.provider_id
        d.save(update_fields=["status", "sent_at", "provider_id", "error", "attempts"])
        return str(d.status)


def campaign_settle(*, campaign_id: int) -> None:
    """After a batch: the campaign's progress (deliveries no longer pending); when none is pending, done —
    or, with SMS deferred by the quiet hours, waiting, with its dispatcher queued for the end of the quiet
    period. Under the campaign's row lock, so batches finishing together settle it once."""
    from smedt.policies.tasks import send_campaign

    now = timezone.now()
    with transaction.atomic():
        c = PushCampaign.objects.select_for_update().filter(pk=campaign_id).first()
        if c is None:
            return
        pending = PushDelivery.objects.filter(campaign_id=campaign_id, status=DeliveryStatus.PENDING).count()
        c.done = max(c.total - pending, 0)
        if pending or c.status != PushStatus.SENDING:
            c.save(update_fields=["done"])
            return
        if PushDelivery.objects.filter(campaign_id=campaign_id, status=DeliveryStatus.DEFERRED).exists():
            c.status = PushStatus.WAITING
            send_campaign.using(run_after=quiet_end(now)).enqueue(campaign_id=campaign_id)
        else:
            c.status, c.finished_at = PushStatus.DONE, now
        c.save(update_fields=["done", "status", "finished_at"])


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

"""Sending and reading in-app messages. Sending is idempotent per (recipient, dedupe_key)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.core.errors import NotFound
from smedt.notify.models import Message


def message_send(
    *,
    recipient_ids: Iterable[int],
    title: str,
    body: str = "",
    link: str = "",
    category: str = "system",
    dedupe_key: str = "",
    sms: bool = False,
) -> int:
    """Create one message per recipient; with a dedupe_key a repeated call adds nothing. With `sms` the
    message is a business notice also sent by SMS (through `notify.sms`, in the background) to every
    recipient with a mobile number."""
    ids = sorted(set(recipient_ids))
    if dedupe_key:
        existing = set(
            Message.objects.filter(recipient_id__in=ids, dedupe_key=dedupe_key).values_list("recipient_id", flat=True)
        )
        ids = [i for i in ids if i not in existing]
    Message.objects.bulk_create(
        [
            Message(
                recipient_id=i,
                title=title[:200],
                body=body,
                link=link[:255],
                category=category,
                dedupe_key=dedupe_key,
                sms_state="pending" if sms else "",
            )
            for i in ids
        ],
        ignore_conflicts=bool(dedupe_key),
    )
    if sms and ids:
        from smedt.notify.tasks import send_notice_sms

        transaction.on_commit(lambda: send_notice_sms.enqueue())
    return len(ids)


def notice_sms_text(msg: Message) -> str:
    text = f"{msg.title}。{msg.body}" if msg.body else msg.title
    return text[:300]


def notice_sms_send_pending(*, limit: int = 500) -> dict[str, int]:
    """Send the pending SMS copies of business notices, each under its row lock (skipped if another
    worker holds it), so a retried or doubled task never sends one twice."""
    from smedt.notify.sms import NOTICE, SmsNotSent, sms_send

    done = {"sent": 0, "failed": 0, "no_mobile": 0}
    ids = list(Message.objects.filter(sms_state="pending").order_by("id").values_list("pk", flat=True)[:limit])
    for pk in ids:
        with transaction.atomic():
            msg = (
                Message.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(pk=pk, sms_state="pending")
                .first()
            )
            if msg is None:
                continue
            mobile = str(msg.recipient.mobile or "") if msg.recipient.is_active else ""
            if not mobile:
                msg.sms_state = "no_mobile"
            else:
                try:
                    sms_send(mobile=mobile, content=notice_sms_text(msg), purpose=msg.category, kind=NOTICE)
                    msg.sms_state = "sent"
                except SmsNotSent:
                    msg.sms_state = "failed"
            msg.save(update_fields=["sms_state"])
            done[msg.sms_state] += 1
    return done


def message_mark_read(*, user: Any, message_id: int) -> Message:
    msg = Message.objects.filter(recipient_id=user.pk, pk=message_id).first()
    if msg is None:
        raise NotFound("消息不存在")
    if msg.read_at is None:
        msg.read_at = timezone.now()
        msg.save(update_fields=["read_at"])
    return msg


@transaction.atomic
def message_mark_all_read(*, user: Any) -> int:
    return Message.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())


def unread_count(*, user: Any) -> int:
    return Message.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()

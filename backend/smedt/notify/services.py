"""Sending and reading in-app messages. Sending is idempotent per (recipient, dedupe_key)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from smedt.core.errors import NotFound
from smedt.notify.models import Message


@dataclass(frozen=True)
class Outgoing:
    """One in-app message to send to each of `recipient_ids` (see `messages_send`)."""

    recipient_ids: tuple[int, ...]
    title: str
    body: str = ""
    link: str = ""
    category: str = "system"
    dedupe_key: str = ""
    sms: bool = False


def messages_send(items: Iterable[Outgoing]) -> int:
    """Create the messages of many sends with one SELECT and one INSERT; a (recipient, dedupe_key)
    already there adds nothing, so a repeated call adds nothing. Returns the messages created."""
    items = list(items)
    keyed = [it for it in items if it.dedupe_key]
    existing: set[tuple[int, str]] = set()
    for i in range(0, len(keyed), 500):
        chunk = keyed[i : i + 500]
        existing.update(
            Message.objects.filter(
                dedupe_key__in={it.dedupe_key for it in chunk},
                recipient_id__in={r for it in chunk for r in it.recipient_ids},
            ).values_list("recipient_id", "dedupe_key")
        )
    rows: list[Message] = []
    for it in items:
        for rid in sorted(set(it.recipient_ids)):
            if it.dedupe_key and (rid, it.dedupe_key) in existing:
                continue
            if it.dedupe_key:
                existing.add((rid, it.dedupe_key))
            rows.append(
                Message(
                    recipient_id=rid,
                    title=it.title[:200],
                    body=it.body,
                    link=it.link[:255],
                    category=it.category,
                    dedupe_key=it.dedupe_key,
                    sms_state="pending" if it.sms else "",
                )
            )
    Message.objects.bulk_create(rows, batch_size=500, ignore_conflicts=bool(keyed))
    if any(m.sms_state == "pending" for m in rows):
        from smedt.notify.tasks import send_notice_sms

        transaction.on_commit(lambda: send_notice_sms.enqueue())
    return len(rows)


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
    return messages_send(
        [Outgoing(tuple(recipient_ids), title, body, link=link, category=category, dedupe_key=dedupe_key, sms=sms)]
    )


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

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
) -> int:
    """Create one message per recipient; with a dedupe_key a repeated call adds nothing."""
    ids = sorted(set(recipient_ids))
    if dedupe_key:
        existing = set(
            Message.objects.filter(recipient_id__in=ids, dedupe_key=dedupe_key).values_list("recipient_id", flat=True)
        )
        ids = [i for i in ids if i not in existing]
    Message.objects.bulk_create(
        [
            Message(
                recipient_id=i, title=title[:200], body=body, link=link[:255], category=category, dedupe_key=dedupe_key
            )
            for i in ids
        ],
        ignore_conflicts=bool(dedupe_key),
    )
    return len(ids)


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

"""In-app messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Message(models.Model):
    """站内消息 — one message to one user; read when read_at is set."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages")
    category = models.CharField("类别", max_length=32, default="system")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True, default="")
    link = models.CharField("链接", max_length=255, blank=True, default="")
    dedupe_key = models.CharField(max_length=128, blank=True, default="")
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "站内消息"
        indexes = [models.Index(fields=["recipient", "read_at"], name="notify_msg_unread_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notify_message_dedupe",
            )
        ]

    def __str__(self) -> str:
        return self.title

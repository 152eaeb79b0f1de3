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
    # also sent by SMS (a business notice): "" not asked, pending / sent / failed / no_mobile
    sms_state = models.CharField("短信状态", max_length=12, blank=True, default="")

    class Meta:
        ordering = ["-id"]
        verbose_name = "站内消息"
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notify_msg_unread_idx"),
            models.Index(fields=["sms_state"], name="notify_msg_sms_pending", condition=models.Q(sms_state="pending")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="notify_message_dedupe",
            )
        ]

    def __str__(self) -> str:
        return self.title


class SmsConsent(models.Model):
    """短信推送同意 — the enterprise agreed to receive promotional-type SMS (policy pushes) at its
    registered contact number; given and withdrawn by one of its users. Verification codes and service
    notices need none (docs/integrations/sms.md)."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("同意时间", auto_now_add=True)

    class Meta:
        verbose_name = "短信推送同意"

    def __str__(self) -> str:
        return f"consent {self.org_id}"

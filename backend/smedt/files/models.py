"""Attachments stored on a Django storage backend, with their SM3 digest."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from smedt.files.querysets import AttachmentQuerySet


class Attachment(models.Model):
    """附件 — an uploaded file; downloaded only through the authorized endpoint."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100)
    size = models.BigIntegerField("大小")
    sm3 = models.CharField("SM3 摘要", max_length=64, db_index=True)
    storage_name = models.CharField(max_length=255)
    purpose = models.CharField("用途", max_length=64, blank=True, default="")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    org = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT)
    region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "附件"

    def __str__(self) -> str:
        return self.name

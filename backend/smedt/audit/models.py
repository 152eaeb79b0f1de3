"""Append-only audit trail with an HMAC-SM3 hash chain."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from smedt.audit.querysets import AuditRecordQuerySet


class AuditRecord(models.Model):
    """操作日志 — one change made by one actor, written in the same transaction as the change."""

    created_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_name = models.CharField("操作人", max_length=150, blank=True, default="")
    action = models.CharField("操作", max_length=100, db_index=True)
    target_type = models.CharField("对象类型", max_length=100, blank=True, default="", db_index=True)
    target_id = models.CharField("对象标识", max_length=64, blank=True, default="")
    target_repr = models.CharField("对象", max_length=255, blank=True, default="")
    region_path = models.CharField("区域路径", max_length=255, blank=True, default="", db_index=True)
    region_name = models.CharField("区域", max_length=64, blank=True, default="")
    org_id = models.BigIntegerField("组织", null=True, blank=True)
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    request_id = models.CharField("请求号", max_length=64, blank=True, default="")
    ip = models.CharField("IP", max_length=64, blank=True, default="")
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "操作日志"

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("audit records are append-only")


class AuditChainHead(models.Model):
    """The last hash of the chain; locked while appending so the chain stays linear.

    `mac` (HMAC-SM3 under the audit key over count and last hash) keeps someone with database
    access but without the key from rewinding the head after deleting the newest records.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, blank=True, default="")
    count = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"audit chain head ({self.count})"

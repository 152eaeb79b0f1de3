"""上报与绩效: the outbox of signed records for the national pilot platform, and 绩效 period snapshots."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from smedt.reporting.querysets import OutboxQuerySet, SnapshotQuerySet


class RecordKind(models.TextChoices):
    PILOT = "pilot_enterprise", "试点企业"
    PROJECT = "project", "改造项目"
    ACCEPTANCE = "acceptance", "验收结果"
    FUNDS = "funds", "资金拨付"
    PERFORMANCE = "performance", "绩效指标"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class OutboxRecord(models.Model):
    """上报记录 — one signed JSON record for the national platform; the body is frozen when queued, so a
    resend carries exactly the same bytes, signature and idempotency key."""

    kind = models.CharField("数据类型", max_length=24, choices=RecordKind.choices)
    object_ref = models.CharField("业务对象", max_length=64)
    title = models.CharField("摘要", max_length=200)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    idempotency_key = models.CharField("幂等键", max_length=64, unique=True)
    timestamp = models.CharField("签名时间", max_length=32)
    body = models.TextField("报文")
    algorithm = models.CharField("签名算法", max_length=16)
    signature = models.TextField("签名")
    status = models.CharField(
        "状态", max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField("发送次数", default=0)
    next_attempt_at = models.DateTimeField("下次重试时间", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=255, blank=True, default="")
    response_status = models.PositiveIntegerField("应答状态码", null=True, blank=True)
    response_body = models.CharField("应答内容", max_length=2000, blank=True, default="")
    receipt = models.CharField("回执号", max_length=64, blank=True, default="")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送成功时间", null=True, blank=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "国家平台上报记录"
        indexes = [models.Index(fields=["kind", "object_ref", "-id"], name="reporting_outbox_object")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_ref}"


class SnapshotStatus(models.TextChoices):
    COMPUTING = "computing", "计算中"
    DRAFT = "draft", "待确认"
    FAILED = "failed", "计算失败"
    CONFIRMED = "confirmed", "已确认"


class SnapshotFrozen(Exception):
    """A confirmed snapshot is never written again."""


class PerformanceSnapshot(models.Model):
    """绩效快照 — the indicators of one reporting period, computed in the background, frozen when confirmed."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("报告期", max_length=16)
    status = models.CharField("状态", max_length=16, choices=SnapshotStatus.choices, default=SnapshotStatus.COMPUTING)
    data = models.JSONField("指标数据", default=dict)
    digest = models.CharField("SM3 摘要", max_length=64, blank=True, default="")
    error = models.CharField("失败原因", max_length=255, blank=True, default="")
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    compute_ms = models.PositiveIntegerField("计算耗时（毫秒）", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    outbox = models.ForeignKey(OutboxRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "-id"]
        verbose_name = "绩效快照"
        constraints = [models.UniqueConstraint(fields=["region", "period"], name="reporting_snapshot_period")]

    def __str__(self) -> str:
        return f"绩效快照 {self.period}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == SnapshotStatus.CONFIRMED:
                raise SnapshotFrozen(f"snapshot {self.pk} is confirmed")
        super().save(*args, **kwargs)

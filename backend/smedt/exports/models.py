"""导出任务: every Excel export of a list runs as a background job with progress and a download link."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"
    EXPIRED = "expired", "已过期"


class ExportJob(models.Model):
    """导出任务 — one export of a registered kind (``registry``) with the list's filters, written in the
    background to a file in the file storage, downloadable by its owner until it expires."""

    kind = models.CharField("导出类型", max_length=64)
    params = models.JSONField("筛选条件", default=dict)
    status = models.CharField("状态", max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    total = models.PositiveIntegerField("总行数", default=0)
    progress = models.PositiveIntegerField("已导出行数", default=0)
    row_count = models.PositiveIntegerField("文件行数", default=0)
    storage_name = models.CharField("存储路径", max_length=255, blank=True, default="")
    file_name = models.CharField("文件名", max_length=255, blank=True, default="")
    size = models.PositiveBigIntegerField("文件大小", default=0)
    error = models.CharField("失败原因", max_length=255, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("过期时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "导出任务"
        indexes = [
            models.Index(fields=["created_by", "-id"], name="exports_job_owner"),
            models.Index(fields=["status", "expires_at"], name="exports_job_expiry"),
        ]

    def __str__(self) -> str:
        return f"导出 {self.pk}（{self.kind}）"

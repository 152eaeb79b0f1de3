"""试点成效展示 is read-only over the other modules; its one table holds the background Excel exports."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ExportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


class ExportJob(models.Model):
    """报表导出任务 — the 试点企业进度统计报表 written to Excel in the background, with its progress."""

    filters = models.JSONField("筛选条件", default=dict)
    status = models.CharField("状态", max_length=16, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    total = models.PositiveIntegerField("总行数", default=0)
    progress = models.PositiveIntegerField("已写入行数", default=0)
    content = models.BinaryField("文件内容", null=True, blank=True)
    error = models.CharField("失败原因", max_length=255, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "报表导出任务"

    def __str__(self) -> str:
        return f"导出 {self.pk}"

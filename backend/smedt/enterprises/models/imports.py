"""批量导入任务 — one Excel upload by a government user, validated row by row, written all or nothing."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from smedt.enterprises.querysets import ImportJobQuerySet


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "导入中"
    SUCCEEDED = "succeeded", "导入成功"
    FAILED = "failed", "校验未通过"


class ImportJob(models.Model):
    """企业导入任务 — status, progress and the row-by-row error report the screen polls."""

    file = models.ForeignKey("files.Attachment", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total = models.PositiveIntegerField("总行数", default=0)
    progress = models.PositiveIntegerField("已处理行数", default=0)
    created_count = models.PositiveIntegerField("新建企业数", default=0)
    updated_count = models.PositiveIntegerField("更新企业数", default=0)
    errors = models.JSONField("错误报告", default=list)  # [{"row": 3, "column": "统一社会信用代码", "message": "…"}]
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "企业导入任务"

    def __str__(self) -> str:
        return f"导入 {self.pk}"

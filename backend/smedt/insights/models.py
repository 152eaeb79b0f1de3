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


class SummaryCell(models.Model):
    """汇总数据 — a pre-aggregated figure of a heavy widget for one county (KPI per 细分行业 and 规上 flag,
    stage durations per step), rewritten as a whole by the background refresh (``services.summary_refresh``).

    ``count``/``value``/``peak`` mean, for the KPI: enterprises / enterprises at the target level / 0; for
    the durations: projects that passed the step / total microseconds spent / longest microseconds."""

    widget = models.CharField("看板组件", max_length=16)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("分组", max_length=64)
    count = models.BigIntegerField("数量", default=0)
    value = models.BigIntegerField("合计", default=0)
    peak = models.BigIntegerField("最大值", default=0)

    class Meta:
        verbose_name = "看板汇总数据"
        indexes = [models.Index(fields=["widget", "region"], name="insights_cell_widget_region")]

    def __str__(self) -> str:
        return f"{self.widget} {self.region_id} {self.key}"


class SummaryRun(models.Model):
    """When each widget's cells were last rewritten, and with which parameters (e.g. the target level)."""

    widget = models.CharField("看板组件", max_length=16, unique=True)
    params = models.JSONField("参数", default=dict)
    computed_at = models.DateTimeField("计算时间")
    duration_ms = models.PositiveIntegerField("耗时（毫秒）", default=0)

    class Meta:
        verbose_name = "看板汇总刷新记录"

    def __str__(self) -> str:
        return f"{self.widget} {self.computed_at}"

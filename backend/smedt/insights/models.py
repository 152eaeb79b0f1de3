"""试点成效展示 is read-only over the other modules; its tables hold the background summary of the heavy widgets
(its Excel export runs on ``smedt.exports``)."""

from __future__ import annotations

from django.db import models


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
        indexes = [
            models.Index(fields=["widget", "region"], name="insights_cell_widget_region"),
            models.Index(fields=["widget", "key"], name="insights_cell_widget_key"),
        ]

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

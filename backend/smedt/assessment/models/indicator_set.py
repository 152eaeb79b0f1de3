"""Versioned indicator sets: the national table an assessment is scored against."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IndicatorSetStatus(models.TextChoices):
    ACTIVE = "active", "启用"
    INACTIVE = "inactive", "停用"


class IndicatorSet(models.Model):
    """评测指标体系 — one imported version of an indicator table (e.g. 2024-manufacturing 2024.1).

    ``definition`` is the checked data file in canonical JSON (decimals as text) and never
    changes after import: a new file is a new version, and every assessment keeps a foreign
    key to the version it was scored with. At most one version per code is active (offered
    for new assessments).
    """

    code = models.CharField("指标体系编码", max_length=64)
    version = models.CharField("版本", max_length=32)
    name = models.CharField("名称", max_length=200)
    status = models.CharField(
        "状态", max_length=16, choices=IndicatorSetStatus.choices, default=IndicatorSetStatus.ACTIVE
    )
    definition = models.JSONField("指标定义")
    source_name = models.CharField("来源文件", max_length=255, blank=True, default="")
    source_digest = models.CharField("来源文件 SM3 摘要", max_length=64, unique=True)
    imported_at = models.DateTimeField("导入时间")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["code", "-imported_at", "-id"]
        verbose_name = "评测指标体系"
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="assessment_indicator_set_code_version"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(status="active"),
                name="assessment_indicator_set_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.version}）"

"""试点企业库 — the pilot library. The selection itself (batches, applications, expert scores, publicity
objections) runs on the application engine: a campaign of kind "pilot" (see `enterprises/pilot_campaign.py`)."""

from __future__ import annotations

from django.db import models

from smedt.enterprises.querysets import PilotEnterpriseQuerySet
from smedt.reviews.publicity import ObjectionStatus as ObjectionStatus  # re-exported: shared by every publicity


class PilotStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    DISABLED = "disabled", "已停用"


# 数字化水平等级 of a pilot enterprise as users read it (1–4; None = 未评定)
PILOT_LEVEL_LABELS = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


def pilot_level_label(level: int | None) -> str:
    return PILOT_LEVEL_LABELS.get(level, "未评定") if level else "未评定"


class PilotEnterprise(models.Model):
    """试点企业 — an enterprise in the pilot library; a disabled one cannot start new projects."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.PROTECT, related_name="pilot")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    submission = models.ForeignKey(
        "applications.Submission", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the selected application (申报书) it entered with
    campaign = models.ForeignKey(
        "applications.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the selection round (遴选批次)
    sub_industry = models.CharField("细分行业", max_length=64)
    level = models.PositiveSmallIntegerField("数字化水平等级", null=True, blank=True)  # 1–4, None = 未评定
    status = models.CharField(
        "状态", max_length=16, choices=PilotStatus.choices, default=PilotStatus.ACTIVE, db_index=True
    )
    status_reason = models.CharField("状态说明", max_length=255, blank=True, default="")
    entered_at = models.DateTimeField("入库时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PilotEnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "试点企业"

    def __str__(self) -> str:
        return f"试点企业 {self.org_id}"

"""试点企业遴选: batches, applications with expert scores and publicity objections, the pilot library."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from smedt.enterprises.querysets import PilotApplicationQuerySet, PilotEnterpriseQuerySet, SelectionBatchQuerySet
from smedt.reviews.publicity import Objection
from smedt.reviews.publicity import ObjectionStatus as ObjectionStatus  # re-exported: shared by every publicity


class ScoreSheet(models.Model):
    """评分表 — configurable expert score sheet: items with their maximum marks (versioned by code+version)."""

    code = models.CharField("编码", max_length=64)
    version = models.PositiveSmallIntegerField("版本", default=1)
    name = models.CharField("名称", max_length=128)
    items = models.JSONField("评分项", default=list)  # [{"key", "name", "max_score": "30"}]
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = "评分表"
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="enterprises_scoresheet_version")]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class BatchStatus(models.TextChoices):
    OPEN = "open", "申报中"
    CLOSED = "closed", "已截止"


class SelectionBatch(models.Model):
    """试点企业遴选批次 — opened by the city: 细分行业 list, quota, deadline, publicity days."""

    name = models.CharField("批次名称", max_length=128)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    sub_industries = models.JSONField("细分行业", default=list)
    quota = models.PositiveIntegerField("名额")
    deadline = models.DateTimeField("申报截止时间")
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=5)
    required_attachments = models.JSONField("必需附件", default=list)  # [{"key", "name"}]
    score_sheet = models.ForeignKey(ScoreSheet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=BatchStatus.choices, default=BatchStatus.OPEN)
    description = models.TextField("说明", blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = SelectionBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "试点企业遴选批次"

    def __str__(self) -> str:
        return self.name


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEWING = "reviewing", "审核中"
    RETURNED = "returned", "退回修改"
    PUBLICITY = "publicity", "公示中"
    APPROVED = "approved", "已入库"
    REJECTED = "rejected", "未通过"
    WITHDRAWN = "withdrawn", "已撤回"


class PilotApplication(models.Model):
    """试点企业申报 — an enterprise's application to one batch, pre-filled from its record."""

    batch = models.ForeignKey(SelectionBatch, on_delete=models.PROTECT, related_name="applications")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    sub_industry = models.CharField("申报细分行业", max_length=64)
    snapshot = models.JSONField("档案快照", default=dict)  # profile + latest figures at submission
    plan_summary = models.TextField("数字化转型计划", blank=True, default="")
    contact_name = models.CharField("联系人", max_length=64, blank=True, default="")
    attachments = models.JSONField("附件", default=dict)  # {required key: attachment id}
    status = models.CharField(
        "状态", max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT, db_index=True
    )
    review = models.ForeignKey(
        "reviews.ReviewRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    publicity_starts_at = models.DateTimeField("公示开始", null=True, blank=True)
    publicity_ends_at = models.DateTimeField("公示结束", null=True, blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)
    decision_note = models.CharField("办结说明", max_length=255, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PilotApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "试点企业申报"
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "org"],
                condition=~Q(status__in=["rejected", "withdrawn"]),
                name="enterprises_one_live_application_per_batch",
            )
        ]

    def __str__(self) -> str:
        return f"试点申报 {self.pk}"


class PilotExpertScore(models.Model):
    """专家评分 — one expert's marks on one application against the batch's score sheet."""

    application = models.ForeignKey(PilotApplication, on_delete=models.CASCADE, related_name="scores")
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="+")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expert_name = models.CharField("专家", max_length=150, blank=True, default="")
    marks = models.JSONField("各项得分", default=dict)  # {item key: "12.5"}
    total = models.DecimalField("总分", max_digits=7, decimal_places=2)
    opinion = models.TextField("评审意见", blank=True, default="")
    created_at = models.DateTimeField("评分时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "专家评分"
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="enterprises_one_score_per_expert")
        ]

    def __str__(self) -> str:
        return f"{self.expert_name} {self.total}"


class PilotObjection(Objection):
    """公示异议 — filed by any signed-in user during publicity, handled by the city (rules in reviews.publicity)."""

    application = models.ForeignKey(PilotApplication, on_delete=models.CASCADE, related_name="objections")

    class Meta:
        ordering = ["id"]
        verbose_name = "公示异议"


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
    application = models.ForeignKey(PilotApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(SelectionBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
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

"""申报: templates with frozen versions, campaigns, submissions, overrides, expert scores, objections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from smedt.applications import workflow
from smedt.applications.querysets import CampaignQuerySet, SubmissionQuerySet, TemplateQuerySet
from smedt.reviews.publicity import Objection


class Template(models.Model):
    """申报模板 — a named form the city designs; its content lives in versions."""

    name = models.CharField("模板名称", max_length=100)
    description = models.TextField("说明", blank=True, default="")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "申报模板"

    def __str__(self) -> str:
        return self.name


class TemplateVersion(models.Model):
    """模板版本 — the schema at one version; publishing freezes it, later edits make a new draft."""

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本号")
    status = models.CharField(
        "状态", max_length=16, choices=list(workflow.VERSION_LABELS.items()), default=workflow.V_DRAFT
    )
    schema = models.JSONField("模板结构")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = "模板版本"
        constraints = [
            models.UniqueConstraint(fields=["template", "version"], name="applications_one_version_number"),
            models.UniqueConstraint(
                fields=["template"], condition=Q(status="draft"), name="applications_one_draft_per_template"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_id} v{self.version}"


class Campaign(models.Model):
    """申报批次 — one round of applications against a published template version."""

    name = models.CharField("批次名称", max_length=100)
    description = models.TextField("申报说明", blank=True, default="")
    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="campaigns")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "状态", max_length=16, choices=list(workflow.CAMPAIGN_LABELS.items()), default=workflow.C_DRAFT
    )
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    org_kinds = models.JSONField("申报主体类型", default=list)
    region_codes = models.JSONField("限定区域", default=list, blank=True)
    eligibility_rule = models.CharField("申报条件（规则）", max_length=500, blank=True, default="")
    eligibility_text = models.CharField("申报条件说明", max_length=200, blank=True, default="")
    quota = models.PositiveIntegerField("名额")
    review_chain = models.CharField(
        "审核流程", max_length=32, choices=list(workflow.REVIEW_CHAINS.items()), default=workflow.CHAIN_COUNTY_CITY
    )
    result_handler = models.CharField("入选后处理", max_length=64, blank=True, default="")
    kind = models.CharField("批次类别", max_length=32, blank=True, default="", db_index=True)
    field_options = models.JSONField("本批次选项范围", default=dict, blank=True)  # {select field key: [values]}
    expert_scoring = models.BooleanField("专家评分", default=False)
    min_expert_scores = models.PositiveSmallIntegerField("最少专家评分数", default=1)  # 0: scoring is optional
    score_items = models.JSONField("评分表", default=list, blank=True)
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=5)
    remind_days = models.PositiveSmallIntegerField("截止前提醒天数", default=3)
    reminded_at = models.DateTimeField("已提醒时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = "申报批次"

    def __str__(self) -> str:
        return self.name


class Submission(models.Model):
    """申报书 — one organization's application in a campaign, kept on the template version it was filled against."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="submissions")
    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "状态",
        max_length=16,
        choices=list(workflow.SUBMISSION_LABELS.items()),
        default=workflow.DRAFT,
        db_index=True,
    )
    data = models.JSONField("填报内容", default=dict)
    facts = models.JSONField("后台数据快照", default=dict)
    indicators = models.JSONField("指标结果", default=list)
    findings = models.JSONField("预审发现", default=list)
    overrides = models.JSONField("人工调整", default=dict)
    prereview_score = models.DecimalField("预评审得分", max_digits=9, decimal_places=2, default=0)
    findings_count = models.PositiveIntegerField("发现数", default=0)
    review = models.OneToOneField(
        "reviews.ReviewRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    publicity_starts_at = models.DateTimeField("公示开始", null=True, blank=True)
    publicity_ends_at = models.DateTimeField("公示结束", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)
    decision_note = models.CharField("结果说明", max_length=255, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "申报书"
        constraints = [models.UniqueConstraint(fields=["campaign", "org"], name="applications_one_per_org")]
        indexes = [models.Index(fields=["campaign", "status", "-prereview_score"], name="applications_rank")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.org_id}"


class IndicatorOverride(models.Model):
    """指标人工调整 — a reviewer replaces a computed indicator's points, always with a reason."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="override_log")
    indicator_key = models.CharField("指标", max_length=40)
    computed_points = models.DecimalField("计算得分", max_digits=9, decimal_places=2)
    points = models.DecimalField("调整后得分", max_digits=9, decimal_places=2)
    reason = models.CharField("调整理由", max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("调整人", max_length=150, blank=True, default="")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "指标人工调整"

    def __str__(self) -> str:
        return f"{self.indicator_key}→{self.points}"


class SubmissionScore(models.Model):
    """专家评分 — one expert's marks on a submission, on the campaign's score sheet."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    expert_name = models.CharField("专家", max_length=150)
    marks = models.JSONField("各项得分")
    total = models.DecimalField("总分", max_digits=9, decimal_places=2)
    opinion = models.TextField("评审意见", blank=True, default="")
    created_at = models.DateTimeField("评分时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "申报专家评分"
        constraints = [
            models.UniqueConstraint(fields=["submission", "expert"], name="applications_one_score_per_expert")
        ]

    def __str__(self) -> str:
        return f"{self.expert_name} {self.total}"


class SubmissionObjection(Objection):
    """申报公示异议."""

    application = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="objections")

    class Meta:
        ordering = ["-id"]
        verbose_name = "申报公示异议"

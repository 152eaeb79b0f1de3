"""产业服务: industry chains (chain → link → enterprise), periodic operating reports and their import jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from smedt.industry.querysets import ChainMemberQuerySet, ChainQuerySet, ReportImportQuerySet, ReportQuerySet


class Stage(models.TextChoices):
    UPSTREAM = "upstream", "上游"
    MIDSTREAM = "midstream", "中游"
    DOWNSTREAM = "downstream", "下游"


class MemberRole(models.TextChoices):
    MODEL = "model", "样板企业"
    FOLLOWER = "follower", "复制推广企业"
    MEMBER = "member", "链上企业"


class Chain(models.Model):
    """产业链 — one of a city's pilot 细分行业, configured by the city bureau."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("编码", max_length=32)
    name = models.CharField("产业链名称", max_length=64)
    sub_industry = models.CharField("试点细分行业", max_length=32, blank=True, default="")
    description = models.CharField("简介", max_length=500, blank=True, default="")
    sort = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)
    data_version = models.CharField("数据版本", max_length=64, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ChainQuerySet.as_manager()

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = "产业链"
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="industry_chain_code_per_region")]

    def __str__(self) -> str:
        return self.name


class ChainLink(models.Model):
    """产业链环节 — 上游 / 中游 / 下游 and its name."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="links")
    stage = models.CharField("环节位置", max_length=16, choices=Stage.choices)
    name = models.CharField("环节名称", max_length=64)
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort", "id"]
        verbose_name = "产业链环节"
        constraints = [models.UniqueConstraint(fields=["chain", "name"], name="industry_link_name_per_chain")]

    def __str__(self) -> str:
        return self.name


class ChainMember(models.Model):
    """链上企业 — an enterprise on one link of a chain, marked 样板 / 复制推广 with its transformation date."""

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="members")
    link = models.ForeignKey(ChainLink, on_delete=models.PROTECT, related_name="members")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="industry_memberships")
    role = models.CharField("企业类型", max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    transformed_on = models.DateField("数字化改造完成日期", null=True, blank=True)
    created_at = models.DateTimeField("加入时间", auto_now_add=True)

    objects = ChainMemberQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = "链上企业"
        constraints = [models.UniqueConstraint(fields=["chain", "org"], name="industry_one_membership_per_chain")]
        indexes = [models.Index(fields=["org", "chain"], name="industry_member_org")]

    def __str__(self) -> str:
        return f"{self.chain_id}:{self.org_id}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待县区确认"
    RETURNED = "returned", "退回修改"
    CONFIRMED = "confirmed", "已确认"


class OperatingReport(models.Model):
    """经营数据报送 — one enterprise's figures for one period (month "2026-03" or quarter "2026-Q1")."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="industry_reports")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    period = models.CharField("报送期", max_length=8)
    period_start = models.DateField("期初")
    due_on = models.DateField("截止日期")
    status = models.CharField("状态", max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    flagged = models.PositiveSmallIntegerField("异常波动项数", default=0)
    # the lowest change against the previous period among the figures (None: nothing to compare), kept with
    # the figures by ``services.report_save``: 线上监测 tells a big drop from the report row alone
    min_change_pct = models.DecimalField("最大降幅（环比%）", max_digits=12, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField("报送时间", null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    review_note = models.CharField("县区意见", max_length=500, blank=True, default="")
    config_version = models.CharField("指标版本", max_length=64, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = "经营数据报送"
        constraints = [models.UniqueConstraint(fields=["org", "period"], name="industry_one_report_per_period")]
        indexes = [
            models.Index(fields=["period", "status"], name="industry_report_period"),
            models.Index(fields=["org", "period_start"], name="industry_report_org_start"),
        ]

    def __str__(self) -> str:
        return f"{self.org_id} {self.period}"


class ReportValue(models.Model):
    """One indicator's figure in a report, compared with the previous period."""

    report = models.ForeignKey(OperatingReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.CharField("指标", max_length=32)
    value = models.DecimalField("数值", max_digits=16, decimal_places=2)
    previous = models.DecimalField("上期数值", max_digits=16, decimal_places=2, null=True, blank=True)
    change_pct = models.DecimalField("环比（%）", max_digits=12, decimal_places=2, null=True, blank=True)
    flagged = models.BooleanField("异常波动", default=False)
    explanation = models.CharField("波动说明", max_length=300, blank=True, default="")

    class Meta:
        ordering = ["id"]
        verbose_name = "经营指标数值"
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="industry_one_value_per_indicator")]
        indexes = [models.Index(fields=["indicator", "report"], name="industry_value_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator}={self.value}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "导入中"
    SUCCEEDED = "succeeded", "导入成功"
    FAILED = "failed", "校验未通过"


class ReportImport(models.Model):
    """经营数据导入任务 — an Excel upload by an enterprise, checked row by row, written all or nothing."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    file = models.ForeignKey("files.Attachment", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total = models.PositiveIntegerField("总行数", default=0)
    progress = models.PositiveIntegerField("已处理行数", default=0)
    written = models.PositiveIntegerField("写入报送期数", default=0)
    errors = models.JSONField("错误报告", default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ReportImportQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "经营数据导入任务"

    def __str__(self) -> str:
        return f"导入 {self.pk}"


# 产业链场景库 lives in its own module; imported here so Django registers its models with the app.
from smedt.industry.scenario_models import (  # noqa: E402, F401
    CandidateStatus,
    ReporterSource,
    RunStatus,
    Scenario,
    ScenarioCandidate,
    ScenarioReporter,
    ScenarioRun,
    ScenarioStatus,
)

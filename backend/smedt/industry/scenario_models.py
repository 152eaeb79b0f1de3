"""产业链场景库: problem scenarios per chain and link, the enterprises that reported them, the candidate
problems found in the members' assessments, and the background run that recomputes both."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from smedt.industry.scenario_querysets import (
    CandidateQuerySet,
    ReporterQuerySet,
    ScenarioQuerySet,
    ScenarioRunQuerySet,
)


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    RETIRED = "retired", "已停用"


class Scenario(models.Model):
    """产业链场景 — a problem of one chain (and link), e.g. 起重装备·焊接质量追溯, mapped to digital-level scenes."""

    chain = models.ForeignKey("industry.Chain", on_delete=models.CASCADE, related_name="scenarios")
    link = models.ForeignKey(
        "industry.ChainLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="scenarios"
    )
    code = models.CharField("编码", max_length=48)
    title = models.CharField("场景名称", max_length=64)
    description = models.TextField("问题描述", blank=True, default="")
    scenes = models.JSONField("对应数字化水平场景", default=list)  # scenario ids of the 2024 indicator set
    keywords = models.JSONField("关键词", default=list, blank=True)  # matched against needs and diagnoses
    status = models.CharField("状态", max_length=16, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT)
    inferred = models.BooleanField("推断内容（待市级核实）", default=False)
    data_version = models.CharField("数据版本", max_length=64, blank=True, default="")
    reporter_count = models.PositiveIntegerField("反映企业数", default=0)
    refreshed_at = models.DateTimeField("统计时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["chain__sort", "id"]
        verbose_name = "产业链场景"
        constraints = [models.UniqueConstraint(fields=["chain", "code"], name="industry_scenario_code_per_chain")]
        indexes = [models.Index(fields=["status", "chain"], name="industry_scenario_status")]

    def __str__(self) -> str:
        return self.title


class ReporterSource(models.TextChoices):
    NEED = "need", "供需需求"
    DIAGNOSIS = "diagnosis", "诊断发现"
    ASSESSMENT = "assessment", "评测低分场景"


class ScenarioReporter(models.Model):
    """场景反映企业 — an enterprise that reported a scenario: by a need, a diagnosis or a low-scoring scene."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="reporters")
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    source = models.CharField("来源", max_length=16, choices=ReporterSource.choices)
    ref_id = models.PositiveBigIntegerField("来源记录", default=0)  # need / project / assessment id (0: none)
    scene = models.CharField("场景", max_length=8, blank=True, default="")
    raised = models.BooleanField("由场景发起的需求", default=False)  # kept when the aggregate is recomputed
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    objects = ReporterQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "场景反映企业"
        constraints = [
            models.UniqueConstraint(fields=["scenario", "source", "ref_id", "org"], name="industry_reporter_once")
        ]
        indexes = [models.Index(fields=["source", "ref_id"], name="industry_reporter_ref")]

    def __str__(self) -> str:
        return f"{self.scenario_id}:{self.org_id}"


class CandidateStatus(models.TextChoices):
    OPEN = "open", "待处理"
    ACCEPTED = "accepted", "已采纳"
    DISMISSED = "dismissed", "已忽略"


class ScenarioCandidate(models.Model):
    """候选问题 — a digital-level scene on which members of a chain link score low (from the aggregate)."""

    chain = models.ForeignKey("industry.Chain", on_delete=models.CASCADE, related_name="+")
    link = models.ForeignKey("industry.ChainLink", on_delete=models.CASCADE, related_name="+")
    scene = models.CharField("场景", max_length=8)
    enterprise_count = models.PositiveIntegerField("低分企业数", default=0)
    status = models.CharField("状态", max_length=16, choices=CandidateStatus.choices, default=CandidateStatus.OPEN)
    scenario = models.ForeignKey(Scenario, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("统计时间", auto_now=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["-enterprise_count", "id"]
        verbose_name = "候选问题"
        constraints = [
            models.UniqueConstraint(fields=["chain", "link", "scene"], name="industry_candidate_once"),
        ]

    def __str__(self) -> str:
        return f"{self.chain_id}:{self.link_id}:{self.scene}"


class RunStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "计算中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


class ScenarioRun(models.Model):
    """场景库统计任务 — the background aggregate of reporters and candidate problems of a city's chains."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=RunStatus.choices, default=RunStatus.PENDING)
    total = models.PositiveIntegerField("产业链数", default=0)
    progress = models.PositiveIntegerField("已完成", default=0)
    reporters = models.PositiveIntegerField("反映记录数", default=0)
    candidates = models.PositiveIntegerField("候选问题数", default=0)
    error = models.CharField("错误", max_length=500, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ScenarioRunQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "场景库统计任务"

    def __str__(self) -> str:
        return f"场景统计 {self.pk}"

"""Self-assessments (自评) and on-site ratings (现场评定), kept apart; the analysis reads ``AnalysisEntry``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from smedt.assessment.querysets import (
    AnalysisEntryQuerySet,
    AssessmentQuerySet,
    ExpertAssignmentQuerySet,
    OnsiteRatingQuerySet,
)


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"


class SizeBand(models.TextChoices):
    """企业规模 (GB 划型): the analysis groups a missing size as ``unknown``."""

    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"
    UNKNOWN = "unknown", "未知"


class ResultSource(models.TextChoices):
    SELF = "self", "企业自评"
    ONSITE = "onsite", "现场评定"


_UNSET: Any = object()


class _Questionnaire(models.Model):
    """Fields shared by a self-assessment and an on-site rating (same questionnaire, same result)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    indicator_set = models.ForeignKey("assessment.IndicatorSet", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "状态", max_length=16, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT, db_index=True
    )
    answers = models.JSONField("答题", default=dict, blank=True)
    scenarios = models.JSONField("业务场景等级", default=dict, blank=True)
    evidence = models.JSONField("佐证数据", default=dict, blank=True)
    # question id -> why the figures and the ticked option disagree (scoring.submission_issues)
    explanations = models.JSONField("数据与选项不一致的说明", default=dict, blank=True)
    progress_answered = models.PositiveIntegerField("已答题数", default=0)
    progress_total = models.PositiveIntegerField("题目总数", default=0)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    industry_division = models.CharField("行业大类", max_length=2, blank=True, default="")
    # NULL = not known (the organization has no size and the enterprise did not declare one)
    size_band = models.CharField(  # noqa: DJ001 — NULL means "not declared", distinct from any band
        "企业规模", max_length=16, choices=SizeBand.choices, null=True, blank=True
    )
    total_score = models.DecimalField("总分", max_digits=7, decimal_places=2, null=True, blank=True)
    level = models.PositiveSmallIntegerField("等级", null=True, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        pending = self.__dict__.pop("_pending_result", _UNSET)
        fields = kwargs.get("update_fields")
        if fields is not None and "result" in fields:
            kwargs["update_fields"] = [f for f in fields if f != "result"]
        super().save(*args, **kwargs)
        if pending is not _UNSET:
            self._store_trace(pending)

    def document(self) -> dict[str, object]:
        """The answer document the scoring module reads."""
        return {"answers": self.answers, "scenarios": self.scenarios, "evidence": self.evidence}

    # ---- the frozen result, stored apart (``AssessmentTrace`` / ``OnsiteRatingTrace``, 1:1) ----------
    # Lists never touch it: only the detail, the report, the PDF and the comparison read ``result``
    # (one query, or none after ``select_related("trace")``). Setting ``result`` (also as a
    # constructor argument) is written by the next ``save()``; ``"result"`` in ``update_fields`` is
    # accepted (and ignored: the pending result is always written).

    @property
    def result(self) -> dict[str, Any] | None:
        pending = self.__dict__.get("_pending_result", _UNSET)
        if pending is not _UNSET:
            return pending  # type: ignore[no-any-return]
        try:
            trace = self.trace  # type: ignore[attr-defined]
        except ObjectDoesNotExist:
            return None
        return trace.data  # type: ignore[no-any-return]

    @result.setter
    def result(self, value: dict[str, Any] | None) -> None:
        self.__dict__["_pending_result"] = value

    def _store_trace(self, data: dict[str, Any] | None) -> None:
        trace_model: type[models.Model] = self._meta.get_field("trace").related_model  # type: ignore[assignment]
        if data is None:
            trace_model._default_manager.filter(owner_id=self.pk).delete()
            self._meta.get_field("trace").set_cached_value(self, None)  # type: ignore[union-attr]
            return
        trace, _ = trace_model._default_manager.update_or_create(owner_id=self.pk, defaults={"data": data})
        self._meta.get_field("trace").set_cached_value(self, trace)  # type: ignore[union-attr]


class Assessment(_Questionnaire):
    """数字化水平自评测 — an enterprise's self-assessment against one indicator-set version."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.BooleanField("真实性承诺", default=False)
    commitment_at = models.DateTimeField("承诺时间", null=True, blank=True)
    commitment_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "数字化水平自评测"
        indexes = [
            models.Index(fields=["org", "status", "-submitted_at"], name="assess_org_status_sub"),
            # the government list: region scope + status, newest first (bounded count and page)
            models.Index(fields=["region", "status", "-id"], name="assess_region_status_id"),
        ]

    def __str__(self) -> str:
        return f"自评测 #{self.pk}"


class OnsiteRating(_Questionnaire):
    """现场评定 — a government officer's or assigned expert's rating of an enterprise on site."""

    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="onsite_ratings"
    )
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attachments = models.JSONField("佐证附件", default=list, blank=True)  # files.Attachment ids (text)
    remarks = models.TextField("评定意见", blank=True, default="")
    counts_for_acceptance = models.BooleanField("计入验收", default=True)

    objects = OnsiteRatingQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "现场评定"
        indexes = [models.Index(fields=["org", "status", "-submitted_at"], name="onsite_org_status_sub")]

    def __str__(self) -> str:
        return f"现场评定 #{self.pk}"


class AssessmentTrace(models.Model):
    """评测结果快照 — a self-assessment's frozen result with its full trace (1:1, read only on detail/report/PDF)."""

    owner = models.OneToOneField(Assessment, primary_key=True, on_delete=models.CASCADE, related_name="trace")
    data = models.JSONField("评测结果快照")

    class Meta:
        verbose_name = "自评测结果快照"

    def __str__(self) -> str:
        return f"自评测结果快照 #{self.pk}"


class OnsiteRatingTrace(models.Model):
    """现场评定结果快照 — an on-site rating's frozen result with its full trace (1:1)."""

    owner = models.OneToOneField(OnsiteRating, primary_key=True, on_delete=models.CASCADE, related_name="trace")
    data = models.JSONField("评定结果快照")

    class Meta:
        verbose_name = "现场评定结果快照"

    def __str__(self) -> str:
        return f"现场评定结果快照 #{self.pk}"


class ExpertAssignment(models.Model):
    """专家指派 — which expert may rate which enterprise on site, set by a city or county officer."""

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("说明", max_length=255, blank=True, default="")
    created_at = models.DateTimeField("指派时间", auto_now_add=True)

    objects = ExpertAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "专家指派"
        constraints = [models.UniqueConstraint(fields=["expert", "org"], name="assessment_expert_assignment_once")]

    def __str__(self) -> str:
        return f"专家指派 #{self.pk}"


class AnalysisEntry(models.Model):
    """综合分析条目 — one enterprise's current result: its on-site rating if any, else its latest self-assessment.

    Maintained by the submit services (one row per organization), so the analysis groups one
    table in SQL and never has to find "the latest per org" at read time.
    """

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    source = models.CharField("来源", max_length=8, choices=ResultSource.choices)
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    onsite_rating = models.ForeignKey(OnsiteRating, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    indicator_set = models.ForeignKey("assessment.IndicatorSet", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    industry_division = models.CharField("行业大类", max_length=2, blank=True, default="")
    size_band = models.CharField("企业规模", max_length=16, choices=SizeBand.choices, default=SizeBand.UNKNOWN)
    submitted_at = models.DateTimeField("提交时间")
    submitted_month = models.DateField("提交月份")  # first day of the month, Asia/Shanghai: the trend groups by it
    total_score = models.DecimalField("总分", max_digits=7, decimal_places=2)
    level = models.PositiveSmallIntegerField("等级")
    dimension_scores = models.JSONField("维度得分", default=dict)  # dimension id → score text

    objects = AnalysisEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = "综合分析条目"
        indexes = [
            models.Index(fields=["indicator_set", "submitted_at"], name="analysis_set_submitted"),
            models.Index(fields=["region", "level"], name="analysis_region_level"),
            models.Index(fields=["industry_division", "level"], name="analysis_division_level"),
            models.Index(fields=["size_band", "level"], name="analysis_size_level"),
            models.Index(fields=["submitted_at"], name="analysis_submitted"),
            models.Index(fields=["submitted_month", "level"], name="analysis_month_level"),
        ]

    def __str__(self) -> str:
        return f"综合分析条目 #{self.pk}"

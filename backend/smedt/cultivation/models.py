"""梯度培育: criteria versions and their settings, self-assessments, the cultivation library and its records."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from smedt.cultivation.querysets import (
    ActionQuerySet,
    LibraryEntryQuerySet,
    RecognitionQuerySet,
    SelfAssessmentQuerySet,
    TierStandingQuerySet,
)


class Tier(models.TextChoices):
    NONE = "none", "未入库"
    INNOVATIVE = "innovative", "创新型中小企业"
    SPECIALIZED = "specialized", "专精特新中小企业"
    LITTLE_GIANT = "little_giant", "专精特新“小巨人”企业"


class CriteriaSet(models.Model):
    """梯度培育认定标准版本 — one regime (63号 / 2号文) as imported from its data file; never edited."""

    version = models.CharField("版本", max_length=32, unique=True)
    name = models.CharField("名称", max_length=200)
    document_no = models.CharField("文号", max_length=64)
    effective_from = models.DateField("施行日期")
    definition = models.JSONField("标准定义")
    source_name = models.CharField("来源文件", max_length=255, blank=True, default="")
    source_digest = models.CharField("来源文件 SM3 摘要", max_length=64, unique=True)
    imported_at = models.DateTimeField("导入时间")

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "梯度培育认定标准"

    def __str__(self) -> str:
        return f"{self.name}（{self.document_no}）"


class CriteriaSetting(models.Model):
    """标准参数设置 — a province's or city's value for a configurable figure of a criteria version."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="settings")
    key = models.CharField("参数", max_length=64)
    value = models.JSONField("取值")
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "标准参数设置"
        constraints = [models.UniqueConstraint(fields=["criteria_set", "key"], name="cultivation_setting_unique")]

    def __str__(self) -> str:
        return self.key


class Trigger(models.TextChoices):
    MANUAL = "manual", "企业自评"
    FACTS_CHANGED = "facts_changed", "数据变更后重算"


class SelfAssessment(models.Model):
    """梯度培育自评 — one run of the self-assessment: the answers with their sources and the result."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    parameter_values = models.JSONField("所用参数", default=dict)
    answers = models.JSONField("填报数据")  # name -> {"value": …, "source": …}
    tese = models.JSONField("特色化指标选项", default=dict, blank=True)
    result = models.JSONField("评估结果")
    trigger = models.CharField("触发方式", max_length=16, choices=Trigger.choices, default=Trigger.MANUAL)
    as_of = models.DateField("评估日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "梯度培育自评"
        indexes = [models.Index(fields=["org", "-id"], name="cult_self_org")]

    def __str__(self) -> str:
        return f"梯度培育自评 #{self.pk}"


class TierStanding(models.Model):
    """梯队测算 — the latest result of one enterprise against one tier (the pipeline reads these rows)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    tier = models.CharField("梯度", max_length=16, choices=Tier.choices)
    self_assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    sub_industry = models.CharField("细分行业", max_length=64, blank=True, default="")
    status = models.CharField("结论", max_length=16)  # pass | fail | missing
    points = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True)
    pass_line = models.DecimalField("及格线", max_digits=7, decimal_places=2, null=True)
    points_gap = models.DecimalField("距及格线", max_digits=7, decimal_places=2, null=True)
    unmet = models.PositiveSmallIntegerField("未满足条件数", default=0)
    missing = models.PositiveSmallIntegerField("缺少数据项数", default=0)
    is_next = models.BooleanField("是否为下一梯度", default=False)
    gap_summary = models.CharField("差距摘要", max_length=500, blank=True, default="")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = TierStandingQuerySet.as_manager()

    class Meta:
        verbose_name = "梯队测算"
        constraints = [models.UniqueConstraint(fields=["org", "tier"], name="cultivation_standing_unique")]
        indexes = [models.Index(fields=["is_next", "tier", "points_gap"], name="cult_standing_next")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.tier}"


class RecognitionStatus(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "已过期"
    FAILED_REVIEW = "failed_review", "复核未通过"
    REMOVED = "removed", "已移出"


class Recognition(models.Model):
    """认定记录 — a tier granted to an enterprise, with its certificate, date and validity."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    tier = models.CharField("梯度", max_length=16, choices=Tier.choices)
    certificate_no = models.CharField("证书编号", max_length=64)
    recognized_on = models.DateField("认定日期")
    valid_until = models.DateField("有效期至")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="+")
    source = models.CharField("来源", max_length=32, default="city_record")
    note = models.CharField("备注", max_length=500, blank=True, default="")
    status = models.CharField("状态", max_length=16, choices=RecognitionStatus.choices, default=RecognitionStatus.VALID)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = ["-recognized_on", "-id"]
        verbose_name = "认定记录"
        constraints = [
            models.UniqueConstraint(fields=["tier", "certificate_no"], name="cultivation_certificate_unique")
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="cult_recog_valid")]

    def __str__(self) -> str:
        return f"{self.get_tier_display()} {self.certificate_no}"


class ReReview(models.Model):
    """复核记录 — the re-review of a recognition at expiry, passed (validity extended) or not."""

    recognition = models.ForeignKey(Recognition, on_delete=models.PROTECT, related_name="re_reviews")
    reviewed_on = models.DateField("复核日期")
    passed = models.BooleanField("是否通过")
    opinion = models.CharField("复核意见", max_length=500, blank=True, default="")
    valid_until_before = models.DateField("原有效期至")
    valid_until_after = models.DateField("复核后有效期至", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = "复核记录"

    def __str__(self) -> str:
        return f"复核 #{self.pk}"


class LibraryStatus(models.TextChoices):
    ACTIVE = "active", "在库"
    REMOVED = "removed", "已移出"


class LibraryEntry(models.Model):
    """培育库 — one row per enterprise: its current tier, since when, valid until, next 复核."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    sub_industry = models.CharField("细分行业", max_length=64, blank=True, default="")
    tier = models.CharField("当前梯度", max_length=16, choices=Tier.choices, default=Tier.NONE)
    tier_since = models.DateField("认定日期", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True)
    review_due = models.DateField("复核到期日", null=True, blank=True)
    certificate_no = models.CharField("证书编号", max_length=64, blank=True, default="")
    status = models.CharField("状态", max_length=16, choices=LibraryStatus.choices, default=LibraryStatus.ACTIVE)
    removed_reason = models.CharField("移出原因", max_length=500, blank=True, default="")
    removed_at = models.DateTimeField("移出时间", null=True, blank=True)
    entered_at = models.DateTimeField("入库时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = LibraryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "培育库"
        indexes = [
            models.Index(fields=["tier", "valid_until"], name="cult_lib_tier_valid"),
            models.Index(fields=["region", "tier"], name="cult_lib_region_tier"),
        ]

    def __str__(self) -> str:
        return f"培育库 {self.org_id}"


class ActionKind(models.TextChoices):
    VISIT = "visit", "走访"
    SERVICE = "service", "服务"
    POLICY = "policy", "政策推送"
    OTHER = "other", "其他"


class CultivationAction(models.Model):
    """培育服务记录 — a visit, a service or a policy pushed to an enterprise by a government officer."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=16, choices=ActionKind.choices)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("内容", blank=True, default="")
    happened_on = models.DateField("日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by_name = models.CharField("记录人", max_length=150, blank=True, default="")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = "培育服务记录"

    def __str__(self) -> str:
        return self.title

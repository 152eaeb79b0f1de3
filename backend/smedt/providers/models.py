"""服务商: selection batches and applications, the provider pool, products and solutions, ratings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from smedt.providers.querysets import (
    ComplaintQuerySet,
    PoolMemberQuerySet,
    ProductQuerySet,
    ProviderApplicationQuerySet,
    ProviderBatchQuerySet,
    RatingAppealQuerySet,
    RatingQuerySet,
)
from smedt.reviews.publicity import Objection


class ProviderBatch(models.Model):
    """服务商遴选批次 — opened by the city, with its configurable expert score sheet."""

    name = models.CharField("批次名称", max_length=128)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    sub_industries = models.JSONField("服务细分行业", default=list)
    deadline = models.DateTimeField("申报截止时间")
    publicity_days = models.PositiveSmallIntegerField("公示天数", default=5)
    score_items = models.JSONField("评分表", default=list)  # [{"key", "name", "max_score"}]
    min_experts = models.PositiveSmallIntegerField("专家人数", default=1)
    status = models.CharField("状态", max_length=16, default="open")  # open / closed
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ProviderBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "服务商遴选批次"

    def __str__(self) -> str:
        return self.name


class ProviderApplication(models.Model):
    """服务商入库申请 — qualifications, type, service 细分行业, past cases, staff, attachments."""

    batch = models.ForeignKey(ProviderBatch, on_delete=models.PROTECT, related_name="applications")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    provider_type = models.CharField("服务商类型", max_length=32)
    sub_industries = models.JSONField("服务细分行业", default=list)
    qualifications = models.TextField("资质情况", blank=True, default="")
    past_cases = models.JSONField("典型案例", default=list)  # [{"name", "customer", "year", "summary"}]
    staff_count = models.PositiveIntegerField("员工人数", default=0)
    tech_staff_count = models.PositiveIntegerField("技术人员人数", default=0)
    attachments = models.JSONField("附件", default=list)  # [attachment id]
    status = models.CharField("状态", max_length=16, default="draft", db_index=True)
    review = models.ForeignKey(
        "reviews.ReviewRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    publicity_ends_at = models.DateTimeField("公示结束", null=True, blank=True)
    decided_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = ProviderApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "服务商入库申请"
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "org"],
                condition=~Q(status__in=["rejected", "withdrawn"]),
                name="providers_one_live_application_per_batch",
            )
        ]

    def __str__(self) -> str:
        return f"入库申请 {self.pk}"


class ProviderExpertScore(models.Model):
    """专家评分 — one expert's marks on one provider application."""

    application = models.ForeignKey(ProviderApplication, on_delete=models.CASCADE, related_name="scores")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expert_name = models.CharField("专家", max_length=150, blank=True, default="")
    marks = models.JSONField("各项得分", default=dict)
    total = models.DecimalField("总分", max_digits=7, decimal_places=2)
    opinion = models.TextField("评审意见", blank=True, default="")
    created_at = models.DateTimeField("评分时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "服务商专家评分"
        constraints = [models.UniqueConstraint(fields=["application", "expert"], name="providers_one_score_per_expert")]

    def __str__(self) -> str:
        return f"{self.expert_name} {self.total}"


class PoolStatus(models.TextChoices):
    ACTIVE = "active", "在库"
    WARNED = "warned", "警告"
    DISABLED = "disabled", "已停用"
    EXITED = "exited", "已退出"


class ProviderPoolMember(models.Model):
    """服务商库成员 — a provider admitted to the pool; only active or warned ones may take projects."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.PROTECT, related_name="provider_pool")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        ProviderApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provider_type = models.CharField("服务商类型", max_length=32)
    sub_industries = models.JSONField("服务细分行业", default=list)
    status = models.CharField(
        "状态", max_length=16, choices=PoolStatus.choices, default=PoolStatus.ACTIVE, db_index=True
    )
    status_reason = models.CharField("状态说明", max_length=255, blank=True, default="")
    entered_at = models.DateTimeField("入库时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PoolMemberQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "服务商库成员"

    def __str__(self) -> str:
        return f"服务商 {self.org_id}"


class DeploymentMode(models.TextChoices):
    SAAS = "saas", "SaaS 云服务"
    PRIVATE = "private", "本地部署"
    HYBRID = "hybrid", "混合部署"
    EDGE = "edge", "边缘/设备端"


class Product(models.Model):
    """产品与解决方案 — 小快轻准 attributes, target 细分行业 and scenarios, prices; published after city review."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=128)
    kind = models.CharField("类别", max_length=16, default="product")  # product / solution
    summary = models.TextField("简介", blank=True, default="")
    xkqz = models.JSONField("小快轻准特征", default=dict)  # {"small", "fast", "light", "precise"}
    sub_industries = models.JSONField("适用细分行业", default=list)
    scenarios = models.JSONField("业务场景", default=list)  # scenario ids of the 2024 indicator set
    scenario_set = models.CharField("场景指标体系", max_length=64, default="2024-manufacturing")
    deployment_mode = models.CharField("部署方式", max_length=16, choices=DeploymentMode.choices)
    list_price = models.DecimalField("标准价格（元）", max_digits=14, decimal_places=2)
    pilot_discount_pct = models.DecimalField("试点企业优惠（%）", default=0, max_digits=5, decimal_places=2)
    subsidy_share_pct = models.DecimalField("可申请补贴比例（%）", default=0, max_digits=5, decimal_places=2)
    status = models.CharField("状态", max_length=16, default="draft", db_index=True)
    review = models.ForeignKey(
        "reviews.ReviewRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "产品与解决方案"

    def __str__(self) -> str:
        return self.name


class ProviderRating(models.Model):
    """服务商年度评级 — score components by dimension, weighted total and grade, with the scheme version."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    components = models.JSONField("各维度得分", default=dict)
    total = models.DecimalField("总分", max_digits=6, decimal_places=2)
    grade = models.CharField("等级", max_length=16)
    scheme_version = models.CharField("评级方案版本", max_length=32)
    scheme = models.ForeignKey(
        "providers.RatingScheme", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.JSONField("评分依据", default=dict)  # {dimension key: facts used, e.g. {"count": 3}}
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    note = models.TextField("说明", blank=True, default="")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("评定时间", auto_now_add=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = "服务商评级"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="providers_one_rating_per_year")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.year} {self.grade}"


class ProjectRating(models.Model):
    """项目评价 — a rating of a provider from one project (hook for the projects module)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    project_ref = models.CharField("项目", max_length=64)
    dimension = models.CharField("维度", max_length=32)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    note = models.TextField("说明", blank=True, default="")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "项目评价"
        constraints = [
            models.UniqueConstraint(fields=["org", "project_ref", "dimension"], name="providers_one_project_rating")
        ]

    def __str__(self) -> str:
        return f"{self.project_ref} {self.dimension}"


class RatingAppeal(models.Model):
    """评级申诉 — a provider contests its yearly rating; the city upholds (re-rates) or dismisses it."""

    rating = models.ForeignKey(ProviderRating, on_delete=models.CASCADE, related_name="appeals")
    reason = models.TextField("申诉理由")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("状态", max_length=16, default="open")  # open / upheld / dismissed
    resolution = models.TextField("处理意见", blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("申诉时间", auto_now_add=True)

    objects = RatingAppealQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "评级申诉"
        constraints = [
            models.UniqueConstraint(fields=["rating"], condition=Q(status="open"), name="providers_one_open_appeal")
        ]

    def __str__(self) -> str:
        return f"申诉 {self.pk}"


# --- scorecard (issue 5, rating) -------------------------------------------------------------------------------


class RatingScheme(models.Model):
    """评级方案 — a version of the dimensions, weights, sources and grade bands; one version is active."""

    version = models.CharField("版本", max_length=32, unique=True)
    dimensions = models.JSONField("评级维度", default=list)  # [{"key", "name", "weight", "source", "params"}]
    grades = models.JSONField("等级", default=list)  # [{"grade", "min"}], highest first
    is_active = models.BooleanField("启用", default=False)
    note = models.TextField("说明", blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "评级方案"
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="providers_one_active_scheme"
            )
        ]

    def __str__(self) -> str:
        return self.version


class RatingManualScore(models.Model):
    """评级手工评分 — the city's score of a provider on a manual dimension (主管部门与专家评价) for a year."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    dimension = models.CharField("维度", max_length=32)
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    note = models.TextField("说明", blank=True, default="")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "评级手工评分"
        constraints = [models.UniqueConstraint(fields=["org", "year", "dimension"], name="providers_one_manual_score")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.year} {self.dimension}"


class ComplaintStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    UPHELD = "upheld", "投诉成立"
    DISMISSED = "dismissed", "投诉不成立"


class ProviderComplaint(models.Model):
    """服务商投诉 — an enterprise complains about a provider; the city or the provider's county decides."""

    enterprise = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    project_id = models.PositiveIntegerField("相关项目", null=True, blank=True)  # projects.Project, by id
    project_title = models.CharField("项目名称", max_length=200, blank=True, default="")
    title = models.CharField("投诉事项", max_length=128)
    content = models.TextField("投诉内容")
    status = models.CharField(
        "状态", max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.PENDING, db_index=True
    )
    opinion = models.TextField("处理意见", blank=True, default="")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    created_at = models.DateTimeField("投诉时间", auto_now_add=True, db_index=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "服务商投诉"

    def __str__(self) -> str:
        return f"投诉 {self.pk}"


# --- publicity objections (issue 5, selection) -----------------------------------------------------------------


class ProviderObjection(Objection):
    """服务商公示异议 — filed by any signed-in user during publicity, handled by the city (rules in reviews.publicity)."""

    application = models.ForeignKey(ProviderApplication, on_delete=models.CASCADE, related_name="objections")

    class Meta:
        ordering = ["id"]
        verbose_name = "服务商公示异议"

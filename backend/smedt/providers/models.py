"""服务商: the provider pool (entered through a 服务商遴选 campaign of the application engine), products and solutions, ratings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from smedt.providers.querysets import (
    ComplaintQuerySet,
    PoolMemberQuerySet,
    ProductQuerySet,
    RatingAppealQuerySet,
    RatingQuerySet,
)


class PoolStatus(models.TextChoices):
    ACTIVE = "active", "在库"
    WARNED = "warned", "警告"
    DISABLED = "disabled", "已停用"
    EXITED = "exited", "已退出"


class ProviderPoolMember(models.Model):
    """服务商库成员 — a provider admitted to the pool; only active or warned ones may take projects."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.PROTECT, related_name="provider_pool")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    submission = models.ForeignKey(
        "applications.Submission", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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

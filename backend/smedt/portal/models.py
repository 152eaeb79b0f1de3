"""Portal content: announcements, typical cases, supply–demand needs and offers, the search index."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from smedt.portal import workflow
from smedt.portal.querysets import (
    AnnouncementQuerySet,
    CaseQuerySet,
    NeedQuerySet,
    OfferQuerySet,
)

STATUS_CHOICES = [(k, v) for k, v in workflow.STATUS_LABELS.items()]
OUTCOME_CHOICES = [(k, v) for k, v in workflow.OUTCOME_LABELS.items()]


class Announcement(models.Model):
    """公告资讯 — a policy, news item, supply–demand notice or scenario need published on the portal."""

    category = models.CharField("栏目", max_length=64, db_index=True)  # dictionary portal_category
    title = models.CharField("标题", max_length=200)
    summary = models.CharField("摘要", max_length=500, blank=True, default="")
    body = models.TextField("正文", blank=True, default="")  # sanitized HTML
    cover = models.ForeignKey("files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    attachments = models.ManyToManyField("files.Attachment", blank=True, related_name="+")
    source = models.CharField("来源", max_length=128, blank=True, default="")
    tags = models.JSONField("标签", default=list, blank=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=16, choices=STATUS_CHOICES, default=workflow.DRAFT, db_index=True)
    publish_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    pinned = models.BooleanField("置顶", default=False)
    view_count = models.PositiveIntegerField("浏览量", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = "公告资讯"
        indexes = [models.Index(fields=["status", "category", "-pinned", "-published_at"], name="portal_ann_public")]

    def __str__(self) -> str:
        return self.title


class TypicalCase(models.Model):
    """典型案例 — a structured account of one enterprise's digital transformation."""

    title = models.CharField("标题", max_length=200)
    summary = models.CharField("摘要", max_length=500, blank=True, default="")
    enterprise = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enterprise_name = models.CharField("企业名称", max_length=128)
    sub_industry = models.CharField("细分行业", max_length=64, blank=True, default="", db_index=True)
    scenario_codes = models.JSONField("解决的场景", default=list, blank=True)  # 2024 indicator set scenario ids
    provider_name = models.CharField("服务商", max_length=128, blank=True, default="")
    provider = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    product_name = models.CharField("产品/方案", max_length=200, blank=True, default="")
    investment = models.DecimalField("投入（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    level_before = models.PositiveSmallIntegerField("改造前等级", null=True, blank=True)
    level_after = models.PositiveSmallIntegerField("改造后等级", null=True, blank=True)
    efficiency = models.JSONField("成效指标", default=list, blank=True)  # [{name, before, after, unit}]
    story = models.TextField("案例正文", blank=True, default="")  # sanitized HTML
    cover = models.ForeignKey("files.Attachment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    images = models.ManyToManyField("files.Attachment", blank=True, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    source_project_id = models.PositiveBigIntegerField("来源改造项目", null=True, blank=True, unique=True)
    consent_person = models.CharField("企业同意人", max_length=64, blank=True, default="")
    consent_note = models.CharField("同意说明", max_length=500, blank=True, default="")
    consent_at = models.DateTimeField("同意时间", null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("状态", max_length=16, choices=STATUS_CHOICES, default=workflow.DRAFT, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True, db_index=True)
    view_count = models.PositiveIntegerField("浏览量", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "典型案例"

    def __str__(self) -> str:
        return self.title


class Need(models.Model):
    """供需需求 — a problem an enterprise wants solved, published after city review."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=200)
    problem = models.TextField("问题描述")
    scenario_code = models.CharField("场景", max_length=16, db_index=True)
    sub_industry = models.CharField("细分行业", max_length=64, blank=True, default="", db_index=True)
    budget_min = models.DecimalField("预算下限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    budget_max = models.DecimalField("预算上限（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    deadline = models.DateField("截止日期", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=STATUS_CHOICES, default=workflow.DRAFT, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    outcome = models.CharField("对接结果", max_length=16, choices=OUTCOME_CHOICES, blank=True, default="")
    outcome_note = models.CharField("结果说明", max_length=500, blank=True, default="")
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    view_count = models.PositiveIntegerField("浏览量", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        verbose_name = "供需需求"

    def __str__(self) -> str:
        return self.title


class Offer(models.Model):
    """供需供给 — a provider's offer (linked to one of its catalogue products), published after city review."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=200)
    description = models.TextField("供给说明")
    product_id = models.PositiveBigIntegerField("产品编号", null=True, blank=True)  # providers catalogue (issue 5)
    product_name = models.CharField("产品名称", max_length=200, blank=True, default="")
    scenario_codes = models.JSONField("适用场景", default=list, blank=True)
    sub_industries = models.JSONField("适用细分行业", default=list, blank=True)
    status = models.CharField("状态", max_length=16, choices=STATUS_CHOICES, default=workflow.DRAFT, db_index=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    view_count = models.PositiveIntegerField("浏览量", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = "供需供给"

    def __str__(self) -> str:
        return self.title


class NeedContact(models.Model):
    """对接联系 — a provider's expression of interest in a published need (sent as platform messages)."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="contacts")
    provider = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    message = models.TextField("留言")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "对接联系"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.provider_id} → {self.need_id}"


class SearchKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", "公告资讯"
    CASE = "case", "典型案例"
    NEED = "need", "供需需求"
    OFFER = "offer", "供需供给"
    PRODUCT = "product", "产品与解决方案"  # indexed by smedt.providers through index_external


class SearchDocument(models.Model):
    """搜索索引 — the segmented text of one public item, kept in step with it in the same transaction."""

    kind = models.CharField("类型", max_length=16, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField("对象")
    title = models.CharField("标题", max_length=200)
    text = models.TextField("正文文本", blank=True, default="")
    title_tokens = models.TextField("标题分词", blank=True, default="")
    tokens = models.TextField("正文分词", blank=True, default="")
    length = models.PositiveIntegerField("词数", default=0)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "搜索索引"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="portal_search_unique_object")]
        # newest first: the candidate order of both search paths
        indexes = [models.Index(fields=["-published_at", "-id"], name="portal_search_published")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"

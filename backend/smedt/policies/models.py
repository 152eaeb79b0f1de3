"""惠企政策: policies as structured data, their machine-checkable conditions, versions, match results
per enterprise, the indicator snapshot each enterprise is matched on, and targeted push campaigns."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from smedt.policies.querysets import PolicyMatchQuerySet, PolicyQuerySet, PushCampaignQuerySet, PushDeliveryQuerySet


class PolicyLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县（区）级"


class SupportType(models.TextChoices):
    SUBSIDY = "subsidy", "资金补助"
    AWARD = "award", "奖励"
    TAX = "tax", "税收优惠"
    LOAN_INTEREST = "loan_interest", "贷款贴息"
    QUALIFICATION = "qualification", "资质认定"
    OTHER = "other", "其他"


class Department(models.TextChoices):
    NDRC = "ndrc", "发展改革"
    FINANCE = "finance", "财政"
    SCIENCE = "science", "科技"
    MIIT = "miit", "工业和信息化"
    HRSS = "hrss", "人力资源和社会保障"
    TAX = "tax", "税务"
    COMMERCE = "commerce", "商务"
    MARKET = "market", "市场监管"
    FINANCIAL = "financial", "金融"
    OTHER = "other", "其他"


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Policy(models.Model):
    """惠企政策 — one policy document with its structured data; matching uses only confirmed conditions."""

    title = models.CharField("政策名称", max_length=200)
    issuer = models.CharField("发文机关", max_length=100)
    doc_number = models.CharField("文号", max_length=64, blank=True, default="")
    level = models.CharField("层级", max_length=16, choices=PolicyLevel.choices)
    department = models.CharField("主管部门", max_length=16, choices=Department.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField("发布日期", null=True, blank=True)
    window_start = models.DateField("申报开始", null=True, blank=True)
    window_end = models.DateField("申报截止", null=True, blank=True)
    expires_on = models.DateField("有效期至", null=True, blank=True)
    support_type = models.CharField("支持方式", max_length=16, choices=SupportType.choices)
    amount_max = models.DecimalField("最高支持金额（万元）", max_digits=16, decimal_places=2, null=True, blank=True)
    amount_text = models.CharField("支持标准", max_length=500, blank=True, default="")
    keywords = models.JSONField("关键词", default=list, blank=True)
    summary = models.CharField("摘要", max_length=1000, blank=True, default="")
    body = models.TextField("政策原文", blank=True, default="")
    attachments = models.ManyToManyField("files.Attachment", blank=True, related_name="+")
    status = models.CharField("状态", max_length=16, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT)
    version = models.PositiveIntegerField("版本", default=0)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "惠企政策"
        indexes = [
            models.Index(fields=["status", "window_end"], name="policy_status_window"),
            models.Index(fields=["status", "-published_at"], name="policy_status_pub"),
        ]

    def __str__(self) -> str:
        return self.title


class Operator(models.TextChoices):
    GTE = "gte", "不低于（≥，含本数）"
    GT = "gt", "高于（>，不含本数）"
    LTE = "lte", "不高于（≤，含本数）"
    LT = "lt", "低于（<，不含本数）"
    EQ = "eq", "等于"
    IN = "in", "属于"


class PolicyCondition(models.Model):
    """政策条件 — one machine-checkable condition (指标 运算符 阈值 单位); proposed by the extractor or
    entered by the editor; only confirmed conditions are used for matching."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="conditions")
    position = models.PositiveSmallIntegerField("序号", default=0)
    indicator = models.CharField("指标", max_length=32)
    operator = models.CharField("运算符", max_length=8, choices=Operator.choices)
    threshold = models.DecimalField("阈值", max_digits=18, decimal_places=4, null=True, blank=True)
    values = models.JSONField("取值集合", default=list, blank=True)
    unit = models.CharField("单位", max_length=8, blank=True, default="")
    source_sentence = models.CharField("原文依据", max_length=500, blank=True, default="")
    confirmed = models.BooleanField("已确认", default=False)
    proposed = models.BooleanField("抽取建议", default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "政策条件"

    def __str__(self) -> str:
        return f"{self.indicator} {self.operator}"


class PolicyVersion(models.Model):
    """政策版本 — what was published each time (fields and confirmed conditions), never edited."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本")
    snapshot = models.JSONField("内容")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = "政策版本"
        constraints = [models.UniqueConstraint(fields=["policy", "version"], name="policy_version_unique")]

    def __str__(self) -> str:
        return f"{self.policy_id} v{self.version}"


class EnterpriseSnapshot(models.Model):
    """企业匹配画像 — every indicator value of one enterprise, each with its source, read through the
    fact providers; matching and the threshold sandbox evaluate these rows."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    county = models.ForeignKey("regions.Region", null=True, on_delete=models.PROTECT, related_name="+")
    industry_section = models.CharField("行业门类", max_length=1, blank=True, default="")
    values = models.JSONField("指标值", default=dict)
    refreshed_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "企业匹配画像"

    def __str__(self) -> str:
        return f"snapshot {self.org_id}"


class MatchStatus(models.TextChoices):
    ELIGIBLE = "eligible", "符合"
    MISSING = "missing", "缺少数据"
    INELIGIBLE = "ineligible", "不符合"


class PolicyMatch(models.Model):
    """政策匹配结果 — one enterprise against one policy version, condition by condition: stored compact
    (`results`, one character per confirmed condition: y met / n unmet / ? missing); the explanation
    (wording, the enterprise's value and its source) is rendered on read by `selectors.explain_matches`
    from the version's conditions and the enterprise's snapshot."""

    # no single-column FK indexes: a match run rewrites up to 100,000 rows of a policy, and every index is
    # written per row. policy is the leading column of the unique (policy, org), org of (org, status); every
    # read of a region or county filters by policy (or org) first, and regions are practically never deleted
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="matches", db_index=False)
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", db_index=False)
    county = models.ForeignKey("regions.Region", null=True, on_delete=models.PROTECT, related_name="+", db_index=False)
    industry_section = models.CharField("行业门类", max_length=1, blank=True, default="")
    status = models.CharField("结果", max_length=16, choices=MatchStatus.choices)
    met = models.PositiveSmallIntegerField("满足条件数", default=0)
    total = models.PositiveSmallIntegerField("条件数", default=0)
    rank_score = models.DecimalField("排序分", max_digits=18, decimal_places=4, default=0)
    results = models.CharField("逐条结果", max_length=64, blank=True, default="")
    policy_version = models.PositiveIntegerField("政策版本", default=0)
    computed_at = models.DateTimeField("计算时间", auto_now=True)

    objects = PolicyMatchQuerySet.as_manager()
    _details: list[dict[str, Any]] | None = None  # set by `selectors.explain_matches`

    class Meta:
        ordering = ["-rank_score", "id"]
        verbose_name = "政策匹配结果"
        constraints = [models.UniqueConstraint(fields=["policy", "org"], name="policy_match_unique")]
        indexes = [
            models.Index(fields=["policy", "status"], name="policy_match_status"),
            models.Index(fields=["org", "status"], name="policy_match_org"),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id}/{self.org_id} {self.status}"

    @property
    def details(self) -> list[dict[str, Any]]:
        """The explanation condition by condition (rendered on read; lists render theirs in bulk)."""
        cached = getattr(self, "_details", None)
        if cached is None:
            from smedt.policies.selectors import explain_matches

            explain_matches([self])
            cached = self._details or []
        return cached


class RunStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "计算中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class MatchRun(models.Model):
    """匹配任务 — one background run of a policy version against every enterprise, with progress."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="runs")
    policy_version = models.PositiveIntegerField("政策版本")
    status = models.CharField("状态", max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField("企业数", default=0)
    done = models.PositiveIntegerField("已完成", default=0)
    eligible = models.PositiveIntegerField("符合", default=0)
    error = models.CharField("错误", max_length=500, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "匹配任务"

    def __str__(self) -> str:
        return f"run {self.pk} of {self.policy_id}"


class PushStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SENDING = "sending", "发送中"
    WAITING = "waiting", "免打扰时段后继续"
    DONE = "done", "已完成"


class PushCampaign(models.Model):
    """定向推送 — one policy pushed to selected matched enterprises by portal message and/or SMS."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField("推送标题", max_length=200)
    template = models.CharField("消息模板", max_length=500)
    channels = models.JSONField("渠道", default=list)
    audience = models.JSONField("推送对象条件", default=dict)
    status = models.CharField("状态", max_length=16, choices=PushStatus.choices, default=PushStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始发送", null=True, blank=True)
    finished_at = models.DateTimeField("发送完成", null=True, blank=True)
    # progress: deliveries in the campaign, and those no longer pending (sent, skipped, failed or deferred)
    total = models.PositiveIntegerField("推送条数", default=0)
    done = models.PositiveIntegerField("已处理", default=0)

    objects = PushCampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "定向推送"

    def __str__(self) -> str:
        return self.title


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    DEFERRED = "deferred", "免打扰时段顺延"
    SENT = "sent", "已发送"
    DELIVERED = "delivered", "已送达"
    FAILED = "failed", "发送失败"
    SKIPPED_OPTOUT = "skipped_optout", "已退订"
    SKIPPED_CAP = "skipped_cap", "超过频次上限"
    SKIPPED_NO_CONTACT = "skipped_no_contact", "无联系方式"
    SKIPPED_NO_CONSENT = "skipped_no_consent", "未同意接收推送短信"


class PushDelivery(models.Model):
    """推送记录 — one channel to one enterprise in one campaign; unique, so each send happens once."""

    campaign = models.ForeignKey(PushCampaign, on_delete=models.CASCADE, related_name="deliveries")
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField("渠道", max_length=8)
    status = models.CharField("状态", max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    provider_id = models.CharField("网关流水号", max_length=64, blank=True, default="")
    error = models.CharField("错误", max_length=300, blank=True, default="")
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    opened_at = models.DateTimeField("查看政策时间", null=True, blank=True)

    objects = PushDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = "推送记录"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "org", "channel"], name="policy_push_delivery_unique")
        ]
        indexes = [
            models.Index(fields=["org", "channel", "sent_at"], name="policy_push_org_sent"),
            models.Index(fields=["provider_id"], name="policy_push_provider_id"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.org_id}/{self.channel}"


class PushOptOut(models.Model):
    """退订 — an enterprise declines policy pushes on one channel."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField("渠道", max_length=8)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "推送退订"
        constraints = [models.UniqueConstraint(fields=["org", "channel"], name="policy_push_optout_unique")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.channel}"

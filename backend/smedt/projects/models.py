"""试点项目: diagnosis (咨询诊断) and transformation (数字化改造) projects, SM2-signed contracts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from smedt.projects.querysets import ProjectChildQuerySet, ProjectQuerySet


class ProjectKind(models.TextChoices):
    DIAGNOSIS = "diagnosis", "咨询诊断项目"
    TRANSFORMATION = "transformation", "数字化改造项目"


class OrgKeyPair(models.Model):
    """单位签名密钥 — an organization's SM2 key pair; the private key SM4-GCM encrypted under the master key."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    public_key = models.CharField("公钥", max_length=130)
    private_key_encrypted = models.BinaryField("加密私钥")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "单位签名密钥"

    def __str__(self) -> str:
        return f"SM2 {self.org_id}"


class Project(models.Model):
    """试点项目 — a diagnosis or transformation project between a pilot enterprise and a pool provider."""

    kind = models.CharField("项目类型", max_length=16, choices=ProjectKind.choices, db_index=True)
    title = models.CharField("项目名称", max_length=200)
    enterprise = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    provider = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    sub_industry = models.CharField("细分行业", max_length=64, blank=True, default="")
    requirement = models.TextField("需求说明", blank=True, default="")
    amount = models.DecimalField("合同金额（元）", max_digits=14, decimal_places=2)
    status = models.CharField("状态", max_length=24, db_index=True)
    status_note = models.CharField("状态说明", max_length=500, blank=True, default="")
    step_due_at = models.DateTimeField("本环节办理期限", null=True, blank=True)
    diagnosis = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey("files.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    before_assessment = models.ForeignKey(
        "assessment.Assessment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    after_assessment = models.ForeignKey(
        "assessment.Assessment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    after_onsite = models.ForeignKey(
        "assessment.OnsiteRating", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acceptance = models.JSONField("验收申请材料", default=dict, blank=True)  # effectiveness, data_integration, ...
    stated_benefit = models.DecimalField("预期年效益（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    io_ratio = models.DecimalField("投入产出比", max_digits=10, decimal_places=2, null=True, blank=True)
    prechecks = models.JSONField("自动预审结果", default=list, blank=True)
    filing_review = models.ForeignKey(
        "reviews.ReviewRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acceptance_review = models.ForeignKey(
        "reviews.ReviewRequest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    finished_at = models.DateTimeField("办结时间", null=True, blank=True)
    # 企业满意度评价 of the provider once the project is done / accepted (also sent to the provider rating)
    satisfaction_stars = models.PositiveSmallIntegerField("满意度（星）", null=True, blank=True)
    satisfaction_comment = models.CharField("评价内容", max_length=500, blank=True, default="")
    satisfaction_rated_at = models.DateTimeField("首次评价时间", null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "试点项目"

    def __str__(self) -> str:
        return self.title


class ProjectEvent(models.Model):
    """项目动态 — one entry of a project's timeline (every transition and document)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=32)
    from_status = models.CharField("原状态", max_length=24, blank=True, default="")
    to_status = models.CharField("新状态", max_length=24, blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("办理人", max_length=150, blank=True, default="")
    note = models.TextField("说明", blank=True, default="")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "项目动态"

    def __str__(self) -> str:
        return f"{self.project_id} {self.action}"


class Contract(models.Model):
    """电子合同 — the rendered PDF, its SM3 digest fixed at generation; frozen after the first signature."""

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="contract")
    number = models.CharField("合同编号", max_length=32, unique=True)
    pdf = models.BinaryField("合同文件")
    digest = models.CharField("SM3 摘要", max_length=64, db_index=True)
    size = models.PositiveIntegerField("大小")
    rendered_at = models.DateTimeField("生成时间")
    rendered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "电子合同"

    def __str__(self) -> str:
        return self.number


class ContractSignature(models.Model):
    """合同签名 — one party's SM2 signature (SM3 with Z, default ID) over the contract PDF bytes."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="signatures")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    party = models.CharField("签约方", max_length=16)  # enterprise / provider
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    signer_name = models.CharField("签署人", max_length=150)
    public_key = models.CharField("签名公钥", max_length=130)
    signature = models.CharField("签名值（r||s 十六进制）", max_length=128)
    signed_at = models.DateTimeField("签署时间")

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = "合同签名"
        constraints = [models.UniqueConstraint(fields=["contract", "org"], name="projects_one_signature_per_party")]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.party}"


class Milestone(models.Model):
    """实施里程碑 — a planned step of a transformation project with planned and actual dates."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField("名称", max_length=128)
    planned_date = models.DateField("计划完成日期")
    actual_date = models.DateField("实际完成日期", null=True, blank=True)

    class Meta:
        ordering = ["planned_date", "id"]
        verbose_name = "实施里程碑"

    def __str__(self) -> str:
        return self.name


class LogEntry(models.Model):
    """实施日志 — an implementation log entry by either party; a major change (重大变更) needs county approval."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="log_entries")
    org = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField("填报人", max_length=150, blank=True, default="")
    content = models.TextField("内容")
    attachments = models.ManyToManyField("files.Attachment", blank=True, related_name="+")
    is_major_change = models.BooleanField("重大变更", default=False)
    change_status = models.CharField("变更审批", max_length=16, blank=True, default="")  # pending/approved/rejected
    change_opinion = models.CharField("审批意见", max_length=500, blank=True, default="")
    created_at = models.DateTimeField("填报时间", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "实施日志"

    def __str__(self) -> str:
        return f"{self.project_id} {self.pk}"


class CostCategory(models.TextChoices):
    """费用类别 of an investment line (which ones a subsidy counts is the funds module's configuration)."""

    SOFTWARE = "software", "软件"
    CLOUD = "cloud", "云服务"
    DATA_GATEWAY = "data_gateway", "数据采集传输设备（网关、路由等）"
    HARDWARE = "hardware", "其他硬件设备"
    SERVICE = "service", "实施与咨询服务"
    OTHER = "other", "其他"


class InvestmentItem(models.Model):
    """投资明细 — one line of the investment list with its invoice and payment proof."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="investments")
    name = models.CharField("投资内容", max_length=200)
    cost_category = models.CharField("费用类别", max_length=16, choices=CostCategory.choices, blank=True, default="")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    invoice_no = models.CharField("发票号码", max_length=64, db_index=True)
    invoice_date = models.DateField("开票日期")
    payment_date = models.DateField("付款日期")
    invoice = models.ForeignKey("files.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    payment_proof = models.ForeignKey(
        "files.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "投资明细"

    def __str__(self) -> str:
        return self.name


class AcceptanceScore(models.Model):
    """验收专家评分 — one expert's marks on the acceptance score sheet in one review round (city step)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="expert_scores")
    round = models.PositiveSmallIntegerField("审核轮次")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expert_name = models.CharField("专家", max_length=150)
    items = models.JSONField("评分表快照")  # [{key, name, max_score}] as configured when scoring
    marks = models.JSONField("各项得分")  # {key: "12.50"}
    total = models.DecimalField("总分", max_digits=7, decimal_places=2)
    opinion = models.TextField("评审意见", blank=True, default="")
    created_at = models.DateTimeField("评分时间", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "验收专家评分"
        constraints = [
            models.UniqueConstraint(fields=["project", "round", "expert"], name="projects_one_score_per_expert_round")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} r{self.round} {self.expert_name}"


class FindingSeverity(models.TextChoices):
    """严重程度 of a diagnosis finding (ordered: high first)."""

    HIGH = "high", "高"
    MEDIUM = "medium", "中"
    LOW = "low", "低"


class DiagnosisFinding(models.Model):
    """诊断发现 — one finding of a diagnosis report: the digital-level scene (S01–S16) or a free problem title,
    the description, the severity and the suggested improvement; recorded by the provider, locked once the
    enterprise confirms the report."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="findings")
    position = models.PositiveSmallIntegerField("序号")
    scene = models.CharField("数字化水平场景", max_length=8, blank=True, default="", db_index=True)
    title = models.CharField("问题", max_length=100, blank=True, default="")
    description = models.TextField("问题描述")
    severity = models.CharField("严重程度", max_length=8, choices=FindingSeverity.choices)
    suggestion = models.TextField("改进建议")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["project_id", "position", "id"]
        verbose_name = "诊断发现"
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="projects_finding_position_once"),
            models.CheckConstraint(
                condition=~(models.Q(scene="") & models.Q(title="")), name="projects_finding_scene_or_title"
            ),
            models.CheckConstraint(
                condition=models.Q(severity__in=["high", "medium", "low"]), name="projects_finding_severity_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} #{self.position} {self.scene or self.title}"

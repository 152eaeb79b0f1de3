"""试点资金: fund sources, budget lines and commitments (balance rows) and the append-only ledger.

Balances live on rows guarded by CHECK constraints (committed ≤ allocated, disbursed ≤ committed, nothing
negative, a source never allocated beyond its amount, central money to other purposes never beyond its cap);
every movement is one immutable `LedgerEntry` whose signed deltas sum to those balances, chained with
HMAC-SM3 (`ledger.py`). Lock order in every service: source → line → commitment → ledger head.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from smedt.funds.querysets import (
    BudgetLineQuerySet,
    CommitmentQuerySet,
    FundSourceQuerySet,
    LedgerEntryQuerySet,
    SubsidyClaimQuerySet,
)


class SourceKind(models.TextChoices):
    CENTRAL = "central", "中央中小企业发展专项资金（数字化转型方向）"
    PROVINCIAL = "provincial", "省级配套资金"
    MUNICIPAL = "municipal", "市级配套资金"
    COUNTY = "county", "县（市、区）配套资金"


class EntryKind(models.TextChoices):
    ALLOCATE = "allocate", "下达"
    COMMIT = "commit", "承诺"
    DISBURSE = "disburse", "拨付"
    REVERSE = "reverse", "冲销"


class FundSource(models.Model):
    """资金来源 — one year's money of one level (central, provincial, municipal or a county's matching funds)."""

    kind = models.CharField("资金类别", max_length=16, choices=SourceKind.choices, db_index=True)
    name = models.CharField("资金名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    amount = models.DecimalField("资金总额（元）", max_digits=16, decimal_places=2)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    document_no = models.CharField("文号", max_length=100, blank=True, default="")
    # the central-money share rule as it stood when the source was set: other purposes may take at most this
    other_purpose_cap = models.DecimalField("非改造用途上限（元）", max_digits=16, decimal_places=2)
    allocated = models.DecimalField("已下达（元）", default=0, max_digits=16, decimal_places=2)
    other_allocated = models.DecimalField("非改造用途已下达（元）", default=0, max_digits=16, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = FundSourceQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = "资金来源"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funds_source_amount_positive"),
            models.CheckConstraint(condition=Q(allocated__gte=0), name="funds_source_allocated_nonneg"),
            models.CheckConstraint(condition=Q(allocated__lte=F("amount")), name="funds_source_allocated_le_amount"),
            models.CheckConstraint(condition=Q(other_allocated__gte=0), name="funds_source_other_nonneg"),
            models.CheckConstraint(
                condition=Q(other_allocated__lte=F("other_purpose_cap")), name="funds_source_other_le_cap"
            ),
            models.CheckConstraint(
                condition=Q(other_allocated__lte=F("allocated")), name="funds_source_other_le_allocated"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class BudgetLine(models.Model):
    """预算科目 — the part of a source set aside for one purpose (and one region); its balances are the
    sums of its ledger entries."""

    source = models.ForeignKey(FundSource, on_delete=models.PROTECT, related_name="lines")
    purpose = models.CharField("用途类别", max_length=32, db_index=True)
    name = models.CharField("科目名称", max_length=200)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    allocated = models.DecimalField("已下达（元）", default=0, max_digits=16, decimal_places=2)
    committed = models.DecimalField("已承诺（元）", default=0, max_digits=16, decimal_places=2)
    disbursed = models.DecimalField("已拨付（元）", default=0, max_digits=16, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = "预算科目"
        constraints = [
            models.CheckConstraint(condition=Q(allocated__gte=0), name="funds_line_allocated_nonneg"),
            models.CheckConstraint(condition=Q(committed__gte=0), name="funds_line_committed_nonneg"),
            models.CheckConstraint(condition=Q(disbursed__gte=0), name="funds_line_disbursed_nonneg"),
            models.CheckConstraint(condition=Q(committed__lte=F("allocated")), name="funds_line_committed_le_alloc"),
            models.CheckConstraint(condition=Q(disbursed__lte=F("committed")), name="funds_line_disbursed_le_commit"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class Commitment(models.Model):
    """资金承诺 — money of a budget line promised to one enterprise (optionally for one project)."""

    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="commitments")
    enterprise = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    committed = models.DecimalField("已承诺（元）", default=0, max_digits=16, decimal_places=2)
    disbursed = models.DecimalField("已拨付（元）", default=0, max_digits=16, decimal_places=2)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "资金承诺"
        constraints = [
            models.CheckConstraint(condition=Q(committed__gte=0), name="funds_commitment_committed_nonneg"),
            models.CheckConstraint(condition=Q(disbursed__gte=0), name="funds_commitment_disbursed_nonneg"),
            models.CheckConstraint(
                condition=Q(disbursed__lte=F("committed")), name="funds_commitment_disbursed_le_commit"
            ),
        ]

    def __str__(self) -> str:
        return f"承诺 {self.pk}"


class LedgerEntry(models.Model):
    """资金台账分录 — one immutable movement; a correction is a new `reverse` entry, never an edit."""

    created_at = models.DateTimeField("记账时间", db_index=True)
    kind = models.CharField("类型", max_length=16, choices=EntryKind.choices, db_index=True)
    source = models.ForeignKey(FundSource, on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="entries")
    commitment = models.ForeignKey(Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2)
    # signed effect on the three balances; the balances are exactly their sums
    allocated_delta = models.DecimalField(default=0, max_digits=16, decimal_places=2)
    committed_delta = models.DecimalField(default=0, max_digits=16, decimal_places=2)
    disbursed_delta = models.DecimalField(default=0, max_digits=16, decimal_places=2)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal", verbose_name="冲销的分录"
    )
    reason = models.CharField("冲销原因", max_length=500, blank=True, default="")
    reference = models.CharField("凭证号/文号", max_length=100, blank=True, default="")
    note = models.CharField("说明", max_length=500, blank=True, default="")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("经办人", max_length=150, blank=True, default="")
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, unique=True)

    objects = LedgerEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "资金台账分录"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funds_entry_amount_positive"),
        ]
        indexes = [
            models.Index(fields=["enterprise", "-id"], name="funds_entry_enterprise_idx"),
            models.Index(fields=["line", "-id"], name="funds_entry_line_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("ledger entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("ledger entries are append-only")


class LedgerHead(models.Model):
    """The last hash and count of the ledger chain, MAC-signed; locked while appending so the chain is linear."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, blank=True, default="")
    count = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"funds ledger head ({self.count})"


class SubsidyClaim(models.Model):
    """补贴申请 — the funds side of one subsidy submission (application engine): the amount computed at
    submission with its trace, the invoices it uses, and — once approved — the commitment it holds."""

    submission = models.OneToOneField(
        "applications.Submission", on_delete=models.PROTECT, related_name="subsidy_claim", verbose_name="申报书"
    )
    enterprise = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    eligible_investment = models.DecimalField("合格投资（元）", max_digits=16, decimal_places=2)
    amount = models.DecimalField("核定补贴（元）", max_digits=16, decimal_places=2)
    level = models.PositiveSmallIntegerField("改造后等级", null=True, blank=True)
    trace = models.JSONField("计算过程", default=list)
    lines = models.JSONField("发票明细", default=list)
    rules_version = models.CharField("规则版本", max_length=32, blank=True, default="")
    commitment = models.OneToOneField(
        Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="subsidy_claim"
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    objects = SubsidyClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "补贴申请"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="funds_claim_amount_nonneg"),
        ]

    def __str__(self) -> str:
        return f"补贴申请 {self.pk}"


class SubsidyInvoice(models.Model):
    """One invoice (investment line) used by a claim; the unique constraint makes each invoice count once."""

    claim = models.ForeignKey(SubsidyClaim, on_delete=models.CASCADE, related_name="invoices")
    investment = models.OneToOneField(
        "projects.InvestmentItem", on_delete=models.PROTECT, related_name="subsidy_use", verbose_name="投资明细"
    )
    invoice_no = models.CharField("发票号码", max_length=64, unique=True)
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["id"]
        verbose_name = "补贴所用发票"

    def __str__(self) -> str:
        return self.invoice_no


class SubsidyDisbursement(models.Model):
    """一批拨付 — one tranche paid on a claim, with the uploaded transfer voucher and its ledger entry."""

    claim = models.ForeignKey(SubsidyClaim, on_delete=models.PROTECT, related_name="disbursements")
    tranche = models.PositiveSmallIntegerField("批次")
    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="+")
    voucher = models.ForeignKey("files.Attachment", on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2)
    created_at = models.DateTimeField("拨付时间", auto_now_add=True)

    class Meta:
        ordering = ["tranche", "id"]
        verbose_name = "补贴拨付"
        constraints = [
            models.UniqueConstraint(fields=["claim", "tranche"], name="funds_one_disbursement_per_tranche"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} 第 {self.tranche} 批"

"""一企一档: the enterprise's basic data, its yearly figures, and where every fact came from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models

from smedt.enterprises.querysets import EnterpriseProfileQuerySet, YearFigureQuerySet
from smedt.gmcrypto.fields import EncryptedTextField


class FactSource(models.TextChoices):
    SELF_DECLARED = "self_declared", "企业自报"
    GOVERNMENT_IMPORT = "government_import", "政府导入"
    REVIEWER_CONFIRMED = "reviewer_confirmed", "审核确认"


class EnterpriseProfile(models.Model):
    """企业档案 — basic data of an enterprise beyond its Organization row (one-to-one)."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.PROTECT, related_name="enterprise_profile")
    registered_capital = models.DecimalField("注册资本（万元）", null=True, blank=True, max_digits=16, decimal_places=2)
    founded_on = models.DateField("成立日期", null=True, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=64, blank=True, default="")
    industry_code = models.CharField("国民经济行业（GB/T 4754 小类）", max_length=5, blank=True, default="")
    sub_industries = models.JSONField("试点细分行业", default=list, blank=True)
    contact_name = models.CharField("联系人", max_length=64, blank=True, default="")
    contact_phone = EncryptedTextField("联系电话", blank=True, default="")
    contact_email = models.CharField("电子邮箱", max_length=128, blank=True, default="")
    business_scope = models.TextField("主营业务", blank=True, default="")
    # 规模以上企业 as designated by the statistics bureau (None = not recorded); provenance in FactRecord
    above_scale = models.BooleanField("规上企业", null=True, blank=True)
    created_at = models.DateTimeField("建档时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EnterpriseProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "企业档案"

    def __str__(self) -> str:
        return f"档案：{self.org_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        fields = kwargs.get("update_fields")
        if fields is None or "sub_industries" in fields:
            sub_industry_links_sync([self.org_id])


class EnterpriseSubIndustry(models.Model):
    """企业试点细分行业 — one row per (enterprise, 细分行业) of ``EnterpriseProfile.sub_industries``, indexed, so
    a 细分行业's enterprises are an index range instead of a JSON scan of every profile. Rewritten from the
    profile on every save of that field (``sub_industry_links_sync``); bulk writers call the sync themselves."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="sub_industry_links")
    value = models.CharField("试点细分行业", max_length=32)

    class Meta:
        verbose_name = "企业试点细分行业"
        constraints = [models.UniqueConstraint(fields=["org", "value"], name="enterprises_one_sub_industry_link")]
        indexes = [models.Index(fields=["value", "org"], name="enterprises_sub_industry_org")]

    def __str__(self) -> str:
        return f"{self.org_id}:{self.value}"


def sub_industry_links_sync(org_ids: Iterable[int] | None = None) -> int:
    """Rewrite the 细分行业 links of the given enterprises (all when None) from their profiles; returns the rows."""
    profiles = EnterpriseProfile.objects.dangerously_unscoped()
    links = EnterpriseSubIndustry.objects.all()
    if org_ids is not None:
        ids = sorted(set(org_ids))
        profiles = profiles.filter(org_id__in=ids)
        links = links.filter(org_id__in=ids)
    rows = [
        EnterpriseSubIndustry(org_id=org_id, value=str(v))
        for org_id, values in profiles.order_by().values_list("org_id", "sub_industries")
        for v in sorted({str(v) for v in values or [] if isinstance(v, str) and v and len(v) <= 32})
    ]
    links.delete()
    EnterpriseSubIndustry.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


class EnterpriseYearFigure(models.Model):
    """企业年度数据 — one year's operating figures; the size class is computed and remembered with its version."""

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField("年度")
    operating_revenue = models.DecimalField("营业收入（万元）", null=True, blank=True, max_digits=16, decimal_places=2)
    rd_expense = models.DecimalField("研发费用（万元）", null=True, blank=True, max_digits=16, decimal_places=2)
    profit = models.DecimalField("利润总额（万元）", null=True, blank=True, max_digits=16, decimal_places=2)
    total_assets = models.DecimalField("资产总额（万元）", null=True, blank=True, max_digits=16, decimal_places=2)
    export_revenue = models.DecimalField("出口额（万元）", null=True, blank=True, max_digits=16, decimal_places=2)
    employees = models.PositiveIntegerField("从业人员（人）", null=True, blank=True)
    rd_staff = models.PositiveIntegerField("研发人员（人）", null=True, blank=True)
    invention_patents = models.PositiveIntegerField("发明专利（件）", null=True, blank=True)
    utility_patents = models.PositiveIntegerField("实用新型专利（件）", null=True, blank=True)
    design_patents = models.PositiveIntegerField("外观设计专利（件）", null=True, blank=True)
    software_copyrights = models.PositiveIntegerField("软件著作权（件）", null=True, blank=True)
    size_class = models.CharField("企业规模", max_length=8, blank=True, default="")
    size_sector = models.CharField("划型行业", max_length=32, blank=True, default="")
    size_version = models.CharField("划型标准版本", max_length=32, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = YearFigureQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = "企业年度数据"
        constraints = [models.UniqueConstraint(fields=["profile", "year"], name="enterprises_one_figure_per_year")]

    def __str__(self) -> str:
        return f"{self.profile_id} {self.year}"


class FactRecord(models.Model):
    """事实来源 — who said a field had a value, when, from which source, with which evidence (history kept)."""

    profile = models.ForeignKey(EnterpriseProfile, on_delete=models.CASCADE, related_name="facts")
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)  # None: basic data
    field = models.CharField("字段", max_length=64)
    value = models.TextField("取值", blank=True, default="")
    source = models.CharField("来源", max_length=24, choices=FactSource.choices)
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField("记录人", max_length=150, blank=True, default="")
    evidence = models.ForeignKey("files.Attachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_current = models.BooleanField("当前值", default=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "事实来源"
        indexes = [models.Index(fields=["profile", "year", "field", "is_current"], name="enterprises_fact_current")]

    def __str__(self) -> str:
        return f"{self.field}={self.value}"

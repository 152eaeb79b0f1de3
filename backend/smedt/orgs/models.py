"""Organizations: enterprises, digital service providers and government departments."""

from __future__ import annotations

from django.db import models

from smedt.core.dbcompat import NameContains
from smedt.gmcrypto.fields import EncryptedTextField
from smedt.orgs.querysets import OrganizationQuerySet


class OrgKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    PROVIDER = "provider", "服务商"
    GOVERNMENT = "government", "政府部门"


class OrgStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    ACTIVE = "active", "已认证"
    RETURNED = "returned", "退回修改"
    REJECTED = "rejected", "未通过"
    DISABLED = "disabled", "已停用"


class Organization(models.Model):
    """组织机构 — an enterprise, a provider or a government department, located in one region."""

    name = models.CharField("名称", max_length=128)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    kind = models.CharField("类型", max_length=16, choices=OrgKind.choices, db_index=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="organizations")
    status = models.CharField(
        "状态", max_length=16, choices=OrgStatus.choices, default=OrgStatus.PENDING, db_index=True
    )
    status_reason = models.CharField("状态说明", max_length=255, blank=True, default="")
    address = models.CharField("地址", max_length=255, blank=True, default="")
    industry_code = models.CharField("行业代码(GB/T 4754)", max_length=5, blank=True, default="")
    contact_name = models.CharField("联系人", max_length=64, blank=True, default="")
    contact_phone = EncryptedTextField("联系电话", blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "组织机构"

    def __str__(self) -> str:
        return self.name


# the name search (`orgs.selectors.org_name_q`): `icontains`, answered by the name gram index on PostgreSQL
Organization._meta.get_field("name").register_lookup(NameContains)

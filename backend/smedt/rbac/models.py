"""Roles, permission codes and scoped role assignments."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ScopeKind(models.TextChoices):
    GLOBAL = "global", "全局"
    REGION = "region", "行政区域"
    ORG = "org", "组织机构"


class Permission(models.Model):
    """权限码 — declared by each app in its permissions.py, synced into this table."""

    code = models.CharField("权限码", max_length=100, primary_key=True)
    name = models.CharField("名称", max_length=100)
    module = models.CharField("模块", max_length=50)

    class Meta:
        ordering = ["module", "code"]
        verbose_name = "权限"

    def __str__(self) -> str:
        return self.code


class Role(models.Model):
    """角色 — a named set of permission codes, granted to users with a scope."""

    code = models.CharField("角色编码", max_length=50, unique=True)
    name = models.CharField("角色名称", max_length=50)
    description = models.CharField("说明", max_length=255, blank=True, default="")
    scope_kind = models.CharField("范围类型", max_length=10, choices=ScopeKind.choices)
    builtin = models.BooleanField("内置", default=False)
    permissions = models.ManyToManyField(Permission, related_name="roles", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "角色"

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """角色授予 — a role given to a user over a region subtree, an organization, or everything."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    region = models.ForeignKey("regions.Region", null=True, blank=True, on_delete=models.PROTECT)
    org = models.ForeignKey("orgs.Organization", null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色授予"
        # one constraint per scope shape: portable to SQLite (no NULLS NOT DISTINCT there)
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(region__isnull=True, org__isnull=True),
                name="rbac_assignment_unique_global",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=models.Q(region__isnull=False),
                name="rbac_assignment_unique_region",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "org"],
                condition=models.Q(org__isnull=False),
                name="rbac_assignment_unique_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.role_id}"

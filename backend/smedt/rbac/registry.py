"""Collect permission codes from every app's permissions.py and the built-in roles; sync them."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from smedt.rbac.models import Permission, Role, ScopeKind


@dataclass(frozen=True)
class BuiltinRole:
    code: str
    name: str
    scope_kind: str
    description: str
    permissions: tuple[str, ...]


ADMIN_VIEW = (
    "regions.view_region",
    "orgs.view_org",
    "dicts.view_dict",
)

BUILTIN_ROLES: tuple[BuiltinRole, ...] = (
    BuiltinRole(
        "sys_admin",
        "系统管理员",
        ScopeKind.GLOBAL,
        "平台运维：用户、角色、字典、日志、后台任务",
        (
            "accounts.view_user",
            "accounts.manage_user",
            "accounts.export_user",
            "accounts.view_login_log",
            "accounts.export_login_log",
            "rbac.view_role",
            "rbac.manage_role",
            "regions.view_region",
            "regions.manage_region",
            "orgs.view_org",
            "orgs.manage_org",
            "orgs.export_org",
            "dicts.view_dict",
            "dicts.manage_dict",
            "audit.view_record",
            "audit.export_record",
            "taskqueue.view_task",
            "taskqueue.retry_task",
            "files.view_file",
            "assessment.view_indicator_set",
            "assessment.manage_indicator_set",
            "accounts.manage_session",
            "identity.view_provider",
            "identity.manage_provider",
            "identity.view_binding",
            "identity.manage_binding",
            "identity.view_sms_outbox",
        ),
    ),
    BuiltinRole(
        "city_admin",
        "市级管理员",
        ScopeKind.REGION,
        "市工信局：终审、试点库、服务商库、资金、内容、看板；管理本市范围内的账号与角色授予",
        (
            *ADMIN_VIEW,
            # accounts and role assignments within the city (county officer accounts, enterprise users);
            # system-level roles and role definitions stay with the operator (rbac.services.role_grantable)
            "accounts.view_user",
            "accounts.manage_user",
            "rbac.view_role",
            "orgs.manage_org",
            "orgs.export_org",
            "reviews.review_city",
            "files.view_file",
            "audit.view_record",
            "reviews.view_review",
            "assessment.view_indicator_set",
            "assessment.view_assessment",
            "assessment.rate_onsite",
            "assessment.view_analysis",
            "assessment.export_analysis",
        ),
    ),
    BuiltinRole(
        "county_officer",
        "县区审核员",
        ScopeKind.REGION,
        "县区工信局：辖区内事项初审，只能看到本辖区",
        (
            *ADMIN_VIEW,
            "orgs.export_org",
            "orgs.verify_org",
            "reviews.review_county",
            "files.view_file",
            "reviews.view_review",
            "assessment.view_indicator_set",
            "assessment.view_assessment",
            "assessment.rate_onsite",
            "assessment.view_analysis",
            "assessment.export_analysis",
        ),
    ),
    BuiltinRole(
        "enterprise_user",
        "企业用户",
        ScopeKind.ORG,
        "中小企业员工：评测、申报、项目、资金",
        (
            "orgs.view_org",
            "orgs.edit_own_org",
            "files.view_file",
            "reviews.view_review",
            "assessment.view_indicator_set",
            "assessment.fill_assessment",
            "assessment.view_assessment",
        ),
    ),
    BuiltinRole(
        "provider_user",
        "服务商用户",
        ScopeKind.ORG,
        "数字化服务商员工：入库申请、产品、项目",
        ("orgs.view_org", "orgs.edit_own_org", "files.view_file", "reviews.view_review"),
    ),
    BuiltinRole(
        "expert",
        "专家",
        ScopeKind.GLOBAL,
        "受邀专家：对分配的申请打分",
        ("reviews.score_assigned", "assessment.view_indicator_set", "assessment.rate_onsite"),
    ),
    BuiltinRole(
        "finance_officer",
        "财政审核员",
        ScopeKind.REGION,
        "市财政局：补贴申请的财政审核（可选的最后一步，SMEDT_FUNDS_FINANCE_REVIEW）；查看预算与资金台账",
        ("reviews.view_review", "reviews.review_finance", "files.view_file"),
    ),
)


def declared_role_defaults() -> dict[str, set[str]]:
    """Codes each app asks built-in roles to hold: `ROLE_DEFAULTS = {"city_admin": (...), ...}`
    in the app's permissions.py, so a domain module grants its own codes without editing rbac."""
    found: dict[str, set[str]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("smedt."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.permissions":
                continue
            raise
        for role_code, codes in getattr(module, "ROLE_DEFAULTS", {}).items():
            found.setdefault(role_code, set()).update(codes)
    return found


def declared_permissions() -> list[tuple[str, str, str]]:
    """(code, name, module) from every installed smedt app."""
    found: list[tuple[str, str, str]] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("smedt."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.permissions":
                continue
            raise
        for code, name in getattr(module, "PERMISSIONS", []):
            found.append((code, name, config.label))
    return found


@transaction.atomic
def sync_permissions_and_roles() -> None:
    """Idempotent: add new codes, refresh names, drop codes no app declares; create built-in roles.

    Built-in roles receive their default codes when missing; an administrator's additions stay.
    """
    declared = declared_permissions()
    codes = {code for code, _, _ in declared}
    for code, name, module in declared:
        Permission.objects.update_or_create(code=code, defaults={"name": name, "module": module})
    Permission.objects.exclude(code__in=codes).delete()
    extra = declared_role_defaults()
    for spec in BUILTIN_ROLES:
        role, _ = Role.objects.get_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "scope_kind": spec.scope_kind,
                "description": spec.description,
                "builtin": True,
            },
        )
        wanted = set(spec.permissions) | extra.get(spec.code, set())
        missing = [c for c in wanted if c in codes]
        role.permissions.add(*Permission.objects.filter(code__in=missing))

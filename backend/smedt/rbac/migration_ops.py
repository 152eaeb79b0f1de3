"""Helpers for data migrations of domain apps that retire permission codes (rbac knows no domain codes)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def replace_permission_codes(mapping: Mapping[str, str]) -> Callable[[Any, Any], None]:
    """A RunPython function: every role holding a retired code (built-in or made by an administrator) holds its
    replacement instead, then the retired codes are dropped, so role data stays consistent with what the code
    checks. Idempotent; a replacement row missing from the table is created (the next permission sync names it)."""

    def run(apps: Any, schema_editor: Any) -> None:
        Permission = apps.get_model("rbac", "Permission")
        Role = apps.get_model("rbac", "Role")
        for old, new in mapping.items():
            holders = list(Role.objects.filter(permissions__code=old).distinct())
            if holders:
                replacement, _ = Permission.objects.get_or_create(
                    code=new, defaults={"name": new, "module": new.split(".", 1)[0]}
                )
                for role in holders:
                    role.permissions.add(replacement)
        Permission.objects.filter(code__in=list(mapping)).delete()

    return run

from __future__ import annotations

from typing import TYPE_CHECKING

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.audit.models import AuditRecord  # noqa: F401


class AuditRecordQuerySet(ScopedQuerySet["AuditRecord"]):
    region_path_field = "region_path"
    org_field = "org_id"
    action_permissions = {"view": "audit.view_record", "export": "audit.export_record"}

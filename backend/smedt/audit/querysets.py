from __future__ import annotations

from typing import TYPE_CHECKING, Any

from smedt.rbac.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from smedt.audit.models import AuditRecord  # noqa: F401


class AuditRecordQuerySet(ScopedQuerySet["AuditRecord"]):
    region_path_field = "region_path"
    org_field = "org_id"
    action_permissions = {"view": "audit.view_record", "export": "audit.export_record"}

    # append-only: bulk changes through the ORM are refused as well as instance saves
    def update(self, **kwargs: Any) -> int:
        raise RuntimeError("audit records are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise RuntimeError("audit records are append-only")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise RuntimeError("audit records are append-only")
